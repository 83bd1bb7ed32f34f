// Package provider implements the whatsapp Terraform provider.
package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ provider.Provider                  = &whatsappProvider{}
	_ provider.ProviderWithListResources = &whatsappProvider{}
	_ provider.ProviderWithActions       = &whatsappProvider{}
)

type whatsappProvider struct {
	version string
	// quota is Meta's quota as this provider process knows it. Its owner is the constructor or
	// server factory that made the provider, which gives the same Quota to every provider it
	// makes; every Configure (one per provider configuration, aliases included) hands it to its
	// Graph client, so all of them wait at the same gates and pace template creations together.
	// Nil gives each client a quota of its own.
	quota *graph.Quota
	// now is the clock used for version-expiry warnings; tests may replace it.
	now func() time.Time
	// linger is how long the read batcher holds a read for others to join its batch; 0 is
	// graph.DefaultLinger. Tests lengthen it to make batches certain.
	linger time.Duration
	// onConfigure, when set, is given what a successful Configure gives resources (the
	// protocol server's fast paths configure their resources with it).
	onConfigure func(resourceData any)
	// configured is what the latest successful Configure gave resources, and versionNoticed
	// whether the served-version notice was given (graph_version_notice.go).
	configured     atomic.Pointer[providerData]
	versionNoticed atomic.Bool
}

type providerModel struct {
	AccessToken        types.String `tfsdk:"access_token"`
	AppSecret          types.String `tfsdk:"app_secret"`
	AppID              types.String `tfsdk:"app_id"`
	BusinessAccountID  types.String `tfsdk:"business_account_id"`
	APIVersion         types.String `tfsdk:"api_version"`
	BaseURL            types.String `tfsdk:"base_url"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
	RetryMinWait       types.String `tfsdk:"retry_min_wait"`
	RetryMaxWait       types.String `tfsdk:"retry_max_wait"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	ReviewPollInterval types.String `tfsdk:"review_poll_interval"`
	MaxQuotaPercent    types.Int64  `tfsdk:"max_quota_percent"`
	RefreshReadAhead   types.Bool   `tfsdk:"refresh_read_ahead"`
}

// Environment variables read when an attribute is not set in configuration.
const (
	envAccessToken       = "WHATSAPP_ACCESS_TOKEN"
	envAppSecret         = "WHATSAPP_APP_SECRET"
	envAppID             = "WHATSAPP_APP_ID"
	envBusinessAccountID = "WHATSAPP_BUSINESS_ACCOUNT_ID"
	envAPIVersion        = "WHATSAPP_API_VERSION"
	envBaseURL           = "WHATSAPP_BASE_URL"
	envMaxQuotaPercent   = "WHATSAPP_MAX_QUOTA_PERCENT"
	envRefreshReadAhead  = "WHATSAPP_REFRESH_READ_AHEAD"
)

// versionWarningWindow is how close to its retirement a pinned Graph version draws a warning.
const versionWarningWindow = 90 * 24 * time.Hour

func (p *whatsappProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = typeName
	resp.Version = p.version
}

