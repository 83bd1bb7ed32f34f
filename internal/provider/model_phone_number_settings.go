package provider

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

type phoneSettingsModel struct {
	ID                   types.String `tfsdk:"id"`
	PhoneNumberID        types.String `tfsdk:"phone_number_id"`
	Calling              types.Object `tfsdk:"calling"`
	UserIdentityChange   types.Object `tfsdk:"user_identity_change"`
	PayloadEncryption    types.Object `tfsdk:"payload_encryption"`
	StorageConfiguration types.Object `tfsdk:"storage_configuration"`
	UnmodelledSettings   types.String `tfsdk:"unmodelled_settings"`
}

type callingModel struct {
	Status                   types.String `tfsdk:"status"`
	CallIconVisibility       types.String `tfsdk:"call_icon_visibility"`
	CallbackPermissionStatus types.String `tfsdk:"callback_permission_status"`
	SRTPKeyExchangeProtocol  types.String `tfsdk:"srtp_key_exchange_protocol"`
	CallIcons                types.Object `tfsdk:"call_icons"`
	CallHours                types.Object `tfsdk:"call_hours"`
	SIP                      types.Object `tfsdk:"sip"`
}

type callIconsModel struct {
	RestrictToUserCountries types.List `tfsdk:"restrict_to_user_countries"`
}

type callHoursModel struct {
	Status               types.String `tfsdk:"status"`
	TimezoneID           types.String `tfsdk:"timezone_id"`
	WeeklyOperatingHours types.List   `tfsdk:"weekly_operating_hours"`
	HolidaySchedule      types.List   `tfsdk:"holiday_schedule"`
}

type weeklyHoursModel struct {
	DayOfWeek types.String `tfsdk:"day_of_week"`
	OpenTime  types.String `tfsdk:"open_time"`
	CloseTime types.String `tfsdk:"close_time"`
}

type holidayModel struct {
	Date      types.String `tfsdk:"date"`
	StartTime types.String `tfsdk:"start_time"`
	EndTime   types.String `tfsdk:"end_time"`
}

type sipModel struct {
	Status  types.String `tfsdk:"status"`
	Servers types.List   `tfsdk:"servers"`
}

type sipServerModel struct {
	Hostname             types.String `tfsdk:"hostname"`
	Port                 types.Int64  `tfsdk:"port"`
	RequestURIUserParams types.Map    `tfsdk:"request_uri_user_params"`
	AppID                types.String `tfsdk:"app_id"`
}

type identityChangeModel struct {
	EnableIdentityKeyCheck types.Bool `tfsdk:"enable_identity_key_check"`
}

type payloadEncryptionModel struct {
	Status                         types.String `tfsdk:"status"`
	ClientEncryptionKey            types.String `tfsdk:"client_encryption_key"`
	ClientEncryptionKeyFingerprint types.String `tfsdk:"client_encryption_key_fingerprint"`
	CloudEncryptionKey             types.String `tfsdk:"cloud_encryption_key"`
}

type storageModel struct {
	Status                 types.String `tfsdk:"status"`
	DataLocalizationRegion types.String `tfsdk:"data_localization_region"`
}

// Paths of the nested attributes, and their types from the schema.
var (
	settingsSchema  = phoneNumberSettingsSchema()
	callingPath     = path.Root("calling")
	callIconsPath   = callingPath.AtName("call_icons")
	callHoursPath   = callingPath.AtName("call_hours")
	weeklyPath      = callHoursPath.AtName("weekly_operating_hours")
	holidaysPath    = callHoursPath.AtName("holiday_schedule")
	sipPath         = callingPath.AtName("sip")
	sipServersPath  = sipPath.AtName("servers")
	identityPath    = path.Root("user_identity_change")
	encryptionPath  = path.Root("payload_encryption")
	storagePath     = path.Root("storage_configuration")
	clientKeyPath   = encryptionPath.AtName("client_encryption_key")
	settingsObjects = map[string]types.ObjectType{}
)

