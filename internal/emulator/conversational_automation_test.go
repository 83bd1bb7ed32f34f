package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func (h *harness) automationPath() string {
	return "/v23.0/" + h.seed.PhoneNumberID + "/conversational_automation"
}

// automation reads the phone number's conversational_automation field.
func (h *harness) automation() map[string]any {
	h.t.Helper()
	r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID+"?fields=conversational_automation", nil))
	if r.str("id") != h.seed.PhoneNumberID {
		h.t.Fatalf("phone id missing: %s", r.raw)
	}
	ca, ok := r.body["conversational_automation"].(map[string]any)
	if !ok {
		h.t.Fatalf("no conversational_automation: %s", r.raw)
	}
	return ca
}

func TestConversationalAutomationConfigureAndRead(t *testing.T) {
	h := newHarness(t, Options{})
	ca := h.automation()
	botID, _ := ca["id"].(string)
	if botID == "" || ca["enable_welcome_message"] != false || len(ca["prompts"].([]any)) != 0 || len(ca["commands"].([]any)) != 0 {
		t.Fatalf("initial automation %v", ca)
	}
	h.mustOK(h.call(http.MethodPost, h.automationPath(), map[string]any{
		"enable_welcome_message": true,
		"prompts":                []string{"Track my order", "Talk to a person"},
		"commands": []map[string]string{
			{"command_name": "help", "command_description": "Get help with your order"},
			{"command_name": "status_2", "command_description": "Check your order status"},
		},
	}))
	ca = h.automation()
	if ca["id"] != botID || ca["enable_welcome_message"] != true {
		t.Fatalf("automation %v", ca)
	}
	if p := ca["prompts"].([]any); len(p) != 2 || p[1] != "Talk to a person" {
		t.Fatalf("prompts %v", p)
	}
	cmds := ca["commands"].([]any)
	if len(cmds) != 2 || cmds[1].(map[string]any)["command_name"] != "status_2" || cmds[0].(map[string]any)["command_description"] != "Get help with your order" {
		t.Fatalf("commands %v", cmds)
	}

	// Partial write: only what is sent changes; an empty list clears.
	h.mustOK(h.call(http.MethodPost, h.automationPath(), map[string]any{"prompts": []string{}}))
	ca = h.automation()
	if len(ca["prompts"].([]any)) != 0 || len(ca["commands"].([]any)) != 2 || ca["enable_welcome_message"] != true {
		t.Fatalf("after clearing prompts: %v", ca)
	}

	// The bot node reads the same settings.
	bot := h.mustOK(h.call(http.MethodGet, "/v23.0/"+botID, nil))
	if _, hasID := bot.body["id"]; !hasID || bot.body["enable_welcome_message"] != true || len(bot.body["commands"].([]any)) != 2 {
		t.Fatalf("bot %s", bot.raw)
	}

	// The spec's "disable_automation" example switches everything off.
	h.mustOK(h.call(http.MethodPost, h.automationPath(), map[string]any{"enable_welcome_message": false, "prompts": []string{}, "commands": []any{}}))
	ca = h.automation()
	if ca["enable_welcome_message"] != false || len(ca["commands"].([]any)) != 0 {
		t.Fatalf("after disabling: %v", ca)
	}
}

