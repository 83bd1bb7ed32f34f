package provider

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // call hours name IANA time zones, whatever the host has installed
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Meta's rules for the settings (Meta "Configure Call Settings", "SIP Configuration Guide",
// "Local storage"), checked at plan time so that a bad value never reaches Graph.

var (
	hhmmPattern        = regexp.MustCompile(`^([01][0-9]|2[0-3])[0-5][0-9]$`)
	countryPattern     = regexp.MustCompile(`^[A-Z]{2}$`)
	sipHostPattern     = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
	maxCallHoursPerDay = 2
	maxSIPParamChars   = 128
)

// attrError reports an error on the attribute at p and names it in the detail: Terraform shows the
// resource and its line, not the path of a nested attribute.
func attrError(diags *diag.Diagnostics, p path.Path, summary, detail string) {
	diags.AddAttributeError(p, summary, p.String()+": "+detail)
}

func (r *phoneNumberSettingsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m phoneSettingsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	validateCallingSettings(ctx, m.Calling, &resp.Diagnostics)
	validatePayloadEncryption(ctx, m.PayloadEncryption, &resp.Diagnostics)
	validateStorage(ctx, m.StorageConfiguration, &resp.Diagnostics)
}

func validateCallingSettings(ctx context.Context, o types.Object, diags *diag.Diagnostics) {
	c := objectAs[callingModel](ctx, o, diags)
	if c == nil {
		return
	}
	if icons := objectAs[callIconsModel](ctx, c.CallIcons, diags); icons != nil {
		var countries []types.String
		if !icons.RestrictToUserCountries.IsUnknown() {
			diags.Append(icons.RestrictToUserCountries.ElementsAs(ctx, &countries, false)...)
		}
		for i, cc := range countries {
			if v := knownString(cc); v != "" && !countryPattern.MatchString(v) {
				attrError(diags, callIconsPath.AtName("restrict_to_user_countries").AtListIndex(i), "Invalid country code",
					fmt.Sprintf("%q must be an ISO 3166-1 alpha-2 country code in capitals, such as US or BR.", v))
			}
		}
	}
	validateCallHours(ctx, c.CallHours, diags)
	sip := objectAs[sipModel](ctx, c.SIP, diags)
	if sip != nil {
		validateSIP(ctx, sip, diags)
	}
	if knownString(c.SRTPKeyExchangeProtocol) == "SDES" && sip != nil && knownString(sip.Status) == "DISABLED" {
		attrError(diags, callingPath.AtName("srtp_key_exchange_protocol"), "SDES needs SIP",
			"Meta takes the SDES key exchange only when SIP signaling is enabled: set calling.sip.status = \"ENABLED\", or use DTLS.")
	}
}

// hoursEntry is a weekly or holiday entry being checked.
type hoursEntry struct {
	day, open, close string
	at               path.Path
	openName         string
}

func validateCallHours(ctx context.Context, o types.Object, diags *diag.Diagnostics) {
	h := objectAs[callHoursModel](ctx, o, diags)
	if h == nil {
		return
	}
	if tz := knownString(h.TimezoneID); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
			attrError(diags, callHoursPath.AtName("timezone_id"), "Invalid time zone",
				fmt.Sprintf("%q is not an IANA time zone such as America/Manaus or Asia/Singapore.", tz))
		}
	}
	if weekly, ok := listAs[weeklyHoursModel](ctx, h.WeeklyOperatingHours, diags); ok {
		if len(weekly) == 0 && !h.WeeklyOperatingHours.IsNull() {
			attrError(diags, weeklyPath, "No weekly operating hours",
				"Meta refuses call hours whose weekly_operating_hours is empty: give at least one day, or set status = \"DISABLED\" with the hours kept.")
		}
		entries := make([]hoursEntry, 0, len(weekly))
		for i, w := range weekly {
			at := weeklyPath.AtListIndex(i)
			if e, ok := checkTimes(at, "open_time", "close_time", w.OpenTime, w.CloseTime, diags); ok && knownString(w.DayOfWeek) != "" {
				e.day = knownString(w.DayOfWeek)
				entries = append(entries, e)
			}
		}
		checkEntriesPerDay(entries, "day of the week", diags)
	}
	if holidays, ok := listAs[holidayModel](ctx, h.HolidaySchedule, diags); ok {
		entries := make([]hoursEntry, 0, len(holidays))
		for i, d := range holidays {
			at := holidaysPath.AtListIndex(i)
			date := knownString(d.Date)
			if !d.Date.IsUnknown() {
				if t, err := time.Parse(time.DateOnly, date); err != nil || t.Format(time.DateOnly) != date {
					attrError(diags, at.AtName("date"), "Invalid holiday date", fmt.Sprintf("%q must be a date in YYYY-MM-DD format, such as 2026-12-25.", date))
					continue
				}
			}
			if e, ok := checkTimes(at, "start_time", "end_time", d.StartTime, d.EndTime, diags); ok && date != "" {
				e.day = date
				entries = append(entries, e)
			}
		}
		checkEntriesPerDay(entries, "date", diags)
	}
}

