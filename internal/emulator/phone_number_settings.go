package emulator

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // call hours name IANA time zones, whatever the host has installed
	"unicode/utf8"
)

// The settings of a phone number: GET/POST /{phone-number-id}/settings (Meta "Settings API",
// developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-phone-number/settings-api),
// with the features Meta's guides describe:
//
//   - calling (Meta "Configure Call Settings", …/whatsapp/calling/call-settings, and "SIP
//     Configuration Guide", …/whatsapp/calling/sip): status, call_icon_visibility, call_icons,
//     call_hours, callback_permission_status, sip, srtp_key_exchange_protocol and audio. Calling
//     is not enabled on a new number. Enabling it needs a messaging limit of 2,000 or more
//     (138015 "Calling cannot be enabled") and SIP, or an app subscribed to the WABA with the
//     calls webhook field (138018, Meta "Troubleshoot WhatsApp Calling Errors",
//     …/whatsapp/calling/troubleshooting). call_hours is replaced whole, and a request without
//     holiday_schedule clears it. The other parameter errors are code 100 with the explanation
//     in error_data.details, the shape that page gives for invalid parameters.
//   - user_identity_change (Meta "Identity change check", …/business-phone-numbers/phone-numbers):
//     enable_identity_key_check. The spec's reference calls the field enabled; both are taken.
//     GET does not return it: the spec's response has no user_identity_change.
//   - payload_encryption (the v23.0 spec only): status and a Base64 client_encryption_key,
//     required to enable it; GET returns the key's fingerprint and Meta's cloud key. The spec's
//     values are lowercase, and so are the ones GET returns here.
//   - storage_configuration (Meta "Local storage", …/whatsapp/local-storage): status
//     IN_COUNTRY_STORAGE_ENABLED with a data_localization_region, or IN_COUNTRY_STORAGE_DISABLED.
//     Meta changes it only on a number that is not registered; the guide gives no error code,
//     so the refusal is a code 100 error. GET reports DEFAULT or IN_COUNTRY_STORAGE_ENABLED.
//
// POST takes one feature per request (the spec: "Only one feature setting can be specified per
// request"); none, or more than one, is 400/100. Enum values are taken in either case: Meta's
// guides write them in uppercase, the spec in lowercase. GET takes fields (calling,
// payload_encryption, storage_configuration), as every Graph node does, and
// include_sip_credentials, which adds each SIP server's sip_user_password.

// numberSettings is the settings document of a phone number.
type numberSettings struct {
	calling          callingSettings
	identityKeyCheck *bool // nil until set
	encryption       payloadEncryption
	storage          storageConfiguration
}

type callingSettings struct {
	status, iconVisibility, callbackPermission, srtp string
	iconCountries                                    []string // nil until set
	hours                                            *callHours
	sipStatus                                        string
	sipServers                                       []sipServer
	audioCodecs                                      []string // nil until set
}

type callHours struct {
	status, timezoneID string
	weekly             []callHoursEntry
	holidays           []callHoursEntry
}

// callHoursEntry is a weekly entry (day, open, close) or a holiday (date, start, end); times
// are HHMM.
type callHoursEntry struct {
	day, date, open, close string
}

type sipServer struct {
	appID, hostname string
	port            int
	userParams      map[string]string
	password        string
}

type payloadEncryption struct {
	status, fingerprint, cloudKey string
}

type storageConfiguration struct {
	status, region string
}

const (
	settingEnabled  = "ENABLED"
	settingDisabled = "DISABLED"

	storageDefault  = "DEFAULT"
	storageEnabled  = "IN_COUNTRY_STORAGE_ENABLED"
	storageDisabled = "IN_COUNTRY_STORAGE_DISABLED"

	defaultSIPPort = 5061
	// Meta's limits: two weekly entries a day, 20 holiday overrides, 128 characters for a SIP
	// request URI parameter.
	maxEntriesPerDay  = 2
	maxHolidays       = 20
	maxSIPParamLength = 128
)

var (
	weekdays      = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	hhmm          = regexp.MustCompile(`^([01][0-9]|2[0-3])[0-5][0-9]$`)
	isoCountry    = regexp.MustCompile(`^[A-Z]{2}$`)
	sipHostname   = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
	settingsFeats = []string{"calling", "user_identity_change", "payload_encryption", "storage_configuration"}
)

