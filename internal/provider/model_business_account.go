package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// businessAccountModel is a WhatsApp Business Account (WABA) as the resource and both data
// sources hold it.
type businessAccountModel struct {
	ID                         types.String `tfsdk:"id"`
	Name                       types.String `tfsdk:"name"`
	TimezoneID                 types.String `tfsdk:"timezone_id"`
	Currency                   types.String `tfsdk:"currency"`
	Country                    types.String `tfsdk:"country"`
	MessageTemplateNamespace   types.String `tfsdk:"message_template_namespace"`
	AccountReviewStatus        types.String `tfsdk:"account_review_status"`
	BusinessVerificationStatus types.String `tfsdk:"business_verification_status"`
	OwnershipType              types.String `tfsdk:"ownership_type"`
	PrimaryBusinessLocation    types.String `tfsdk:"primary_business_location"`
	PurchaseOrderNumber        types.String `tfsdk:"purchase_order_number"`
	IsEnabledForInsights       types.Bool   `tfsdk:"is_enabled_for_insights"`
	OwnerBusiness              types.Object `tfsdk:"owner_business"`
	OnBehalfOfBusiness         types.Object `tfsdk:"on_behalf_of_business"`
	HealthStatus               types.Object `tfsdk:"health_status"`
}

type businessInfoModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
}

type healthStatusModel struct {
	CanSendMessage types.String        `tfsdk:"can_send_message"`
	Entities       []healthEntityModel `tfsdk:"entities"`
}

type healthEntityModel struct {
	EntityType     types.String       `tfsdk:"entity_type"`
	ID             types.String       `tfsdk:"id"`
	CanSendMessage types.String       `tfsdk:"can_send_message"`
	Errors         []healthErrorModel `tfsdk:"errors"`
}

type healthErrorModel struct {
	Code             types.Int64  `tfsdk:"code"`
	Description      types.String `tfsdk:"description"`
	PossibleSolution types.String `tfsdk:"possible_solution"`
}

var (
	businessInfoAttrTypes = map[string]attr.Type{"id": types.StringType, "name": types.StringType}
	healthErrorAttrTypes  = map[string]attr.Type{"code": types.Int64Type, "description": types.StringType, "possible_solution": types.StringType}
	healthEntityAttrTypes = map[string]attr.Type{
		"entity_type": types.StringType, "id": types.StringType, "can_send_message": types.StringType,
		"errors": types.ListType{ElemType: types.ObjectType{AttrTypes: healthErrorAttrTypes}},
	}
	healthStatusAttrTypes = map[string]attr.Type{
		"can_send_message": types.StringType,
		"entities":         types.ListType{ElemType: types.ObjectType{AttrTypes: healthEntityAttrTypes}},
	}
	businessAccountAttrTypes = map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "timezone_id": types.StringType,
		"currency": types.StringType, "country": types.StringType, "message_template_namespace": types.StringType,
		"account_review_status": types.StringType, "business_verification_status": types.StringType,
		"ownership_type": types.StringType, "primary_business_location": types.StringType,
		"purchase_order_number": types.StringType, "is_enabled_for_insights": types.BoolType,
		"owner_business":        types.ObjectType{AttrTypes: businessInfoAttrTypes},
		"on_behalf_of_business": types.ObjectType{AttrTypes: businessInfoAttrTypes},
		"health_status":         types.ObjectType{AttrTypes: healthStatusAttrTypes},
	}
)