func (p *whatsappProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	duration := stringvalidator.RegexMatches(regexp.MustCompile(`^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`), `must be a Go duration such as "500ms", "10s" or "2m"`)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage the WhatsApp Business Platform (Meta's Cloud API and WhatsApp Business Management API) through the Graph API: message templates, and the accounts and numbers they belong to.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "System-user access token with the `whatsapp_business_management` permission. Sent only in the `Authorization` header. Can be set with `" + envAccessToken + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"app_secret": schema.StringAttribute{
				MarkdownDescription: "App secret of the Meta app that owns the token. When set, every call carries `appsecret_proof` (required when the app enables *Require App Secret*). Can be set with `" + envAppSecret + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "Id of the Meta app that owns the token. With `app_secret` it forms the app access token (`app_id|app_secret`) that app-level settings such as `whatsapp_app_webhook` require; the token is derived, never configured, and masked in logs. Can be set with `" + envAppID + "`.",
				Optional:            true,
				Validators:          []validator.String{numericID},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "Default WhatsApp Business Account (WABA) id for resources and data sources that do not set one. Can be set with `" + envBusinessAccountID + "`.",
				Optional:            true,
				Validators:          []validator.String{numericID},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "Graph API version every call is pinned to, such as `" + graph.DefaultAPIVersion + "` (the default). The provider warns when the version is unknown to it or retires within 90 days. Can be set with `" + envAPIVersion + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^v[0-9]+\.[0-9]+$`), `must look like "v23.0" (pattern ^v[0-9]+\.[0-9]+$)`)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Graph API endpoint, default `" + graph.DefaultBaseURL + "`. Point it at the bundled emulator for offline work. Can be set with `" + envBaseURL + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^https?://[^/]+`), "must be an absolute http:// or https:// URL")},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a call is repeated after a rate limit or, for calls that are safe to repeat, a transient failure. Default 5.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"retry_min_wait": schema.StringAttribute{
				MarkdownDescription: "First backoff between retries, as a duration. Default `1s`. Rate limits wait at least as long as Meta's `estimated_time_to_regain_access`.",
				Optional:            true,
				Validators:          []validator.String{duration},
			},
			"retry_max_wait": schema.StringAttribute{
				MarkdownDescription: "Longest backoff between retries, as a duration. Default `30s`.",
				Optional:            true,
				Validators:          []validator.String{duration},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit of a single HTTP call, as a duration. Default `60s`.",
				Optional:            true,
				Validators:          []validator.String{duration},
			},
			"max_quota_percent": schema.Int64Attribute{
				MarkdownDescription: "Largest share, in percent (1–100), of a WhatsApp Business Account's business-use-case quota the provider may use, as Meta reports it in the `X-Business-Use-Case-Usage` header. Once a response shows the account at or above it, the provider pauses calls to that account until the usage should be back under it, leaving the rest of the hourly quota to live message traffic. Unset means no cap (Meta's own limits still apply). Can be set with `" + envMaxQuotaPercent + "`. See the *Rate limits and the quota cap* guide.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 100)},
			},
			"refresh_read_ahead": schema.BoolAttribute{
				MarkdownDescription: "Whether a refresh reads the settings of phone numbers ahead, in batches. Default `true`. Once a command has read one kind of per-number object (business profile, conversational automation, commerce settings, webhook override, business public key, QR codes) for " + strconv.Itoa(readAheadAfter) + " numbers, it reads that kind for every other number of their WhatsApp Business Accounts in Graph batch requests of 50, so that refreshing many numbers takes a few calls instead of one per object. " +
					"Each request in a batch counts against Meta's rate limits and business-use-case quota as a call of its own, so read-ahead spends quota on the numbers that have no such resource in the configuration. `false` reads only what Terraform asks for (still in batches when Terraform asks for several at once). Can be set with `" + envRefreshReadAhead + "` (`true` or `false`). See the *Performance* section of the provider's documentation.",
				Optional: true,
			},
			"review_poll_interval": schema.StringAttribute{
				MarkdownDescription: "How often a template's review status is checked while apply waits for it, as a duration. Default `10s`.",
				Optional:            true,
				Validators:          []validator.String{duration},
			},
		},
	}
}

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	client             *graph.Client
	businessAccountID  string
	reviewPollInterval time.Duration
	// appID and appSecret identify the token's app; together they form the app access token.
	appID, appSecret string
	// apiVersion is the Graph version every call is pinned to.
	apiVersion string
	// refreshReadAhead is refresh_read_ahead: whether reads of per-number objects read the
	// other numbers' ahead (readBatcher).
	refreshReadAhead bool
	// linger is the read batcher's linger window (0: graph.DefaultLinger).
	linger time.Duration
	// areas holds each area's own state for this configuration (see areaState).
	areas areaStates
}