// phoneSettings returns a number's settings, seeded as Meta's are for a new number: calling
// disabled with the call icon at its default, SIP disabled, DTLS key exchange, no payload
// encryption and Meta's default storage.
func (s *store) phoneSettings(phoneID string) *numberSettings {
	return attached(s, phoneID, "settings", func() *numberSettings {
		return &numberSettings{
			calling: callingSettings{
				status: settingDisabled, iconVisibility: "DEFAULT", callbackPermission: settingDisabled,
				srtp: "DTLS", sipStatus: settingDisabled,
			},
			encryption: payloadEncryption{status: "disabled"},
			storage:    storageConfiguration{status: storageDefault},
		}
	})
}

var settingsFields = fieldSet{
	nodeType: "WhatsAppBusinessPhoneNumberSettings",
	allowed:  []string{"calling", "payload_encryption", "storage_configuration"},
	defaults: []string{"calling", "payload_encryption", "storage_configuration"},
}

// GET /{phone-number-id}/settings
func getPhoneSettings(c *call) (any, *graphError) {
	fields, err := c.selectFields(settingsFields)
	if err != nil {
		return nil, err
	}
	withPasswords, _, err := c.params.boolean("include_sip_credentials")
	if err != nil {
		return nil, err
	}
	return project(c.e.store.phoneSettings(c.node.(*phone).id).view(withPasswords), fields), nil
}

// view is the GET answer with every field.
func (st *numberSettings) view(withPasswords bool) map[string]any {
	enc := map[string]any{"status": st.encryption.status}
	if st.encryption.status == "enabled" {
		enc["client_encryption_key_fingerprint"] = st.encryption.fingerprint
		enc["cloud_encryption_key"] = st.encryption.cloudKey
	}
	storage := map[string]any{"status": st.storage.status}
	if st.storage.region != "" {
		storage["data_localization_region"] = st.storage.region
	}
	return map[string]any{
		"calling":               st.calling.view(withPasswords),
		"payload_encryption":    enc,
		"storage_configuration": storage,
	}
}

func (cs *callingSettings) view(withPasswords bool) map[string]any {
	sip := map[string]any{"status": cs.sipStatus}
	if len(cs.sipServers) > 0 {
		servers := make([]any, 0, len(cs.sipServers))
		for _, srv := range cs.sipServers {
			v := map[string]any{"app_id": srv.appID, "hostname": srv.hostname, "port": srv.port}
			if len(srv.userParams) > 0 {
				v["request_uri_user_params"] = maps.Clone(srv.userParams)
			}
			if withPasswords {
				v["sip_user_password"] = srv.password
			}
			servers = append(servers, v)
		}
		sip["servers"] = servers
	}
	v := map[string]any{
		"status":                     cs.status,
		"call_icon_visibility":       cs.iconVisibility,
		"callback_permission_status": cs.callbackPermission,
		"srtp_key_exchange_protocol": cs.srtp,
		"sip":                        sip,
	}
	if cs.iconCountries != nil {
		v["call_icons"] = map[string]any{"restrict_to_user_countries": slices.Clone(cs.iconCountries)}
	}
	if cs.audioCodecs != nil {
		v["audio"] = map[string]any{"additional_codecs": slices.Clone(cs.audioCodecs)}
	}
	if h := cs.hours; h != nil {
		entries := func(list []callHoursEntry, holiday bool) []any {
			out := make([]any, 0, len(list))
			for _, e := range list {
				if holiday {
					out = append(out, map[string]any{"date": e.date, "start_time": e.open, "end_time": e.close})
				} else {
					out = append(out, map[string]any{"day_of_week": e.day, "open_time": e.open, "close_time": e.close})
				}
			}
			return out
		}
		v["call_hours"] = map[string]any{
			"status": h.status, "timezone_id": h.timezoneID,
			"weekly_operating_hours": entries(h.weekly, false), "holiday_schedule": entries(h.holidays, true),
		}
	}
	return v
}

// POST /{phone-number-id}/settings
func updatePhoneSettings(c *call) (any, *graphError) {
	var present []string
	for _, f := range settingsFeats {
		if v, ok := c.params[f]; ok && v != nil {
			present = append(present, f)
		}
	}
	if len(present) != 1 {
		return nil, errParam("(#100) One feature setting must be specified")
	}
	p := c.node.(*phone)
	raw, _, ge := c.params.structured(present[0])
	if ge != nil {
		return nil, ge
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, errSettings("%s must be an object", present[0])
	}
	st := c.e.store.phoneSettings(p.id)
	switch present[0] {
	case "calling":
		ge = c.updateCalling(p, st, obj)
	case "user_identity_change":
		ge = updateIdentityCheck(st, obj)
	case "payload_encryption":
		ge = updatePayloadEncryption(st, obj)
	case "storage_configuration":
		ge = updateStorage(p, st, obj)
	}
	if ge != nil {
		return nil, ge
	}
	return map[string]any{"success": true}, nil
}

