package graph

import (
	"context"
	"net/http"
	"net/url"
)

// ConversationalAutomation is a phone number's welcome message switch, ice breakers (prompts)
// and slash commands.
type ConversationalAutomation struct {
	EnableWelcomeMessage bool         `json:"enable_welcome_message"`
	Prompts              []string     `json:"prompts"`
	Commands             []BotCommand `json:"commands"`
}

// BotCommand is one slash command: its name (without the slash) and the hint WhatsApp shows.
type BotCommand struct {
	Name        string `json:"command_name"`
	Description string `json:"command_description"`
}

// GetConversationalAutomation reads the conversational_automation field of a phone number.
// Absent lists read as empty.
func (c *Client) GetConversationalAutomation(ctx context.Context, phoneNumberID string) (*ConversationalAutomation, error) {
	return ConversationalAutomationRead(phoneNumberID).Get(ctx, c)
}

// ConversationalAutomationRead is the read of GetConversationalAutomation.
func ConversationalAutomationRead(phoneNumberID string) Read[*ConversationalAutomation] {
	req := getRequest(phoneNumberID, url.Values{"fields": {"conversational_automation"}})
	return objectRead(req, func(out *struct {
		ConversationalAutomation *ConversationalAutomation `json:"conversational_automation"`
	}) (*ConversationalAutomation, error) {
		a := out.ConversationalAutomation
		if a == nil {
			a = &ConversationalAutomation{}
		}
		if a.Prompts == nil {
			a.Prompts = []string{}
		}
		if a.Commands == nil {
			a.Commands = []BotCommand{}
		}
		return a, nil
	})
}

// SetConversationalAutomation replaces the automation: every field is sent, empty lists as [],
// which clears them. The call is idempotent.
func (c *Client) SetConversationalAutomation(ctx context.Context, phoneNumberID string, a ConversationalAutomation) error {
	if a.Prompts == nil {
		a.Prompts = []string{}
	}
	if a.Commands == nil {
		a.Commands = []BotCommand{}
	}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/conversational_automation", Body: a, Idempotent: true}, nil)
}