// objectType is the object type of the attribute at p, or of the elements of the list there.
func objectType(p path.Path) types.ObjectType {
	key := p.String()
	if t, ok := settingsObjects[key]; ok {
		return t
	}
	t, _ := settingsSchema.TypeAtPath(context.Background(), p)
	if l, ok := t.(types.ListType); ok {
		t = l.ElemType
	}
	ot, _ := t.(types.ObjectType)
	settingsObjects[key] = ot
	return ot
}

func init() {
	// Fill the cache before any concurrent use.
	for _, p := range []path.Path{callingPath, callIconsPath, callHoursPath, weeklyPath, holidaysPath, sipPath, sipServersPath, identityPath, encryptionPath, storagePath} {
		objectType(p)
	}
}

// objectAs decodes a known object; nil when it is null or unknown.
func objectAs[T any](ctx context.Context, o types.Object, diags *diag.Diagnostics) *T {
	if o.IsNull() || o.IsUnknown() {
		return nil
	}
	var v T
	diags.Append(o.As(ctx, &v, basetypes.ObjectAsOptions{})...)
	return &v
}

// listAs decodes a known list; ok is false when it is unknown.
func listAs[T any](ctx context.Context, l types.List, diags *diag.Diagnostics) (items []T, ok bool) {
	if l.IsUnknown() {
		return nil, false
	}
	if l.IsNull() {
		return nil, true
	}
	diags.Append(l.ElementsAs(ctx, &items, false)...)
	return items, true
}

func settingsObject(ctx context.Context, p path.Path, v any, diags *diag.Diagnostics) types.Object {
	o, d := types.ObjectValueFrom(ctx, objectType(p).AttrTypes, v)
	diags.Append(d...)
	return o
}

func listOf(ctx context.Context, p path.Path, items any, diags *diag.Diagnostics) types.List {
	l, d := types.ListValueFrom(ctx, objectType(p), items)
	diags.Append(d...)
	return l
}

// knownString returns the value of a known, non-null string, else "".
func knownString(s types.String) string {
	if s.IsNull() || s.IsUnknown() {
		return ""
	}
	return s.ValueString()
}

// upper normalises Meta's enum values: the guides write them in uppercase, the reference in
// lowercase, and the SRTP protocols with or without "-SRTP".
func upper(s string) string {
	return strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(s)), "-SRTP")
}

// applyRemote copies Meta's settings into the model. The client key, which Meta does not
// return, is kept unless Meta's fingerprint is no longer fingerprint, the one recorded when
// Terraform set the key. The identity change check is kept unless Meta returns it.
func (m *phoneSettingsModel) applyRemote(ctx context.Context, s *graph.PhoneSettings, fingerprint string, diags *diag.Diagnostics) {
	m.ID = m.PhoneNumberID
	m.Calling = callingFromRemote(ctx, s.Calling, diags)

	switch {
	case s.UserIdentityChange != nil:
		m.UserIdentityChange = settingsObject(ctx, identityPath, identityChangeModel{EnableIdentityKeyCheck: types.BoolValue(s.UserIdentityChange.EnableIdentityKeyCheck)}, diags)
	case m.UserIdentityChange.IsUnknown():
		m.UserIdentityChange = types.ObjectNull(objectType(identityPath).AttrTypes)
	}

	clientKey := types.StringNull()
	if prior := objectAs[payloadEncryptionModel](ctx, m.PayloadEncryption, diags); prior != nil && !prior.ClientEncryptionKey.IsUnknown() {
		clientKey = prior.ClientEncryptionKey
	}
	if e := s.PayloadEncryption; e != nil {
		if fingerprint != "" && e.ClientEncryptionKeyFingerprint != fingerprint {
			clientKey = types.StringNull()
		}
		m.PayloadEncryption = settingsObject(ctx, encryptionPath, payloadEncryptionModel{
			Status: types.StringValue(upper(e.Status)), ClientEncryptionKey: clientKey,
			ClientEncryptionKeyFingerprint: stringOrNull(e.ClientEncryptionKeyFingerprint), CloudEncryptionKey: stringOrNull(e.CloudEncryptionKey),
		}, diags)
	} else {
		m.PayloadEncryption = types.ObjectNull(objectType(encryptionPath).AttrTypes)
	}

	if st := s.StorageConfiguration; st != nil {
		status := upper(st.Status)
		if status == graph.StorageInCountryOff {
			status = graph.StorageDefault
		}
		m.StorageConfiguration = settingsObject(ctx, storagePath, storageModel{Status: types.StringValue(status), DataLocalizationRegion: stringOrNull(st.DataLocalizationRegion)}, diags)
	} else {
		m.StorageConfiguration = types.ObjectNull(objectType(storagePath).AttrTypes)
	}
	m.UnmodelledSettings = unmodelledSettings(s.Raw)
}