// errSettings is the invalid parameter error of the settings endpoint, its explanation in
// error_data.details.
func errSettings(format string, args ...any) *graphError {
	return &graphError{Message: "(#100) Invalid parameter", Type: "OAuthException", Code: 100, Details: fmt.Sprintf(format, args...)}
}

// enumValue reads obj[key] as one of values, in either case; "" when absent.
func enumValue(obj map[string]any, where, key string, values ...string) (string, *graphError) {
	v, ok := obj[key]
	if !ok || v == nil {
		return "", nil
	}
	s, isString := v.(string)
	up := strings.ToUpper(strings.TrimSpace(s))
	if !isString || !contains(values, up) {
		return "", errSettings("Invalid %s%s %v: it must be one of %s", where, key, v, strings.Join(values, ", "))
	}
	return up, nil
}

func (c *call) updateCalling(p *phone, st *numberSettings, obj map[string]any) *graphError {
	next := st.calling // a copy: nothing changes unless the whole request is valid
	var ge *graphError
	if v, err := enumValue(obj, "", "status", settingEnabled, settingDisabled); err != nil {
		return err
	} else if v != "" {
		next.status = v
	}
	if v, err := enumValue(obj, "", "call_icon_visibility", "DEFAULT", "DISABLE_ALL"); err != nil {
		return err
	} else if v != "" {
		next.iconVisibility = v
	}
	if v, err := enumValue(obj, "", "callback_permission_status", settingEnabled, settingDisabled); err != nil {
		return err
	} else if v != "" {
		next.callbackPermission = v
	}
	if v, err := enumValue(obj, "", "srtp_key_exchange_protocol", "DTLS", "SDES"); err != nil {
		return err
	} else if v != "" {
		next.srtp = v
	}
	if raw, ok := obj["call_icons"]; ok && raw != nil {
		icons, isObj := raw.(map[string]any)
		if !isObj {
			return errSettings("call_icons must be an object")
		}
		if next.iconCountries, ge = stringArray(icons["restrict_to_user_countries"], "call_icons.restrict_to_user_countries"); ge != nil {
			return ge
		}
		for _, cc := range next.iconCountries {
			if !isoCountry.MatchString(cc) {
				return errSettings("Invalid country %q in call_icons.restrict_to_user_countries: use ISO 3166-1 alpha-2 codes such as US", cc)
			}
		}
	}
	if raw, ok := obj["call_hours"]; ok && raw != nil {
		if next.hours, ge = parseCallHours(raw, c.e.now()); ge != nil {
			return ge
		}
	}
	if raw, ok := obj["sip"]; ok && raw != nil {
		if ge = c.parseSIP(raw, &next); ge != nil {
			return ge
		}
	}
	if raw, ok := obj["audio"]; ok && raw != nil {
		audio, isObj := raw.(map[string]any)
		if !isObj {
			return errSettings("audio must be an object")
		}
		if next.audioCodecs, ge = stringArray(audio["additional_codecs"], "audio.additional_codecs"); ge != nil {
			return ge
		}
		for _, codec := range next.audioCodecs {
			if codec != "PCMA" && codec != "PCMU" {
				return errSettings("Invalid codec %q in audio.additional_codecs: PCMA and PCMU can be added; Opus is always enabled", codec)
			}
		}
	}
	if next.srtp == "SDES" && next.sipStatus != settingEnabled {
		return errSettings("srtp_key_exchange_protocol SDES is only valid when SIP signaling is enabled")
	}
	if next.status == settingEnabled && st.calling.status != settingEnabled {
		if portfolioMessagingLimit(c, p.id) == portfolioTiers[0] {
			return &graphError{Message: "(#138015) Calling cannot be enabled", Type: "OAuthException", Code: 138015,
				Details: "Calling APIs cannot be enabled for this phone number: its messaging limit must be 2000 or more."}
		}
		if next.sipStatus != settingEnabled && !c.e.store.callsWebhookSubscribed(p.wabaID) {
			return &graphError{Message: "(#138018) WhatsApp Business calling cannot be enabled because technical pre-requisites are not met", Type: "OAuthException", Code: 138018,
				Details: "Configure SIP, or subscribe to the WhatsApp Business Account an app whose webhooks include the calls field."}
		}
	}
	st.calling = next
	return nil
}

