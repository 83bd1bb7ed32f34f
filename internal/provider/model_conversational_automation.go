package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// conversationalAutomationModel is the whatsapp_conversational_automation resource's state.
type conversationalAutomationModel struct {
	ID                   types.String `tfsdk:"id"`
	PhoneNumberID        types.String `tfsdk:"phone_number_id"`
	EnableWelcomeMessage types.Bool   `tfsdk:"enable_welcome_message"`
	Prompts              types.List   `tfsdk:"prompts"`
	Commands             types.List   `tfsdk:"commands"`
}

type botCommandModel struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

var botCommandObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name":        types.StringType,
	"description": types.StringType,
}}

// automation is what the model asks Meta to hold.
func (m *conversationalAutomationModel) automation(ctx context.Context) (graph.ConversationalAutomation, diag.Diagnostics) {
	var diags diag.Diagnostics
	a := graph.ConversationalAutomation{EnableWelcomeMessage: m.EnableWelcomeMessage.ValueBool(), Prompts: []string{}, Commands: []graph.BotCommand{}}
	diags.Append(m.Prompts.ElementsAs(ctx, &a.Prompts, false)...)
	var commands []botCommandModel
	diags.Append(m.Commands.ElementsAs(ctx, &commands, false)...)
	for _, c := range commands {
		a.Commands = append(a.Commands, graph.BotCommand{Name: c.Name.ValueString(), Description: c.Description.ValueString()})
	}
	return a, diags
}

// applyRemote sets the state from the automation Meta returns.
func (m *conversationalAutomationModel) applyRemote(a *graph.ConversationalAutomation) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = m.PhoneNumberID
	m.EnableWelcomeMessage = types.BoolValue(a.EnableWelcomeMessage)
	prompts := make([]attr.Value, 0, len(a.Prompts))
	for _, p := range a.Prompts {
		prompts = append(prompts, types.StringValue(p))
	}
	m.Prompts = types.ListValueMust(types.StringType, prompts)
	commands := make([]attr.Value, 0, len(a.Commands))
	for _, c := range a.Commands {
		obj, d := types.ObjectValue(botCommandObjectType.AttrTypes, map[string]attr.Value{
			"name":        types.StringValue(c.Name),
			"description": types.StringValue(c.Description),
		})
		diags.Append(d...)
		commands = append(commands, obj)
	}
	list, d := types.ListValue(botCommandObjectType, commands)
	diags.Append(d...)
	m.Commands = list
	return diags
}
