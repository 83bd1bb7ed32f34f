package emulator

import "regexp"

// Conversational automation of a phone number: the welcome message switch,
// ice breakers ("prompts") and slash commands (§7 of the API notes).
//
// It is written with POST /{phone-number-id}/conversational_automation and
// read as the phone number's conversational_automation field, which embeds
// the id of the WhatsApp Business Bot that holds it; GET /{bot-id} reads the
// same settings. Writes are partial: a parameter that is not sent keeps its
// value, and an empty list clears prompts or commands.

// nodeBot is the WhatsApp Business Bot that carries a phone number's
// conversational automation.
const nodeBot nodeType = "WhatsAppBusinessBot"

// ConversationalAutomation is a phone number's conversational automation.
type ConversationalAutomation struct {
	EnableWelcomeMessage bool
	Prompts              []string
	Commands             []BotCommand
}

// BotCommand is one slash command.
type BotCommand struct {
	Name, Description string
}

// bot is the node behind a phone number's automation.
type bot struct {
	id, phoneID, wabaID string
	automation          *ConversationalAutomation
}

func (*bot) kind() nodeType             { return nodeBot }
func (b *bot) owningWABA() string       { return b.wabaID }
func (b *bot) settings() map[string]any { return automationView(b.automation) }

// Limits of the spec; Meta's guide mentions up to 4 ice breakers, so the
// prompt limit is an option (Options.MaxConversationalPrompts).
const (
	defaultMaxPrompts     = 3
	automationPromptMax   = 80
	automationCommandsMax = 30
	commandNameMax        = 30
	commandDescriptionMax = 256
)

var commandNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

var botFields = fieldSet{
	nodeType: nodeBot.graphName(),
	allowed:  []string{"id", "prompts", "commands", "enable_welcome_message"},
	defaults: []string{"prompts", "commands", "enable_welcome_message"},
}

// automationBot returns the bot of a phone number, creating it (with the
// automation switched off) on first use.
func (s *store) automationBot(p *phone) *bot {
	return attached(s, p.id, "conversational_automation", func() *bot {
		b := &bot{id: s.newID(), phoneID: p.id, wabaID: p.wabaID, automation: &ConversationalAutomation{}}
		s.nodes[b.id] = b
		return b
	})
}

// automationField is the phone number's derived conversational_automation
// field: the bot's settings and its id.
func automationField(c *call, id string) any {
	b := c.e.store.automationBot(c.e.store.nodes[id].(*phone))
	v := b.settings()
	v["id"] = b.id
	return v
}

func automationView(a *ConversationalAutomation) map[string]any {
	prompts := append([]string{}, a.Prompts...)
	commands := make([]map[string]string, 0, len(a.Commands))
	for _, cmd := range a.Commands {
		commands = append(commands, map[string]string{"command_name": cmd.Name, "command_description": cmd.Description})
	}
	return map[string]any{
		"enable_welcome_message": a.EnableWelcomeMessage,
		"prompts":                prompts,
		"commands":               commands,
	}
}

// GET /{bot-id}
func getBot(c *call) (any, *graphError) {
	fields, err := c.selectFields(botFields)
	if err != nil {
		return nil, err
	}
	b := c.node.(*bot)
	v := b.settings()
	v["id"] = b.id
	return project(v, fields), nil
}