func (p *whatsappProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	token := stringOrEnv(cfg.AccessToken, envAccessToken)
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("access_token"), "Missing WhatsApp access token",
			"The provider needs a system-user access token with the whatsapp_business_management permission. Set access_token in the provider block or the "+envAccessToken+" environment variable.")
		return
	}
	version := stringOrEnv(cfg.APIVersion, envAPIVersion)
	if version == "" {
		version = graph.DefaultAPIVersion
	}
	if !graph.ValidVersion(version) {
		resp.Diagnostics.AddAttributeError(path.Root("api_version"), "Invalid Graph API version",
			fmt.Sprintf("api_version (or %s) is %q; it must look like \"v23.0\" (pattern ^v[0-9]+\\.[0-9]+$).", envAPIVersion, version))
		return
	}
	p.warnAboutVersion(version, &resp.Diagnostics)

	gc := graph.Config{
		BaseURL:     stringOrEnv(cfg.BaseURL, envBaseURL),
		APIVersion:  version,
		AccessToken: token,
		AppSecret:   stringOrEnv(cfg.AppSecret, envAppSecret),
		UserAgent:   userAgent(p.version, req.TerraformVersion),
		MaxRetries:  5,
		Quota:       p.quota,
	}
	if !cfg.MaxRetries.IsNull() && !cfg.MaxRetries.IsUnknown() {
		gc.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	quotaCap, ok := maxQuotaPercent(cfg.MaxQuotaPercent, &resp.Diagnostics)
	if !ok {
		return
	}
	gc.MaxQuotaPercent = quotaCap
	readAhead, ok := refreshReadAhead(cfg.RefreshReadAhead, &resp.Diagnostics)
	if !ok {
		return
	}
	data := &providerData{refreshReadAhead: readAhead, linger: p.linger, apiVersion: version, businessAccountID: stringOrEnv(cfg.BusinessAccountID, envBusinessAccountID), reviewPollInterval: 10 * time.Second,
		appID: stringOrEnv(cfg.AppID, envAppID), appSecret: gc.AppSecret}
	if data.appID != "" && !graphIDPattern.MatchString(data.appID) {
		resp.Diagnostics.AddAttributeError(path.Root("app_id"), "Invalid app id", fmt.Sprintf("app_id (or %s) is %q; it must be the numeric id of the Meta app.", envAppID, data.appID))
		return
	}
	for attr, d := range map[string]struct {
		val types.String
		dst *time.Duration
	}{
		"retry_min_wait":       {cfg.RetryMinWait, &gc.RetryMinWait},
		"retry_max_wait":       {cfg.RetryMaxWait, &gc.RetryMaxWait},
		"request_timeout":      {cfg.RequestTimeout, &gc.RequestTimeout},
		"review_poll_interval": {cfg.ReviewPollInterval, &data.reviewPollInterval},
	} {
		if d.val.IsNull() || d.val.IsUnknown() {
			continue
		}
		v, err := time.ParseDuration(d.val.ValueString())
		if err != nil || v <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Invalid duration", fmt.Sprintf("%s must be a positive duration such as \"10s\", not %q.", attr, d.val.ValueString()))
			return
		}
		*d.dst = v
	}
	client, err := graph.New(gc)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the Graph API client", err.Error())
		return
	}
	data.client = client
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
	p.configured.Store(data)
	if p.onConfigure != nil {
		p.onConfigure(data)
	}
}

// warnAboutVersion warns when the pinned version is unknown, retired, or retires soon.
func (p *whatsappProvider) warnAboutVersion(version string, diags *diag.Diagnostics) {
	now := time.Now()
	if p.now != nil {
		now = p.now()
	}
	v, known := graph.LookupVersion(version)
	switch {
	case !known:
		diags.AddAttributeWarning(path.Root("api_version"), "Unknown Graph API version",
			fmt.Sprintf("This provider does not know Graph API %s. Calls are still pinned to it; Meta rejects versions that do not exist and serves retired ones with the oldest version still available. Known versions: %s.", version, knownVersions()))
	case !v.Expires.IsZero() && !now.Before(v.Expires):
		diags.AddAttributeWarning(path.Root("api_version"), "Graph API version retired",
			fmt.Sprintf("Graph API %s was retired on %s. Meta now serves these calls with the oldest version still available, whose behaviour may differ. Pin a current version such as %s.", version, v.Expires.Format(time.DateOnly), graph.DefaultAPIVersion))
	case !v.Expires.IsZero() && v.Expires.Sub(now) < versionWarningWindow:
		diags.AddAttributeWarning(path.Root("api_version"), "Graph API version retires soon",
			fmt.Sprintf("Graph API %s retires on %s (in %d days). Upgrade api_version before then; after it, Meta serves calls with a different version.", version, v.Expires.Format(time.DateOnly), int(v.Expires.Sub(now).Hours()/24)))
	}
}