func callingFromRemote(ctx context.Context, c *graph.CallingSettings, diags *diag.Diagnostics) types.Object {
	if c == nil {
		return types.ObjectNull(objectType(callingPath).AttrTypes)
	}
	out := callingModel{
		Status: stringOrNull(upper(c.Status)), CallIconVisibility: stringOrNull(upper(c.CallIconVisibility)),
		CallbackPermissionStatus: stringOrNull(upper(c.CallbackPermissionStatus)), SRTPKeyExchangeProtocol: stringOrNull(upper(c.SRTPKeyExchangeProtocol)),
		CallIcons: types.ObjectNull(objectType(callIconsPath).AttrTypes),
		CallHours: types.ObjectNull(objectType(callHoursPath).AttrTypes),
		SIP:       types.ObjectNull(objectType(sipPath).AttrTypes),
	}
	if c.CallIcons != nil {
		countries, d := types.ListValueFrom(ctx, types.StringType, append([]string{}, c.CallIcons.RestrictToUserCountries...))
		diags.Append(d...)
		out.CallIcons = settingsObject(ctx, callIconsPath, callIconsModel{RestrictToUserCountries: countries}, diags)
	}
	if h := c.CallHours; h != nil {
		weekly := make([]weeklyHoursModel, 0, len(h.WeeklyOperatingHours))
		for _, w := range h.WeeklyOperatingHours {
			weekly = append(weekly, weeklyHoursModel{DayOfWeek: types.StringValue(upper(w.DayOfWeek)), OpenTime: types.StringValue(w.OpenTime), CloseTime: types.StringValue(w.CloseTime)})
		}
		holidays := types.ListNull(objectType(holidaysPath))
		if len(h.HolidaySchedule) > 0 {
			items := make([]holidayModel, 0, len(h.HolidaySchedule))
			for _, d := range h.HolidaySchedule {
				items = append(items, holidayModel{Date: types.StringValue(d.Date), StartTime: types.StringValue(d.StartTime), EndTime: types.StringValue(d.EndTime)})
			}
			holidays = listOf(ctx, holidaysPath, items, diags)
		}
		out.CallHours = settingsObject(ctx, callHoursPath, callHoursModel{
			Status: types.StringValue(upper(h.Status)), TimezoneID: types.StringValue(h.TimezoneID),
			WeeklyOperatingHours: listOf(ctx, weeklyPath, weekly, diags), HolidaySchedule: holidays,
		}, diags)
	}
	if sip := c.SIP; sip != nil {
		servers := []sipServerModel{}
		if sip.Servers != nil {
			for _, srv := range *sip.Servers {
				params := types.MapNull(types.StringType)
				if len(srv.RequestURIUserParams) > 0 {
					var d diag.Diagnostics
					params, d = types.MapValueFrom(ctx, types.StringType, srv.RequestURIUserParams)
					diags.Append(d...)
				}
				port := int64(srv.Port)
				if port == 0 {
					port = defaultSIPPort
				}
				servers = append(servers, sipServerModel{Hostname: types.StringValue(srv.Hostname), Port: types.Int64Value(port), RequestURIUserParams: params, AppID: stringOrNull(string(srv.AppID))})
			}
		}
		out.SIP = settingsObject(ctx, sipPath, sipModel{Status: stringOrNull(upper(sip.Status)), Servers: listOf(ctx, sipServersPath, servers, diags)}, diags)
	}
	return settingsObject(ctx, callingPath, out, diags)
}