// checkTimes checks that two times are HHMM and the first is before the second; ok when both
// are known and valid.
func checkTimes(at path.Path, openName, closeName string, open, closing types.String, diags *diag.Diagnostics) (hoursEntry, bool) {
	valid := true
	for _, t := range []struct {
		name string
		v    types.String
	}{{openName, open}, {closeName, closing}} {
		if t.v.IsUnknown() {
			valid = false
			continue
		}
		if !hhmmPattern.MatchString(t.v.ValueString()) {
			attrError(diags, at.AtName(t.name), "Invalid time",
				fmt.Sprintf("%q must be a time in 24-hour HHMM format, 0000 to 2359, such as 0930 or 1745.", t.v.ValueString()))
			valid = false
		}
	}
	if !valid {
		return hoursEntry{}, false
	}
	if open.ValueString() >= closing.ValueString() {
		attrError(diags, at.AtName(closeName), "Closing time not after opening time",
			fmt.Sprintf("%s %s must be after %s %s: Meta refuses an entry that does not open before it closes.", closeName, closing.ValueString(), openName, open.ValueString()))
		return hoursEntry{}, false
	}
	return hoursEntry{open: open.ValueString(), close: closing.ValueString(), at: at, openName: openName}, true
}

// checkEntriesPerDay refuses more than two entries for a day or date, and entries of a day that
// overlap.
func checkEntriesPerDay(entries []hoursEntry, unit string, diags *diag.Diagnostics) {
	byDay := map[string][]hoursEntry{}
	for _, e := range entries {
		byDay[e.day] = append(byDay[e.day], e)
		if n := len(byDay[e.day]); n == maxCallHoursPerDay+1 {
			attrError(diags, e.at, "Too many entries for a "+unit,
				fmt.Sprintf("%s has more than %d entries: Meta allows at most %d per %s.", e.day, maxCallHoursPerDay, maxCallHoursPerDay, unit))
		}
	}
	for _, list := range byDay {
		for i := range list {
			for j := i + 1; j < len(list); j++ {
				a, b := list[i], list[j]
				if a.open < b.close && b.open < a.close {
					attrError(diags, b.at.AtName(b.openName), "Overlapping hours",
						fmt.Sprintf("%s %s-%s overlaps %s-%s: Meta refuses overlapping entries for a %s.", b.day, b.open, b.close, a.open, a.close, unit))
				}
			}
		}
	}
}

func validateSIP(ctx context.Context, sip *sipModel, diags *diag.Diagnostics) {
	servers, ok := listAs[sipServerModel](ctx, sip.Servers, diags)
	if ok && !sip.Servers.IsNull() && len(servers) == 0 && knownString(sip.Status) == "ENABLED" {
		attrError(diags, sipServersPath, "SIP needs a server",
			"Meta enables SIP only with a SIP server: add one to servers, or set status = \"DISABLED\".")
	}
	for i, srv := range servers {
		at := sipServersPath.AtListIndex(i)
		if host := knownString(srv.Hostname); host != "" && (len(host) > 253 || !sipHostPattern.MatchString(host)) {
			attrError(diags, at.AtName("hostname"), "Invalid SIP server host name",
				fmt.Sprintf("%q must be a host name such as sip.example.com, without a scheme, port or path.", host))
		}
		if p := srv.Port; !p.IsNull() && !p.IsUnknown() && (p.ValueInt64() < 1 || p.ValueInt64() > 65535) {
			attrError(diags, at.AtName("port"), "Invalid SIP server port", fmt.Sprintf("%d is not a port number (1 to 65535).", p.ValueInt64()))
		}
		if srv.RequestURIUserParams.IsNull() || srv.RequestURIUserParams.IsUnknown() {
			continue
		}
		for k, v := range srv.RequestURIUserParams.Elements() {
			s, _ := v.(types.String)
			if utf8.RuneCountInString(k) > maxSIPParamChars || utf8.RuneCountInString(knownString(s)) > maxSIPParamChars {
				attrError(diags, at.AtName("request_uri_user_params").AtMapKey(k), "SIP request URI parameter too long",
					fmt.Sprintf("Meta takes request URI parameters whose keys and values are at most %d characters.", maxSIPParamChars))
			}
		}
	}
}

func validatePayloadEncryption(ctx context.Context, o types.Object, diags *diag.Diagnostics) {
	e := objectAs[payloadEncryptionModel](ctx, o, diags)
	if e == nil {
		return
	}
	if knownString(e.Status) == "ENABLED" && e.ClientEncryptionKey.IsNull() {
		attrError(diags, clientKeyPath, "Missing client encryption key",
			"Meta enables payload encryption only with the business's public key: set client_encryption_key (Base64).")
	}
	if key := knownString(e.ClientEncryptionKey); key != "" {
		if b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(key)); err != nil || len(b) == 0 {
			attrError(diags, clientKeyPath, "Invalid client encryption key",
				"client_encryption_key must be Base64-encoded, for example base64encode(file(\"client-public.pem\")).")
		}
	}
}

func validateStorage(ctx context.Context, o types.Object, diags *diag.Diagnostics) {
	s := objectAs[storageModel](ctx, o, diags)
	if s == nil || s.Status.IsUnknown() || s.DataLocalizationRegion.IsUnknown() {
		return
	}
	regionAt := storagePath.AtName("data_localization_region")
	switch status, region := s.Status.ValueString(), s.DataLocalizationRegion.ValueString(); {
	case s.Status.IsNull() && !s.DataLocalizationRegion.IsNull():
		attrError(diags, storagePath.AtName("status"), "Missing local storage status",
			fmt.Sprintf("A data_localization_region is taken with status = %q: set it.", graph.StorageInCountry))
	case status == graph.StorageInCountry && region == "":
		attrError(diags, regionAt, "Missing data localization region",
			fmt.Sprintf("Local storage (%s) needs the country where data is kept: one of %s.", graph.StorageInCountry, strings.Join(graph.DataLocalizationRegions, ", ")))
	case status == graph.StorageDefault && region != "":
		attrError(diags, regionAt, "Region without local storage",
			fmt.Sprintf("data_localization_region is taken only with status = %q; remove it for Meta's default storage.", graph.StorageInCountry))
	}
}