// POST /{phone-number-id}/conversational_automation
func configureAutomation(c *call) (any, *graphError) {
	p := c.node.(*phone)
	// The refusals of this edge (an unverified number, duplicate command names) keep the spec's
	// 422 / 100 GraphMethodException examples: Meta documents no code for them. Checked: the
	// conversational components guide
	// (developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/conversational-components),
	// which states the limits but no errors; Meta's error codes page
	// (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes),
	// whose 133010 "Phone number Not Registered" is about registration, not the verification this
	// edge checks, and which has no entry for command names; and the Graph API reference, in
	// which no page for this edge was found.
	if p.codeVerificationStatus != "VERIFIED" {
		return nil, errUnprocessable("Phone number must be verified before configuring conversational automation")
	}
	next := *c.e.store.automationBot(p).automation

	welcome, present, err := c.params.boolean("enable_welcome_message")
	if err != nil {
		return nil, err
	}
	if present {
		next.EnableWelcomeMessage = welcome
	}
	prompts, present, err := c.stringList("prompts")
	if err != nil {
		return nil, err
	}
	if present {
		if gerr := c.validatePrompts(prompts); gerr != nil {
			return nil, gerr
		}
		next.Prompts = prompts
	}
	commands, present, err := c.commandList()
	if err != nil {
		return nil, err
	}
	if present {
		next.Commands = commands
	}
	*c.e.store.automationBot(p).automation = next
	return map[string]any{"success": true}, nil
}

func (c *call) validatePrompts(prompts []string) *graphError {
	maxPrompts := c.e.opts.MaxConversationalPrompts
	if maxPrompts <= 0 {
		maxPrompts = defaultMaxPrompts
	}
	if len(prompts) > maxPrompts {
		return errParam("Too many prompts provided. Maximum allowed is %d", maxPrompts)
	}
	for _, pr := range prompts {
		if chars(pr) == 0 {
			return errParam("Prompt text cannot be empty")
		}
		if chars(pr) > automationPromptMax {
			return errParam("Prompt text exceeds maximum length of %d characters", automationPromptMax)
		}
	}
	return nil
}

// commandList reads and validates the commands parameter.
func (c *call) commandList() ([]BotCommand, bool, *graphError) {
	v, present, err := c.params.structured("commands")
	if err != nil || !present {
		return nil, present, err
	}
	items, ok := v.([]any)
	if !ok {
		return nil, true, errParam("(#100) Param commands must be an array")
	}
	if len(items) > automationCommandsMax {
		return nil, true, errParam("Too many commands provided. Maximum allowed is %d", automationCommandsMax)
	}
	out := make([]BotCommand, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			return nil, true, errParam("(#100) Param commands must be an array of objects")
		}
		name, _ := toString(obj["command_name"])
		desc, hasDesc := toString(obj["command_description"])
		switch {
		case name == "":
			return nil, true, errRequiredParam("command_name")
		case !commandNamePattern.MatchString(name):
			return nil, true, errParam("Invalid command name format. Command names must contain only alphanumeric characters and underscores")
		case chars(name) > commandNameMax:
			return nil, true, errParam("Command name exceeds maximum length of %d characters", commandNameMax)
		case !hasDesc || desc == "":
			return nil, true, errRequiredParam("command_description")
		case chars(desc) > commandDescriptionMax:
			return nil, true, errParam("Command description exceeds maximum length of %d characters", commandDescriptionMax)
		}
		if seen[name] {
			return nil, true, errUnprocessable("Command names must be unique. Duplicate command name found: %s", name)
		}
		seen[name] = true
		out = append(out, BotCommand{Name: name, Description: desc})
	}
	return out, true, nil
}

// ConversationalAutomationOf returns a copy of the phone number's
// conversational automation.
func (e *Emulator) ConversationalAutomationOf(phoneID string) (ConversationalAutomation, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, err := e.settingsPhone(phoneID)
	if err != nil {
		return ConversationalAutomation{}, err
	}
	a := *e.store.automationBot(p).automation
	a.Prompts = append([]string(nil), a.Prompts...)
	a.Commands = append([]BotCommand(nil), a.Commands...)
	return a, nil
}

// EditConversationalAutomation changes a phone number's conversational
// automation out of band, as a person does in WhatsApp Manager. The edit is
// applied as given, without the API's validation.
func (e *Emulator) EditConversationalAutomation(phoneID string, edit func(*ConversationalAutomation)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, err := e.settingsPhone(phoneID)
	if err != nil {
		return err
	}
	edit(e.store.automationBot(p).automation)
	return nil
}