// callsWebhookSubscribed reports whether an app subscribed to the WABA has the calls field in
// its whatsapp_business_account webhooks.
func (s *store) callsWebhookSubscribed(wabaID string) bool {
	for _, sub := range s.wabaSubscriptions(wabaID).apps {
		if w := s.appWebhooks(sub.appID).byObject["whatsapp_business_account"]; w != nil && contains(w.fields, "calls") {
			return true
		}
	}
	return false
}

// stringArray reads a JSON array of strings; an absent value is an empty list.
func stringArray(v any, where string) ([]string, *graphError) {
	if v == nil {
		return []string{}, nil
	}
	items, ok := v.([]any)
	if !ok {
		return nil, errSettings("%s must be an array of strings", where)
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		s, isString := it.(string)
		if !isString {
			return nil, errSettings("%s[%d] must be a string", where, i)
		}
		out = append(out, s)
	}
	return out, nil
}

// parseCallHours checks a call_hours object as Meta's error list describes: a known status, a
// valid time zone, a weekly schedule that is not empty, HHMM times with the opening before the
// closing, at most two entries a day that do not overlap, at most 20 holidays, dated
// YYYY-MM-DD and not in the past.
func parseCallHours(raw any, now time.Time) (*callHours, *graphError) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, errSettings("call_hours must be an object")
	}
	status, ge := enumValue(obj, "call_hours.", "status", settingEnabled, settingDisabled)
	if ge != nil {
		return nil, ge
	}
	if status == "" {
		return nil, errSettings("call_hours.status is required")
	}
	tz, _ := obj["timezone_id"].(string)
	loc, err := time.LoadLocation(tz)
	if tz == "" || tz == "Local" || err != nil {
		return nil, errSettings("Timezone %q is invalid in call_hours", tz)
	}
	h := &callHours{status: status, timezoneID: tz}
	weekly, _ := obj["weekly_operating_hours"].([]any)
	if len(weekly) == 0 {
		return nil, errSettings("weekly_operating_hours in call_hours cannot be empty")
	}
	for i, it := range weekly {
		e, isObj := it.(map[string]any)
		if !isObj {
			return nil, errSettings("call_hours.weekly_operating_hours[%d] must be an object", i)
		}
		day, ge := enumValue(e, fmt.Sprintf("call_hours.weekly_operating_hours[%d].", i), "day_of_week", weekdays...)
		if ge != nil {
			return nil, ge
		}
		if day == "" {
			return nil, errSettings("call_hours.weekly_operating_hours[%d].day_of_week is required", i)
		}
		open, closing, ge := timeRange(e, "open_time", "close_time", fmt.Sprintf("weekly_operating_hours[%d]", i))
		if ge != nil {
			return nil, ge
		}
		h.weekly = append(h.weekly, callHoursEntry{day: day, open: open, close: closing})
	}
	if ge := checkPerDay(h.weekly, func(e callHoursEntry) string { return e.day }, "weekly_operating_hours"); ge != nil {
		return nil, ge
	}
	holidays, _ := obj["holiday_schedule"].([]any)
	if len(holidays) > maxHolidays {
		return nil, errSettings("Up to %d overrides can be specified in holiday_schedule, not %d", maxHolidays, len(holidays))
	}
	today := now.In(loc).Format(time.DateOnly)
	h.holidays = []callHoursEntry{}
	for i, it := range holidays {
		e, isObj := it.(map[string]any)
		if !isObj {
			return nil, errSettings("call_hours.holiday_schedule[%d] must be an object", i)
		}
		date, _ := e["date"].(string)
		if d, err := time.Parse(time.DateOnly, date); err != nil || d.Format(time.DateOnly) != date {
			return nil, errSettings("Date format in holiday_schedule for call_hours is invalid: %q is not YYYY-MM-DD", date)
		}
		if date < today {
			return nil, errSettings("Holiday %s given in call_hours is a past date", date)
		}
		start, end, ge := timeRange(e, "start_time", "end_time", fmt.Sprintf("holiday_schedule[%d]", i))
		if ge != nil {
			return nil, ge
		}
		h.holidays = append(h.holidays, callHoursEntry{date: date, open: start, close: end})
	}
	if ge := checkPerDay(h.holidays, func(e callHoursEntry) string { return e.date }, "holiday_schedule"); ge != nil {
		return nil, ge
	}
	return h, nil
}