func TestConversationalAutomationValidation(t *testing.T) {
	h := newHarness(t, Options{})
	cmd := func(name, desc string) map[string]string {
		return map[string]string{"command_name": name, "command_description": desc}
	}
	many := make([]map[string]string, 31)
	for i := range many {
		many[i] = cmd(fmt.Sprintf("c%d", i), "d")
	}
	cases := map[string]struct {
		body   map[string]any
		status int
		msg    string
	}{
		"four prompts":        {map[string]any{"prompts": []string{"a", "b", "c", "d"}}, 400, "Too many prompts provided. Maximum allowed is 3"},
		"long prompt":         {map[string]any{"prompts": []string{strings.Repeat("p", 81)}}, 400, "Prompt text exceeds maximum length of 80 characters"},
		"empty prompt":        {map[string]any{"prompts": []string{""}}, 400, "Prompt text cannot be empty"},
		"31 commands":         {map[string]any{"commands": many}, 400, "Maximum allowed is 30"},
		"command name":        {map[string]any{"commands": []any{cmd("get-help", "Help")}}, 400, "Invalid command name format"},
		"long command name":   {map[string]any{"commands": []any{cmd(strings.Repeat("c", 31), "Help")}}, 400, "Command name exceeds maximum length of 30"},
		"missing description": {map[string]any{"commands": []any{map[string]string{"command_name": "help"}}}, 400, "command_description is required"},
		"long description":    {map[string]any{"commands": []any{cmd("help", strings.Repeat("d", 257))}}, 400, "Command description exceeds maximum length of 256"},
		"duplicate":           {map[string]any{"commands": []any{cmd("help", "a"), cmd("help", "b")}}, 422, "Duplicate command name found: help"},
		"welcome not bool":    {map[string]any{"enable_welcome_message": "sometimes"}, 400, "must be a boolean"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.call(http.MethodPost, h.automationPath(), tc.body)
			h.wantError(r, tc.status, 100, 0)
			if msg, _ := r.errorField("message").(string); !strings.Contains(msg, tc.msg) {
				t.Fatalf("message %q, want it to contain %q", msg, tc.msg)
			}
			if tc.status == 422 && r.errorField("type") != "GraphMethodException" {
				t.Fatalf("422 errors are GraphMethodException: %s", r.raw)
			}
		})
	}
	// Limits are inclusive and count characters.
	h.mustOK(h.call(http.MethodPost, h.automationPath(), map[string]any{
		"prompts":  []string{strings.Repeat("ü", 80), "b", "c"},
		"commands": many[:30],
	}))
	if ca := h.automation(); len(ca["commands"].([]any)) != 30 {
		t.Fatalf("30 commands not stored: %v", ca)
	}
}

func TestConversationalAutomationPromptLimitOption(t *testing.T) {
	h := newHarness(t, Options{MaxConversationalPrompts: 4})
	h.mustOK(h.call(http.MethodPost, h.automationPath(), map[string]any{"prompts": []string{"a", "b", "c", "d"}}))
	r := h.call(http.MethodPost, h.automationPath(), map[string]any{"prompts": []string{"a", "b", "c", "d", "e"}})
	h.wantError(r, http.StatusBadRequest, 100, 0)
}

func TestConversationalAutomationNeedsVerifiedNumber(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.mu.Lock()
	h.e.store.nodes[h.seed.PhoneNumberID].(*phone).codeVerificationStatus = "NOT_VERIFIED"
	h.e.mu.Unlock()
	r := h.call(http.MethodPost, h.automationPath(), map[string]any{"enable_welcome_message": true})
	h.wantError(r, http.StatusUnprocessableEntity, 100, 0)
}

func TestConversationalAutomationOutOfBandEdit(t *testing.T) {
	h := newHarness(t, Options{})
	if err := h.e.EditConversationalAutomation(h.seed.PhoneNumberID, func(a *ConversationalAutomation) {
		a.Commands = append(a.Commands, BotCommand{Name: "manager", Description: "Added in WhatsApp Manager"})
	}); err != nil {
		t.Fatal(err)
	}
	cmds := h.automation()["commands"].([]any)
	if len(cmds) != 1 || cmds[0].(map[string]any)["command_name"] != "manager" {
		t.Fatalf("commands %v", cmds)
	}
	got, err := h.e.ConversationalAutomationOf(h.seed.PhoneNumberID)
	if err != nil || len(got.Commands) != 1 {
		t.Fatalf("ConversationalAutomationOf: %+v %v", got, err)
	}
}