// settingsStep is one request of a change: Meta takes one feature per request.
type settingsStep struct {
	what string
	send func(ctx context.Context, c *graph.Client, phone string) error
}

// changes lists the requests that bring Meta's settings (current) to the plan: the features
// whose known planned values differ, local storage first. prior is the state before an update,
// nil on create.
func (m *phoneSettingsModel) changes(ctx context.Context, prior *phoneSettingsModel, current *graph.PhoneSettings, diags *diag.Diagnostics) []settingsStep {
	var steps []settingsStep
	if want := m.storage(ctx, diags); want != nil {
		have := graph.StorageConfiguration{Status: graph.StorageDefault}
		if current.StorageConfiguration != nil {
			have = *current.StorageConfiguration
		}
		if !sameStorage(*want, have) {
			region := want.DataLocalizationRegion
			steps = append(steps, settingsStep{"local storage", func(ctx context.Context, c *graph.Client, phone string) error {
				return c.SetLocalStorage(ctx, phone, region)
			}})
		}
	}
	if want := objectAs[identityChangeModel](ctx, m.UserIdentityChange, diags); want != nil && !want.EnableIdentityKeyCheck.IsUnknown() {
		enabled := want.EnableIdentityKeyCheck.ValueBool()
		var was *identityChangeModel
		if prior != nil {
			was = objectAs[identityChangeModel](ctx, prior.UserIdentityChange, diags)
		}
		reported := current.UserIdentityChange != nil && current.UserIdentityChange.EnableIdentityKeyCheck == enabled
		kept := current.UserIdentityChange == nil && was != nil && was.EnableIdentityKeyCheck.ValueBool() == enabled
		if !reported && !kept {
			steps = append(steps, settingsStep{"identity change check", func(ctx context.Context, c *graph.Client, phone string) error {
				return c.SetIdentityKeyCheck(ctx, phone, enabled)
			}})
		}
	}
	if want := objectAs[payloadEncryptionModel](ctx, m.PayloadEncryption, diags); want != nil && knownString(want.Status) != "" {
		enabled := knownString(want.Status) == "ENABLED"
		key := knownString(want.ClientEncryptionKey)
		haveEnabled := current.PayloadEncryption != nil && upper(current.PayloadEncryption.Status) == "ENABLED"
		keyChanged := enabled
		if prior != nil {
			if was := objectAs[payloadEncryptionModel](ctx, prior.PayloadEncryption, diags); was != nil {
				keyChanged = knownString(was.ClientEncryptionKey) != key
			}
		}
		if enabled != haveEnabled || (enabled && keyChanged) {
			steps = append(steps, settingsStep{"payload encryption", func(ctx context.Context, c *graph.Client, phone string) error {
				return c.SetPayloadEncryption(ctx, phone, enabled, key)
			}})
		}
	}
	if want := m.callingRequest(ctx, diags); want != nil && !callingSatisfied(*want, current.Calling) {
		steps = append(steps, settingsStep{"calling settings", func(ctx context.Context, c *graph.Client, phone string) error {
			return c.SetCallingSettings(ctx, phone, *want)
		}})
	}
	return steps
}