// timeRange reads two HHMM times, the first before the second.
func timeRange(e map[string]any, from, to, where string) (string, string, *graphError) {
	a, _ := e[from].(string)
	b, _ := e[to].(string)
	for _, t := range []struct{ name, v string }{{from, a}, {to, b}} {
		if !hhmm.MatchString(t.v) {
			return "", "", errSettings("Invalid schedule for call_hours: %s.%s %q is not a 24-hour HHMM time such as 0930", where, t.name, t.v)
		}
	}
	if a >= b {
		return "", "", errSettings("Invalid schedule for call_hours: in %s, %s %s must be before %s %s", where, from, a, to, b)
	}
	return a, b, nil
}

// checkPerDay refuses more than two entries for a day and entries of a day that overlap.
func checkPerDay(entries []callHoursEntry, key func(callHoursEntry) string, where string) *graphError {
	byDay := map[string][]callHoursEntry{}
	for _, e := range entries {
		byDay[key(e)] = append(byDay[key(e)], e)
	}
	for day, list := range byDay {
		if len(list) > maxEntriesPerDay {
			return errSettings("More than %d entries not allowed in %s schedule in call_hours (%s has %d)", maxEntriesPerDay, where, day, len(list))
		}
		for i := range list {
			for j := i + 1; j < len(list); j++ {
				if list[i].open < list[j].close && list[j].open < list[i].close {
					return errSettings("Overlapping schedule in call_hours is not allowed: %s %s-%s and %s-%s in %s",
						day, list[i].open, list[i].close, list[j].open, list[j].close, where)
				}
			}
		}
	}
	return nil
}

// parseSIP applies a sip object: its status, and the servers of the token's app, which the
// request replaces (an empty list removes them). A number has one SIP server, and SIP cannot
// be enabled without one; disabling SIP keeps the servers.
func (c *call) parseSIP(raw any, next *callingSettings) *graphError {
	obj, ok := raw.(map[string]any)
	if !ok {
		return errSettings("sip must be an object")
	}
	status, ge := enumValue(obj, "sip.", "status", settingEnabled, settingDisabled)
	if ge != nil {
		return ge
	}
	if status != "" {
		next.sipStatus = status
	}
	if rawServers, present := obj["servers"]; present {
		list, isList := rawServers.([]any)
		if rawServers != nil && !isList {
			return errSettings("sip.servers must be an array")
		}
		if len(list) > 1 {
			return errSettings("Each phone number can have only one SIP server configured, not %d", len(list))
		}
		appID := c.e.opts.AppID
		kept := make([]sipServer, 0, len(next.sipServers)+1)
		var previous *sipServer
		for i := range next.sipServers {
			if next.sipServers[i].appID == appID {
				previous = &next.sipServers[i]
			} else {
				kept = append(kept, next.sipServers[i])
			}
		}
		for _, it := range list {
			srv, ge := parseSIPServer(it)
			if ge != nil {
				return ge
			}
			srv.appID = appID
			srv.password = randomFrom("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 24)
			if previous != nil && previous.hostname == srv.hostname {
				srv.password = previous.password
			}
			kept = append(kept, srv)
		}
		next.sipServers = kept
	}
	if next.sipStatus == settingEnabled && len(next.sipServers) == 0 {
		return errSettings("At least 1 SIP server must exist when SIP status is ENABLED")
	}
	return nil
}

func parseSIPServer(raw any) (sipServer, *graphError) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return sipServer{}, errSettings("sip.servers[0] must be an object")
	}
	host, _ := obj["hostname"].(string)
	if host == "" || len(host) > 253 || !sipHostname.MatchString(host) {
		return sipServer{}, errSettings("sip.servers[0].hostname %q is not a host name", host)
	}
	srv := sipServer{hostname: host, port: defaultSIPPort}
	if v, present := obj["port"]; present && v != nil {
		port, ok := toInt(v)
		if !ok || port < 1 || port > 65535 {
			return sipServer{}, errSettings("sip.servers[0].port %v is not a port number", v)
		}
		srv.port = port
	}
	if v, present := obj["request_uri_user_params"]; present && v != nil {
		params, isObj := v.(map[string]any)
		if !isObj {
			return sipServer{}, errSettings("sip.servers[0].request_uri_user_params must be an object of strings")
		}
		srv.userParams = map[string]string{}
		for k, pv := range params {
			s, isString := pv.(string)
			if !isString {
				return sipServer{}, errSettings("sip.servers[0].request_uri_user_params.%s must be a string", k)
			}
			if utf8.RuneCountInString(k) > maxSIPParamLength || utf8.RuneCountInString(s) > maxSIPParamLength {
				return sipServer{}, errSettings("Max key/value size of sip.servers[0].request_uri_user_params is %d characters", maxSIPParamLength)
			}
			srv.userParams[k] = s
		}
	}
	return srv, nil
}