func knownVersions() string {
	s := ""
	for i, v := range graph.Versions {
		if i > 0 {
			s += ", "
		}
		s += v.Name
	}
	return s
}

func (p *whatsappProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewMessageTemplateResource,
		NewBusinessAccountResource,
		NewAssignedUserResource,
		NewWebhookSubscriptionResource,
		NewAppWebhookResource,
		NewBusinessProfileResource,
		NewConversationalAutomationResource,
		NewQRCodeResource,
		NewCommerceSettingsResource,
		NewBusinessEncryptionResource,
		NewPhoneNumberSettingsResource,
		NewOfficialBusinessAccountResource,
		NewComplianceInfoResource,
		NewFlowResource,
		NewPhoneNumberResource,
		NewPhoneNumberWebhookResource,
		NewScheduleResource,
	}
}

// ListResources are the list resources `terraform query` uses to find existing objects.
func (p *whatsappProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewMessageTemplateList, NewPhoneNumberList, NewFlowList, NewQRCodeList, NewBusinessAccountList, NewAssignedUserList,
		NewBusinessProfileList, NewCommerceSettingsList, NewConversationalAutomationList, NewPhoneNumberWebhookList, NewWebhookSubscriptionList,
		NewScheduleList,
	}
}

// Actions are the one-off operations Terraform 1.14+ runs with -invoke or from action_trigger.
func (p *whatsappProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewSendTestTemplateAction,
		NewRequestVerificationCodeAction,
		NewMigrateTemplatesAction,
		NewMigrateFlowsAction,
	}
}

func (p *whatsappProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewMessageTemplateDataSource,
		NewMessageTemplatesDataSource,
		NewBusinessAccountDataSource,
		NewBusinessAccountsDataSource,
		NewWebhookSubscriptionsDataSource,
		NewQRCodesDataSource,
		NewFlowsDataSource,
		NewPhoneNumberDataSource,
		NewPhoneNumbersDataSource,
		NewActivitiesDataSource,
		NewAssignedAccountsDataSource,
		NewCreditLinesDataSource,
	}
}

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// maxQuotaPercent reads max_quota_percent, or WHATSAPP_MAX_QUOTA_PERCENT when it is not set;
// 0 means no cap.
func maxQuotaPercent(v types.Int64, diags *diag.Diagnostics) (int, bool) {
	if !v.IsNull() && !v.IsUnknown() {
		return int(v.ValueInt64()), true
	}
	raw := os.Getenv(envMaxQuotaPercent)
	if raw == "" {
		return 0, true
	}
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || n < 1 || n > 100 {
		diags.AddAttributeError(path.Root("max_quota_percent"), "Invalid quota cap",
			fmt.Sprintf("max_quota_percent (from %s) is %q; it must be a whole number of percent between 1 and 100.", envMaxQuotaPercent, raw))
		return 0, false
	}
	return n, true
}

// refreshReadAhead reads refresh_read_ahead, or WHATSAPP_REFRESH_READ_AHEAD when it is not set;
// unset means on.
func refreshReadAhead(v types.Bool, diags *diag.Diagnostics) (bool, bool) {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool(), true
	}
	raw := strings.TrimSpace(os.Getenv(envRefreshReadAhead))
	if raw == "" {
		return true, true
	}
	on, err := strconv.ParseBool(raw)
	if err != nil {
		diags.AddAttributeError(path.Root("refresh_read_ahead"), "Invalid read-ahead setting",
			fmt.Sprintf("refresh_read_ahead (from %s) is %q; it must be true or false.", envRefreshReadAhead, raw))
		return false, false
	}
	return on, true
}