// storage is the planned local storage, nil when it is not known.
func (m *phoneSettingsModel) storage(ctx context.Context, diags *diag.Diagnostics) *graph.StorageConfiguration {
	s := objectAs[storageModel](ctx, m.StorageConfiguration, diags)
	if s == nil || knownString(s.Status) == "" || s.DataLocalizationRegion.IsUnknown() {
		return nil
	}
	if knownString(s.Status) == graph.StorageDefault {
		return &graph.StorageConfiguration{Status: graph.StorageDefault}
	}
	return &graph.StorageConfiguration{Status: graph.StorageInCountry, DataLocalizationRegion: knownString(s.DataLocalizationRegion)}
}

func sameStorage(want, have graph.StorageConfiguration) bool {
	enabled := func(s graph.StorageConfiguration) bool { return upper(s.Status) == graph.StorageInCountry }
	return enabled(want) == enabled(have) && (!enabled(want) || want.DataLocalizationRegion == have.DataLocalizationRegion)
}

// callingRequest is the calling request of the plan: its known values. nil when calling is not
// known.
func (m *phoneSettingsModel) callingRequest(ctx context.Context, diags *diag.Diagnostics) *graph.CallingSettings {
	c := objectAs[callingModel](ctx, m.Calling, diags)
	if c == nil {
		return nil
	}
	out := &graph.CallingSettings{
		Status: knownString(c.Status), CallIconVisibility: knownString(c.CallIconVisibility),
		CallbackPermissionStatus: knownString(c.CallbackPermissionStatus), SRTPKeyExchangeProtocol: knownString(c.SRTPKeyExchangeProtocol),
	}
	if icons := objectAs[callIconsModel](ctx, c.CallIcons, diags); icons != nil && !icons.RestrictToUserCountries.IsUnknown() {
		countries := []string{}
		diags.Append(icons.RestrictToUserCountries.ElementsAs(ctx, &countries, false)...)
		out.CallIcons = &graph.CallIcons{RestrictToUserCountries: countries}
	}
	if h := callHoursOf(ctx, c.CallHours, diags); h != nil {
		out.CallHours = h
	}
	if sip := objectAs[sipModel](ctx, c.SIP, diags); sip != nil {
		out.SIP = &graph.SIPSetting{Status: knownString(sip.Status)}
		if servers, ok := listAs[sipServerModel](ctx, sip.Servers, diags); ok && !sip.Servers.IsNull() {
			list := make([]graph.SIPServer, 0, len(servers))
			for _, srv := range servers {
				gs := graph.SIPServer{Hostname: srv.Hostname.ValueString(), Port: graph.FlexInt(srv.Port.ValueInt64())}
				if !srv.RequestURIUserParams.IsNull() && !srv.RequestURIUserParams.IsUnknown() {
					diags.Append(srv.RequestURIUserParams.ElementsAs(ctx, &gs.RequestURIUserParams, false)...)
				}
				list = append(list, gs)
			}
			out.SIP.Servers = &list
		}
		if out.SIP.Status == "" && out.SIP.Servers == nil {
			out.SIP = nil
		}
	}
	return out
}

// callHoursOf is the call hours of an object, nil when they are not known.
func callHoursOf(ctx context.Context, o types.Object, diags *diag.Diagnostics) *graph.CallHours {
	h := objectAs[callHoursModel](ctx, o, diags)
	if h == nil {
		return nil
	}
	weekly, okWeekly := listAs[weeklyHoursModel](ctx, h.WeeklyOperatingHours, diags)
	holidays, okHolidays := listAs[holidayModel](ctx, h.HolidaySchedule, diags)
	if !okWeekly || !okHolidays {
		return nil
	}
	out := &graph.CallHours{Status: knownString(h.Status), TimezoneID: knownString(h.TimezoneID), WeeklyOperatingHours: []graph.WeeklyHours{}, HolidaySchedule: []graph.HolidayHours{}}
	for _, w := range weekly {
		out.WeeklyOperatingHours = append(out.WeeklyOperatingHours, graph.WeeklyHours{DayOfWeek: knownString(w.DayOfWeek), OpenTime: knownString(w.OpenTime), CloseTime: knownString(w.CloseTime)})
	}
	for _, d := range holidays {
		out.HolidaySchedule = append(out.HolidaySchedule, graph.HolidayHours{Date: knownString(d.Date), StartTime: knownString(d.StartTime), EndTime: knownString(d.EndTime)})
	}
	return out
}