func updateIdentityCheck(st *numberSettings, obj map[string]any) *graphError {
	v, ok := obj["enable_identity_key_check"]
	if !ok {
		v, ok = obj["enabled"]
	}
	b, isBool := toBool(v)
	if !ok || !isBool {
		return errSettings("user_identity_change.enable_identity_key_check must be true or false")
	}
	st.identityKeyCheck = &b
	return nil
}

func updatePayloadEncryption(st *numberSettings, obj map[string]any) *graphError {
	status, ge := enumValue(obj, "payload_encryption.", "status", settingEnabled, settingDisabled)
	if ge != nil {
		return ge
	}
	if status == "" {
		return errSettings("payload_encryption.status is required")
	}
	if status == settingDisabled {
		st.encryption = payloadEncryption{status: "disabled"}
		return nil
	}
	key, _ := obj["client_encryption_key"].(string)
	if key == "" {
		return errSettings("payload_encryption.client_encryption_key is required to enable payload encryption")
	}
	der, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(der) == 0 {
		return errSettings("payload_encryption.client_encryption_key must be a Base64-encoded public key")
	}
	sum := sha256.Sum256(der)
	cloud := st.encryption.cloudKey
	if cloud == "" {
		cloud = base64.RawURLEncoding.EncodeToString([]byte(randomFrom("abcdefghijklmnopqrstuvwxyz0123456789", 48)))
	}
	st.encryption = payloadEncryption{status: "enabled", fingerprint: "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:]), cloudKey: cloud}
	return nil
}

func updateStorage(p *phone, st *numberSettings, obj map[string]any) *graphError {
	status, ge := enumValue(obj, "storage_configuration.", "status", storageEnabled, storageDisabled)
	if ge != nil {
		return ge
	}
	if status == "" {
		return errSettings("storage_configuration.status is required: %s or %s", storageEnabled, storageDisabled)
	}
	region, _ := obj["data_localization_region"].(string)
	switch {
	case status == storageEnabled && !contains(dataRegions, region):
		return errSettings("storage_configuration.data_localization_region %q must be one of %s", region, strings.Join(dataRegions, ", "))
	case status == storageDisabled && region != "":
		return errSettings("storage_configuration.data_localization_region is only taken with %s", storageEnabled)
	}
	if p.registered() {
		return errSettings("Local storage can only be enabled or disabled on a phone number that is not registered: deregister it, change the setting, then register it again")
	}
	if status == storageEnabled {
		st.storage = storageConfiguration{status: storageEnabled, region: region}
	} else {
		st.storage = storageConfiguration{status: storageDefault}
	}
	return nil
}

// PhoneSettings is what a phone number's settings hold that GET does not show.
type PhoneSettings struct {
	// IdentityKeyCheck is user_identity_change.enable_identity_key_check, nil while never set.
	IdentityKeyCheck *bool
	// SettingsJSON is GET /{phone-number-id}/settings as Meta answers it.
	SettingsJSON string
}

// PhoneSettingsOf returns a phone number's settings.
func (e *Emulator) PhoneSettingsOf(phoneID string) (PhoneSettings, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return PhoneSettings{}, err
	}
	st := e.store.phoneSettings(phoneID)
	b, err := json.Marshal(st.view(false))
	if err != nil {
		return PhoneSettings{}, err
	}
	out := PhoneSettings{SettingsJSON: string(b)}
	if st.identityKeyCheck != nil {
		v := *st.identityKeyCheck
		out.IdentityKeyCheck = &v
	}
	return out, nil
}

// SetPhoneStorage sets a phone number's local storage out of band, as registering it with a
// data_localization_region does: region "" is Meta's default storage.
func (e *Emulator) SetPhoneStorage(phoneID, region string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return err
	}
	st := e.store.phoneSettings(phoneID)
	if region == "" {
		st.storage = storageConfiguration{status: storageDefault}
	} else {
		st.storage = storageConfiguration{status: storageEnabled, region: region}
	}
	return nil
}