// Descriptions shared by the resource and the data sources.
var wabaDescriptions = map[string]string{
	"name":                         "Display name of the WhatsApp Business Account in WhatsApp Manager.",
	"timezone_id":                  "Meta's numeric time zone id of the account, such as `1` (used for analytics and billing days).",
	"currency":                     "Currency the account is billed in (ISO 4217, such as `USD`).",
	"country":                      "Country of the account (ISO 3166-1 alpha-2, such as `US`).",
	"message_template_namespace":   "Namespace of the account's message templates, needed by on-premises clients when sending templates.",
	"account_review_status":        "Meta's review of the account: `APPROVED`, `PENDING`, `REJECTED` or `RESTRICTED`.",
	"business_verification_status": "Verification status of the owning business: `VERIFIED`, `UNVERIFIED`, `PENDING` or `REJECTED`.",
	"ownership_type":               "`SELF_OWNED` (your business owns it), `CLIENT_OWNED` (a client owns it and shares it with you) or `AGENCY_OWNED`.",
	"primary_business_location":    "Country of the business's primary location, when Meta reports it.",
	"purchase_order_number":        "Purchase order number on the account's invoices, when set.",
	"is_enabled_for_insights":      "Whether analytics (insights) are enabled for the account.",
	"owner_business":               "The business (portfolio) that owns the account.",
	"on_behalf_of_business":        "The business the account operates on behalf of.",
	"business.id":                  "Business id.",
	"business.name":                "Business name.",
	"health_status":                "Messaging health: whether messages can be sent through this account, and which entity limits or blocks them.",
	"health.can_send_message":      "`AVAILABLE`, `LIMITED` or `BLOCKED`: the worst status of the entities.",
	"health.entities":              "The entities involved in sending: the account (`WABA`), its business (`BUSINESS`) and the app (`APP`).",
	"entity.entity_type":           "`WABA`, `BUSINESS`, `APP`…",
	"entity.id":                    "Id of the entity.",
	"entity.can_send_message":      "`AVAILABLE`, `LIMITED` or `BLOCKED`.",
	"entity.errors":                "Why the entity is limited or blocked.",
	"error.code":                   "Meta's error code, such as `141010` (business not verified).",
	"error.description":            "What is wrong.",
	"error.possible_solution":      "What Meta suggests doing about it.",
}

// Validators of the fields the resource can change.
var (
	wabaNameValidators = []validator.String{
		stringvalidator.LengthBetween(1, 100),
		stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be blank"),
	}
	timezoneIDValidator = stringvalidator.RegexMatches(graphIDPattern, "must be Meta's numeric time zone id, such as \"1\"")
)

// businessAccountFromAPI converts a WABA read from Graph.
func businessAccountFromAPI(ctx context.Context, w *graph.WhatsAppBusinessAccount, diags *diag.Diagnostics) businessAccountModel {
	m := businessAccountModel{
		ID:                         types.StringValue(w.ID),
		Name:                       types.StringValue(w.Name),
		TimezoneID:                 stringOrNull(string(w.TimezoneID)),
		Currency:                   stringOrNull(w.Currency),
		Country:                    stringOrNull(w.Country),
		MessageTemplateNamespace:   stringOrNull(w.MessageTemplateNamespace),
		AccountReviewStatus:        stringOrNull(w.AccountReviewStatus),
		BusinessVerificationStatus: stringOrNull(w.BusinessVerificationStatus),
		OwnershipType:              stringOrNull(w.OwnershipType),
		PrimaryBusinessLocation:    stringOrNull(w.PrimaryBusinessLocation),
		PurchaseOrderNumber:        stringOrNull(w.PurchaseOrderNumber),
		IsEnabledForInsights:       types.BoolPointerValue(w.IsEnabledForInsights),
		OwnerBusiness:              businessInfoObject(ctx, w.OwnerBusinessInfo, diags),
		OnBehalfOfBusiness:         businessInfoObject(ctx, w.OnBehalfOfBusinessInfo, diags),
		HealthStatus:               types.ObjectNull(healthStatusAttrTypes),
	}
	if h := w.HealthStatus; h != nil {
		hm := healthStatusModel{CanSendMessage: stringOrNull(h.CanSendMessage), Entities: []healthEntityModel{}}
		for _, e := range h.Entities {
			em := healthEntityModel{EntityType: stringOrNull(e.EntityType), ID: stringOrNull(e.ID), CanSendMessage: stringOrNull(e.CanSendMessage), Errors: []healthErrorModel{}}
			for _, er := range e.Errors {
				em.Errors = append(em.Errors, healthErrorModel{Code: types.Int64Value(er.ErrorCode), Description: stringOrNull(er.ErrorDescription), PossibleSolution: stringOrNull(er.PossibleSolution)})
			}
			hm.Entities = append(hm.Entities, em)
		}
		obj, d := types.ObjectValueFrom(ctx, healthStatusAttrTypes, hm)
		diags.Append(d...)
		m.HealthStatus = obj
	}
	return m
}

func businessInfoObject(ctx context.Context, b *graph.BusinessInfo, diags *diag.Diagnostics) types.Object {
	if b == nil {
		return types.ObjectNull(businessInfoAttrTypes)
	}
	obj, d := types.ObjectValueFrom(ctx, businessInfoAttrTypes, businessInfoModel{ID: stringOrNull(b.ID), Name: stringOrNull(b.Name)})
	diags.Append(d...)
	return obj
}