// callingSatisfied reports whether Meta's calling settings already hold every value of want.
func callingSatisfied(want graph.CallingSettings, have *graph.CallingSettings) bool {
	if have == nil {
		return false
	}
	same := func(w, h string) bool { return w == "" || upper(w) == upper(h) }
	if !same(want.Status, have.Status) || !same(want.CallIconVisibility, have.CallIconVisibility) ||
		!same(want.CallbackPermissionStatus, have.CallbackPermissionStatus) || !same(want.SRTPKeyExchangeProtocol, have.SRTPKeyExchangeProtocol) {
		return false
	}
	if want.CallIcons != nil && (have.CallIcons == nil || !slices.Equal(want.CallIcons.RestrictToUserCountries, have.CallIcons.RestrictToUserCountries)) {
		return false
	}
	if want.CallHours != nil && (have.CallHours == nil || !sameCallHours(*want.CallHours, *have.CallHours)) {
		return false
	}
	if s := want.SIP; s != nil {
		if have.SIP == nil || !same(s.Status, have.SIP.Status) {
			return false
		}
		if s.Servers != nil {
			var servers []graph.SIPServer
			if have.SIP.Servers != nil {
				servers = *have.SIP.Servers
			}
			if !slices.EqualFunc(*s.Servers, servers, sameSIPServer) {
				return false
			}
		}
	}
	return true
}

func sameCallHours(a, b graph.CallHours) bool {
	if upper(a.Status) != upper(b.Status) || a.TimezoneID != b.TimezoneID || len(a.HolidaySchedule) != len(b.HolidaySchedule) {
		return false
	}
	weekly := func(x, y graph.WeeklyHours) bool {
		return upper(x.DayOfWeek) == upper(y.DayOfWeek) && x.OpenTime == y.OpenTime && x.CloseTime == y.CloseTime
	}
	return slices.EqualFunc(a.WeeklyOperatingHours, b.WeeklyOperatingHours, weekly) && (len(a.HolidaySchedule) == 0 || slices.Equal(a.HolidaySchedule, b.HolidaySchedule))
}

func sameSIPServer(a, b graph.SIPServer) bool {
	port := func(p graph.FlexInt) graph.FlexInt {
		if p == 0 {
			return graph.FlexInt(defaultSIPPort)
		}
		return p
	}
	return a.Hostname == b.Hostname && port(a.Port) == port(b.Port) && maps.Equal(a.RequestURIUserParams, b.RequestURIUserParams)
}

// dropRegionOfDefaultStorage plans no region for Meta's default storage: a region kept from the
// state would not survive the change.
func (m *phoneSettingsModel) dropRegionOfDefaultStorage(ctx context.Context, diags *diag.Diagnostics) {
	s := objectAs[storageModel](ctx, m.StorageConfiguration, diags)
	if s == nil || knownString(s.Status) != graph.StorageDefault || s.DataLocalizationRegion.IsNull() {
		return
	}
	s.DataLocalizationRegion = types.StringNull()
	m.StorageConfiguration = settingsObject(ctx, storagePath, s, diags)
}

// markComputedUnknown marks as unknown what Meta computes from a value the plan changes: the
// fingerprint and cloud key of a new client key.
func (m *phoneSettingsModel) markComputedUnknown(ctx context.Context, state *phoneSettingsModel, diags *diag.Diagnostics) {
	plan := objectAs[payloadEncryptionModel](ctx, m.PayloadEncryption, diags)
	if plan == nil {
		return
	}
	was := objectAs[payloadEncryptionModel](ctx, state.PayloadEncryption, diags)
	if was != nil && plan.Status.Equal(was.Status) && plan.ClientEncryptionKey.Equal(was.ClientEncryptionKey) {
		return
	}
	plan.ClientEncryptionKeyFingerprint, plan.CloudEncryptionKey = types.StringUnknown(), types.StringUnknown()
	m.PayloadEncryption = settingsObject(ctx, encryptionPath, plan, diags)
}

// checkHolidaysNotPast refuses planned call hours with a holiday before today in their time
// zone: Meta refuses such a holiday. Call hours the plan does not change are not checked.
func checkHolidaysNotPast(ctx context.Context, plan, state *phoneSettingsModel, diags *diag.Diagnostics) {
	c := objectAs[callingModel](ctx, plan.Calling, diags)
	if c == nil {
		return
	}
	hours := callHoursOf(ctx, c.CallHours, diags)
	if hours == nil {
		return
	}
	if state != nil {
		if was := objectAs[callingModel](ctx, state.Calling, diags); was != nil {
			if before := callHoursOf(ctx, was.CallHours, diags); before != nil && sameCallHours(*hours, *before) {
				return
			}
		}
	}
	loc, err := time.LoadLocation(hours.TimezoneID)
	if err != nil {
		return
	}
	today := time.Now().In(loc).Format(time.DateOnly)
	for i, d := range hours.HolidaySchedule {
		if d.Date != "" && d.Date < today {
			attrError(diags, holidaysPath.AtListIndex(i).AtName("date"), "Holiday in the past",
				"Meta refuses call hours with a holiday before today ("+today+" in "+hours.TimezoneID+"): remove "+d.Date+" from holiday_schedule.")
		}
	}
}

// modelledSettings marks the parts of Meta's settings the resource models: true for a value,
// a map for an object, a one-item slice for each element of an array.
var modelledSettings = map[string]any{
	"calling": map[string]any{
		"status": true, "call_icon_visibility": true, "callback_permission_status": true, "srtp_key_exchange_protocol": true,
		"call_icons": map[string]any{"restrict_to_user_countries": true},
		"call_hours": map[string]any{
			"status": true, "timezone_id": true,
			"weekly_operating_hours": []any{map[string]any{"day_of_week": true, "open_time": true, "close_time": true}},
			"holiday_schedule":       []any{map[string]any{"date": true, "start_time": true, "end_time": true}},
		},
		"sip": map[string]any{
			"status":  true,
			"servers": []any{map[string]any{"hostname": true, "port": true, "request_uri_user_params": true, "app_id": true}},
		},
	},
	"user_identity_change":  map[string]any{"enable_identity_key_check": true},
	"payload_encryption":    map[string]any{"status": true, "client_encryption_key_fingerprint": true, "cloud_encryption_key": true},
	"storage_configuration": map[string]any{"status": true, "data_localization_region": true},
}

// unmodelledSettings is Meta's JSON without what the resource models, null when nothing is
// left.
func unmodelledSettings(raw json.RawMessage) types.String {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return types.StringNull()
	}
	rest := prune(v, modelledSettings)
	if rest == nil {
		return types.StringNull()
	}
	b, err := json.Marshal(rest)
	if err != nil {
		return types.StringNull()
	}
	return types.StringValue(string(b))
}

// prune removes from v what spec marks (see modelledSettings) and returns nil when nothing is
// left.
func prune(v, spec any) any {
	switch s := spec.(type) {
	case bool:
		return nil
	case map[string]any:
		obj, ok := v.(map[string]any)
		if !ok {
			return v
		}
		out := map[string]any{}
		for k, val := range obj {
			sub, modelled := s[k]
			if !modelled {
				out[k] = val
			} else if left := prune(val, sub); left != nil {
				out[k] = left
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		list, ok := v.([]any)
		if !ok {
			return v
		}
		out := make([]any, len(list))
		kept := false
		for i, el := range list {
			if out[i] = prune(el, s[0]); out[i] != nil {
				kept = true
			} else {
				out[i] = map[string]any{}
			}
		}
		if !kept {
			return nil
		}
		return out
	}
	return v
}
