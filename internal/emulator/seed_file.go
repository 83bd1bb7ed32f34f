package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
)

// A seed file describes the account a fresh emulator starts with instead of
// the default one: businesses, WhatsApp Business Accounts, phone numbers,
// message templates that already exist with their review statuses, review
// rules for templates submitted later, and credentials. Reset returns to it.
//
// Lists that are left out keep the default object (one business, one WABA,
// one connected number on it); an empty phone_numbers list means no numbers.
// Objects without an id get a generated one. References (business_id,
// business_account_id) default to the first business and the first WABA.

// SeedFile is the parsed content of a seed file. Build one in Go or load it
// with LoadSeedFile or ParseSeedFile, and pass it in Options.SeedFile.
type SeedFile struct {
	Credentials      *SeedCredentials  `json:"credentials,omitempty"`
	Businesses       []SeedBusiness    `json:"businesses,omitempty"`
	BusinessAccounts []SeedWABA        `json:"business_accounts,omitempty"`
	PhoneNumbers     []SeedPhoneNumber `json:"phone_numbers"`
	MessageTemplates []SeedTemplate    `json:"message_templates,omitempty"`
	ReviewRules      []ReviewRule      `json:"review_rules,omitempty"`
	// Users are people and system users of the businesses, with the WABAs
	// they are assigned to (GET /{user-id}/assigned_whatsapp_business_accounts).
	Users []SeedUser `json:"users,omitempty"`
	// CreditLines are the businesses' lines of credit with Meta
	// (GET /{business-id}/extendedcredits).
	CreditLines []SeedCreditLine `json:"credit_lines,omitempty"`
}

// SeedCredentials are the credentials the emulator accepts. Options and the
// command's flags take precedence; empty values are generated.
type SeedCredentials struct {
	AccessToken  string `json:"access_token,omitempty"`
	AppID        string `json:"app_id,omitempty"`
	AppSecret    string `json:"app_secret,omitempty"`
	SystemUserID string `json:"system_user_id,omitempty"`
	// SystemUserRole is the token's system user's role on the first
	// business: ADMIN (default) or EMPLOYEE. An employee reads only its own
	// assigned WABAs.
	SystemUserRole string `json:"system_user_role,omitempty"`
	// SystemUserFinancePermission is its finance role: EDITOR, ANALYST or
	// none (default). Reading credit lines takes ADMIN or EDITOR.
	SystemUserFinancePermission string `json:"system_user_finance_permission,omitempty"`
}

// SeedUser is a person (BUSINESS_USER, the default) or a SYSTEM_USER of a
// business, and the WABAs it is assigned to.
type SeedUser struct {
	ID string `json:"id,omitempty"`
	// BusinessID is the user's business (default: the first business).
	BusinessID string `json:"business_id,omitempty"`
	Name       string `json:"name,omitempty"`
	UserType   string `json:"user_type,omitempty"`
	// Role is ADMIN or EMPLOYEE (default).
	Role string `json:"role,omitempty"`
	// FinancePermission is EDITOR, ANALYST or none (default).
	FinancePermission string `json:"finance_permission,omitempty"`
	// AssignedBusinessAccounts are the WABAs the user is assigned to, each
	// owned by or shared with the user's business.
	AssignedBusinessAccounts []SeedAssignment `json:"assigned_business_accounts,omitempty"`
}

// SeedAssignment is a user's access to one WABA.
type SeedAssignment struct {
	BusinessAccountID string `json:"business_account_id"`
	// Tasks are the user's tasks on the WABA (default MANAGE).
	Tasks []string `json:"tasks,omitempty"`
}

// SeedCreditLine is a business's line of credit with Meta (an
// ExtendedCredit), which a Solution Partner shares with its clients' WABAs.
type SeedCreditLine struct {
	ID string `json:"id,omitempty"`
	// BusinessID is the business that owns the credit line (default: the
	// first business).
	BusinessID      string `json:"business_id,omitempty"`
	LegalEntityName string `json:"legal_entity_name,omitempty"`
	// CreditType is Meta's credit type (default EXTENDED_CREDIT).
	CreditType      string `json:"credit_type,omitempty"`
	IsAccessRevoked bool   `json:"is_access_revoked,omitempty"`
}

// SeedBusiness is a business portfolio. The first one owns the access token's
// system user.
type SeedBusiness struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name,omitempty"`
	TimezoneID string `json:"timezone_id,omitempty"`
}

// SeedWABA is a WhatsApp Business Account.
type SeedWABA struct {
	ID string `json:"id,omitempty"`
	// BusinessID is the owning business (default: the first business).
	BusinessID string `json:"business_id,omitempty"`
	// ClientOfBusinessID shares the WABA with that business as a client
	// account (ownership_type CLIENT_OWNED), as Embedded Signup does.
	ClientOfBusinessID         string `json:"client_of_business_id,omitempty"`
	Name                       string `json:"name,omitempty"`
	Currency                   string `json:"currency,omitempty"`
	TimezoneID                 string `json:"timezone_id,omitempty"`
	Country                    string `json:"country,omitempty"`
	AccountReviewStatus        string `json:"account_review_status,omitempty"`
	BusinessVerificationStatus string `json:"business_verification_status,omitempty"`
}

// SeedPhoneNumber is a business phone number.
type SeedPhoneNumber struct {
	ID string `json:"id,omitempty"`
	// BusinessAccountID is the WABA the number belongs to (default: the
	// first WABA).
	BusinessAccountID  string `json:"business_account_id,omitempty"`
	DisplayPhoneNumber string `json:"display_phone_number,omitempty"`
	VerifiedName       string `json:"verified_name,omitempty"`
	// Status is CONNECTED (default), FLAGGED, RESTRICTED or RATE_LIMITED for
	// a registered number, PENDING or DISCONNECTED for one that is not.
	Status string `json:"status,omitempty"`
	// QualityRating is GREEN (default), YELLOW, RED, UNKNOWN or NA.
	QualityRating      string `json:"quality_rating,omitempty"`
	NameStatus         string `json:"name_status,omitempty"`
	MessagingLimitTier string `json:"messaging_limit_tier,omitempty"`
}

// SeedTemplate is a message template that already exists, with the review
// status Meta gave it.
type SeedTemplate struct {
	ID                string `json:"id,omitempty"`
	BusinessAccountID string `json:"business_account_id,omitempty"`
	Name              string `json:"name"`
	Language          string `json:"language"`
	Category          string `json:"category"`
	// Status is APPROVED (default), REJECTED, PAUSED, DISABLED, IN_APPEAL or
	// PENDING; a PENDING template is reviewed after the review delay, by the
	// review rules, as if it had been submitted when the emulator started.
	Status string `json:"status,omitempty"`
	// RejectedReason is Meta's reason for a REJECTED template (default
	// INVALID_FORMAT).
	RejectedReason  string `json:"rejected_reason,omitempty"`
	QualityScore    string `json:"quality_score,omitempty"`
	ParameterFormat string `json:"parameter_format,omitempty"`
	// Components are written as in POST /{waba-id}/message_templates and
	// validated by the same rules; components and buttons of types the
	// emulator does not model are kept and read back verbatim
	// (seed_template_content.go).
	Components []map[string]any `json:"components"`
	// LibraryTemplateName creates the template from the Template Library,
	// with LibraryTemplateButtonInputs and LibraryTemplateBodyInputs as in
	// POST /{waba-id}/message_templates, instead of Components.
	LibraryTemplateName         string `json:"library_template_name,omitempty"`
	LibraryTemplateButtonInputs any    `json:"library_template_button_inputs,omitempty"`
	LibraryTemplateBodyInputs   any    `json:"library_template_body_inputs,omitempty"`
	SubCategory                 string `json:"sub_category,omitempty"`
	CTAURLLinkTrackingOptedOut  bool   `json:"cta_url_link_tracking_opted_out,omitempty"`
}

// LoadSeedFile reads and validates a JSON seed file.
func LoadSeedFile(path string) (*SeedFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seed file: %w", err)
	}
	sf, err := ParseSeedFile(data)
	if err != nil {
		return nil, fmt.Errorf("seed file %s: %w", path, err)
	}
	return sf, nil
}

// ParseSeedFile decodes and validates a JSON seed file. Unknown fields are
// errors, so that a misspelt field is not silently ignored.
func ParseSeedFile(data []byte) (*SeedFile, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sf SeedFile
	if err := dec.Decode(&sf); err != nil {
		var syntax *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			line, col := jsonLineCol(data, syntax.Offset)
			return nil, fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col, err)
		case errors.As(err, &typeErr):
			return nil, fmt.Errorf("%s: expected %s, got JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
		}
		return nil, fmt.Errorf("invalid seed file: %w", err)
	}
	if dec.More() {
		return nil, errors.New("invalid seed file: more than one JSON value")
	}
	if err := sf.Validate(); err != nil {
		return nil, err
	}
	return &sf, nil
}

func jsonLineCol(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset-1 && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Validate checks the seed file and reports every problem, each naming its
// field (such as message_templates[2].status).
func (sf *SeedFile) Validate() error {
	_, err := sf.resolve(Options{})
	return err
}

var (
	seedPhoneStatuses   = []string{phoneStatusConnected, "FLAGGED", "RESTRICTED", "RATE_LIMITED", phoneStatusPending, phoneStatusDisconnected}
	seedQualityRatings  = []string{"GREEN", "YELLOW", "RED", "UNKNOWN", "NA"}
	seedNameStatuses    = []string{"APPROVED", "AVAILABLE_WITHOUT_REVIEW", "DECLINED", "EXPIRED", "PENDING_REVIEW", "NONE"}
	seedLimitTiers      = []string{"TIER_50", "TIER_250", "TIER_1K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"}
	seedTemplateStatus  = []string{statusApproved, statusRejected, statusPaused, statusDisabled, statusInAppeal, statusPending}
	currencyPattern     = regexp.MustCompile(`^[A-Z]{3}$`)
	countryPattern      = regexp.MustCompile(`^[A-Z]{2}$`)
	seedE164DigitsCount = regexp.MustCompile(`^[1-9][0-9]{6,14}$`)
)

// seedProblems collects validation errors.
type seedProblems []string

func (p *seedProblems) add(field, format string, args ...any) {
	*p = append(*p, field+": "+fmt.Sprintf(format, args...))
}

func (p seedProblems) err() error {
	if len(p) == 0 {
		return nil
	}
	if len(p) == 1 {
		return errors.New(p[0])
	}
	return errors.New(fmt.Sprintf("%d problems:\n  ", len(p)) + strings.Join(p, "\n  "))
}

// oneOf checks an optional enum value, upper-casing it in place.
func (p *seedProblems) oneOf(field string, v *string, allowed []string) {
	*v = strings.ToUpper(strings.TrimSpace(*v))
	if *v != "" && !contains(allowed, *v) {
		p.add(field, "%q is not one of %s", *v, strings.Join(allowed, ", "))
	}
}

// resolve validates the seed file and returns a copy with every id,
// reference and default filled in, using opts for ids and credentials it
// sets. The copy is what the emulator builds its state from, so Reset
// restores the same ids.
func (sf *SeedFile) resolve(opts Options) (*SeedFile, error) {
	var probs seedProblems
	out := &SeedFile{Credentials: &SeedCredentials{}}
	if sf.Credentials != nil {
		*out.Credentials = *sf.Credentials
	}
	c := out.Credentials
	if c.AppID != "" && !isNumeric(c.AppID) {
		probs.add("credentials.app_id", "%q must be a numeric id", c.AppID)
	}
	if c.SystemUserID != "" && !isNumeric(c.SystemUserID) {
		probs.add("credentials.system_user_id", "%q must be a numeric id", c.SystemUserID)
	}
	if c.AccessToken != "" && strings.ContainsAny(c.AccessToken, " \t\r\n") {
		probs.add("credentials.access_token", "must not contain whitespace")
	}

	ids := map[string]string{} // id -> field that declared it
	claim := func(field string, id *string, preset string) {
		if *id == "" {
			*id = preset
		}
		if *id == "" {
			for {
				*id = newNumericID()
				if _, taken := ids[*id]; !taken {
					break
				}
			}
		}
		if !isNumeric(*id) {
			probs.add(field+".id", "%q must be a numeric id", *id)
		}
		if prev, taken := ids[*id]; taken {
			probs.add(field+".id", "%s is already the id of %s", *id, prev)
		}
		ids[*id] = field
	}
	for _, id := range []struct{ field, id string }{{"credentials.app_id", c.AppID}, {"credentials.system_user_id", c.SystemUserID}} {
		if id.id != "" {
			ids[id.id] = id.field
		}
	}

	// Businesses.
	businesses := sf.Businesses
	if businesses == nil {
		businesses = []SeedBusiness{{Name: "Emulated Business"}}
	} else if len(businesses) == 0 {
		probs.add("businesses", "needs at least one business (leave the list out for the default one)")
	}
	for i, b := range businesses {
		field := fmt.Sprintf("businesses[%d]", i)
		preset := ""
		if i == 0 {
			preset = opts.BusinessID
		}
		claim(field, &b.ID, preset)
		if strings.TrimSpace(b.Name) == "" {
			b.Name = "Business " + lastDigits(b.ID, 4)
		}
		if b.TimezoneID == "" {
			b.TimezoneID = "1"
		} else if !isNumeric(b.TimezoneID) {
			probs.add(field+".timezone_id", "%q must be a numeric Meta timezone id such as \"1\"", b.TimezoneID)
		}
		out.Businesses = append(out.Businesses, b)
	}
	isBusiness := map[string]bool{}
	for _, b := range out.Businesses {
		isBusiness[b.ID] = true
	}
	firstBusiness := ""
	if len(out.Businesses) > 0 {
		firstBusiness = out.Businesses[0].ID
	}

	// WhatsApp Business Accounts.
	wabas := sf.BusinessAccounts
	if wabas == nil {
		wabas = []SeedWABA{{Name: "Emulated WhatsApp Business Account"}}
	} else if len(wabas) == 0 {
		probs.add("business_accounts", "needs at least one WhatsApp Business Account (leave the list out for the default one)")
	}
	for i, w := range wabas {
		field := fmt.Sprintf("business_accounts[%d]", i)
		preset := ""
		if i == 0 {
			preset = opts.BusinessAccountID
		}
		claim(field, &w.ID, preset)
		if w.BusinessID == "" {
			w.BusinessID = firstBusiness
		} else if !isBusiness[w.BusinessID] {
			probs.add(field+".business_id", "%q is not the id of a business in businesses", w.BusinessID)
		}
		if w.ClientOfBusinessID != "" {
			switch {
			case !isBusiness[w.ClientOfBusinessID]:
				probs.add(field+".client_of_business_id", "%q is not the id of a business in businesses", w.ClientOfBusinessID)
			case w.ClientOfBusinessID == w.BusinessID:
				probs.add(field+".client_of_business_id", "is the owning business; a client WABA is owned by another business")
			}
		}
		if n := len([]rune(w.Name)); strings.TrimSpace(w.Name) == "" {
			w.Name = "WhatsApp Business Account " + lastDigits(w.ID, 4)
		} else if n > 100 {
			probs.add(field+".name", "must be at most 100 characters")
		}
		currency := strings.ToUpper(strings.TrimSpace(w.Currency))
		if currency == "" {
			currency = "USD"
		} else if !currencyPattern.MatchString(currency) {
			probs.add(field+".currency", "%q must be a 3-letter ISO 4217 code such as USD or EUR", w.Currency)
		}
		w.Currency = currency
		if w.TimezoneID == "" {
			w.TimezoneID = "1"
		} else if !isNumeric(w.TimezoneID) {
			probs.add(field+".timezone_id", "%q must be a numeric Meta timezone id such as \"1\"", w.TimezoneID)
		}
		country := strings.ToUpper(strings.TrimSpace(w.Country))
		if country == "" {
			country = "US"
		} else if !countryPattern.MatchString(country) {
			probs.add(field+".country", "%q must be a 2-letter ISO 3166 country code such as US", w.Country)
		}
		w.Country = country
		probs.oneOf(field+".account_review_status", &w.AccountReviewStatus, accountReviewStatuses)
		probs.oneOf(field+".business_verification_status", &w.BusinessVerificationStatus, verificationStatuses)
		out.BusinessAccounts = append(out.BusinessAccounts, w)
	}
	isWABA := map[string]bool{}
	for _, w := range out.BusinessAccounts {
		isWABA[w.ID] = true
	}
	firstWABA := ""
	if len(out.BusinessAccounts) > 0 {
		firstWABA = out.BusinessAccounts[0].ID
	}
	wabaRef := func(field string, ref *string) {
		if *ref == "" {
			*ref = firstWABA
		} else if !isWABA[*ref] {
			probs.add(field+".business_account_id", "%q is not the id of a WhatsApp Business Account in business_accounts", *ref)
		}
	}

	// Phone numbers.
	phones := sf.PhoneNumbers
	if phones == nil {
		phones = []SeedPhoneNumber{{}}
	}
	numbers := map[string]string{}
	for i, p := range phones {
		field := fmt.Sprintf("phone_numbers[%d]", i)
		preset := ""
		if i == 0 {
			preset = opts.PhoneNumberID
		}
		claim(field, &p.ID, preset)
		wabaRef(field, &p.BusinessAccountID)
		if p.DisplayPhoneNumber == "" {
			p.DisplayPhoneNumber = "+1 555-01" + lastDigits(p.ID, 1) + "-" + lastDigits(p.ID, 4)
		}
		digits := digitsOnly(p.DisplayPhoneNumber)
		if !seedE164DigitsCount.MatchString(digits) || strings.Trim(p.DisplayPhoneNumber, "+0123456789 -().") != "" {
			probs.add(field+".display_phone_number", "%q must be an international number such as \"+1 555-0100-1234\" (7 to 15 digits with the country code)", p.DisplayPhoneNumber)
		} else if prev, dup := numbers[digits]; dup {
			probs.add(field+".display_phone_number", "%s is already the number of %s", p.DisplayPhoneNumber, prev)
		}
		numbers[digits] = field
		if strings.TrimSpace(p.VerifiedName) == "" {
			p.VerifiedName = "Emulated Business"
		} else if n := len([]rune(p.VerifiedName)); n < 2 || n > 75 {
			probs.add(field+".verified_name", "must be 2 to 75 characters")
		}
		probs.oneOf(field+".status", &p.Status, seedPhoneStatuses)
		if p.Status == "" {
			p.Status = phoneStatusConnected
		}
		probs.oneOf(field+".quality_rating", &p.QualityRating, seedQualityRatings)
		if p.QualityRating == "" {
			p.QualityRating = "GREEN"
		}
		probs.oneOf(field+".name_status", &p.NameStatus, seedNameStatuses)
		probs.oneOf(field+".messaging_limit_tier", &p.MessagingLimitTier, seedLimitTiers)
		out.PhoneNumbers = append(out.PhoneNumbers, p)
	}
	if out.PhoneNumbers == nil {
		out.PhoneNumbers = []SeedPhoneNumber{}
	}

	// Message templates.
	type key struct{ waba, name, language string }
	seen := map[key]string{}
	for i, t := range sf.MessageTemplates {
		field := fmt.Sprintf("message_templates[%d]", i)
		claim(field, &t.ID, "")
		wabaRef(field, &t.BusinessAccountID)
		switch {
		case t.Name == "":
			probs.add(field+".name", "is required")
		case len(t.Name) > 512 || !templateNamePattern.MatchString(t.Name):
			probs.add(field+".name", "%q may only have lowercase letters, numbers and underscores (at most 512 characters)", t.Name)
		}
		if _, ok := templateLanguages[t.Language]; !ok {
			probs.add(field+".language", "%q is not a template language Meta supports, such as en_US", t.Language)
		}
		k := key{t.BusinessAccountID, t.Name, t.Language}
		if prev, dup := seen[k]; dup && t.Name != "" {
			probs.add(field, "%s (%s) is already declared by %s in the same WhatsApp Business Account", t.Name, t.Language, prev)
		}
		seen[k] = field
		category := strings.ToUpper(strings.TrimSpace(t.Category))
		if !contains(templateCategories, category) {
			probs.add(field+".category", "%q is not one of %s", t.Category, strings.Join(templateCategories, ", "))
		}
		t.Category = category
		probs.oneOf(field+".status", &t.Status, seedTemplateStatus)
		if t.Status == "" {
			t.Status = statusApproved
		}
		probs.oneOf(field+".rejected_reason", &t.RejectedReason, rejectionReasons)
		switch {
		case t.RejectedReason != "" && t.RejectedReason != "NONE" && t.Status != statusRejected:
			probs.add(field+".rejected_reason", "only applies to status REJECTED (status is %s)", t.Status)
		case t.Status == statusRejected && (t.RejectedReason == "" || t.RejectedReason == "NONE"):
			t.RejectedReason = "INVALID_FORMAT"
		case t.Status != statusRejected:
			t.RejectedReason = "NONE"
		}
		probs.oneOf(field+".quality_score", &t.QualityScore, qualityScores)
		if t.QualityScore == "" {
			t.QualityScore = "UNKNOWN"
		}
		probs.oneOf(field+".parameter_format", &t.ParameterFormat, []string{"POSITIONAL", "NAMED"})
		if t.ParameterFormat == "" {
			t.ParameterFormat = "POSITIONAL"
		}
		if t.LibraryTemplateName != "" {
			t.ParameterFormat = "POSITIONAL"
		}
		comps, at, gerr := seedTemplateContent(t, category)
		if gerr != nil {
			probs.add(field+"."+at, "%s", graphErrorText(gerr))
		}
		if t.LibraryTemplateName == "" {
			// A library template keeps its inputs; the store generates its
			// components (seededComponents).
			t.Components = comps
		}
		t.SubCategory = strings.ToUpper(strings.TrimSpace(t.SubCategory))
		out.MessageTemplates = append(out.MessageTemplates, t)
	}

	resolvePartnerAccounts(sf, out, &probs, claim, isBusiness, isWABA, firstBusiness)

	// Review rules decide the templates submitted later.
	for i, r := range sf.ReviewRules {
		field := fmt.Sprintf("review_rules[%d]", i)
		cr, err := compileRule(r)
		switch {
		case err != nil:
			probs.add(field, "%v", err)
		case r.ApplyToExisting || (!cr.isOutcome() && cr.DelayMS == 0):
			probs.add(field, "a seed rule decides future reviews (status APPROVED or REJECTED, or delay_ms); set the status of existing templates in message_templates instead")
		default:
			out.ReviewRules = append(out.ReviewRules, cr.ReviewRule)
		}
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// seedComponentRules validates seeded components as a create would; the
// media of a seeded template was uploaded before the emulator started.
func seedComponentRules(category, format string) componentRules {
	var none *call
	return componentRules{category: category, format: format, media: none.checkMediaHandle}
}

// graphErrorText is the message a user sees for a validation failure.
func graphErrorText(g *graphError) string {
	if g.UserMsg != "" {
		return g.UserMsg
	}
	return g.Message
}

// applySeedFile fills opts from a resolved seed file: its first business,
// WABA and phone number become the seeded ids the ready line reports, and its
// credentials apply where opts has none.
func applySeedFile(opts *Options, sf *SeedFile) {
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	set(&opts.AccessToken, sf.Credentials.AccessToken)
	set(&opts.AppID, sf.Credentials.AppID)
	set(&opts.AppSecret, sf.Credentials.AppSecret)
	set(&opts.SystemUserID, sf.Credentials.SystemUserID)
	opts.BusinessID = sf.Businesses[0].ID
	opts.BusinessAccountID = sf.BusinessAccounts[0].ID
	opts.PhoneNumberID = ""
	if len(sf.PhoneNumbers) > 0 {
		opts.PhoneNumberID = sf.PhoneNumbers[0].ID
	}
}

// newStoreFromSeedFile builds the state a resolved seed file describes.
func newStoreFromSeedFile(opts Options, now time.Time) *store {
	sf := opts.SeedFile
	s := &store{nodes: map[string]node{}, docs: map[docKey]any{}}
	s.seedApp(opts.AppID)
	s.seedTemplateLibrary()
	for _, b := range sf.Businesses {
		s.nodes[b.ID] = &business{id: b.ID, name: b.Name, timezoneID: b.TimezoneID}
	}
	for _, sw := range sf.BusinessAccounts {
		w := s.addWABA(sw.ID, sw.BusinessID, sw.Name)
		w.currency, w.timezoneID, w.country = sw.Currency, sw.TimezoneID, sw.Country
		w.primaryBusinessLocation = sw.Country
		if sw.AccountReviewStatus != "" {
			w.accountReviewStatus = sw.AccountReviewStatus
		}
		if sw.BusinessVerificationStatus != "" {
			w.businessVerification = sw.BusinessVerificationStatus
		}
		if sw.ClientOfBusinessID != "" {
			w.ownershipType = "CLIENT_OWNED"
			w.clientOf = sw.ClientOfBusinessID
		}
	}
	for _, sp := range sf.PhoneNumbers {
		p := s.addPhone(sp.ID, s.waba(sp.BusinessAccountID))
		p.displayPhoneNumber = sp.DisplayPhoneNumber
		p.verifiedName = sp.VerifiedName
		p.status = sp.Status
		p.qualityRating = sp.QualityRating
		p.e164 = digitsOnly(sp.DisplayPhoneNumber)
		p.dialCode = guessDialCode(p.e164)
		if !p.registered() {
			p.platformType = platformNotApplicable
			p.onboardedSeq = 0
			if sp.Status == phoneStatusPending {
				p.codeVerificationStatus = codeNotVerified
			}
		}
		if sp.NameStatus != "" {
			p.nameStatus = sp.NameStatus
		}
		if sp.MessagingLimitTier != "" {
			p.messagingLimitTier = sp.MessagingLimitTier
		}
	}
	for _, st := range sf.MessageTemplates {
		w := s.waba(st.BusinessAccountID)
		t := &template{
			id:              st.ID,
			wabaID:          w.id,
			seq:             s.nextSeq(),
			name:            st.Name,
			language:        st.Language,
			category:        st.Category,
			status:          st.Status,
			parameterFormat: st.ParameterFormat,
			components:      seededComponents(st),
			rejectedReason:  st.RejectedReason,
			qualityScore:    st.QualityScore,
			qualityDate:     now,
			createdAt:       now,
			submittedAt:     now,

			libraryTemplateName: st.LibraryTemplateName,
			subCategory:         st.SubCategory,
			ctaOptedOut:         st.CTAURLLinkTrackingOptedOut,
		}
		if st.Status == statusPaused {
			t.pause(now)
		}
		t.refreshMediaURLs()
		w.templates = append(w.templates, t)
		s.nodes[t.id] = t
	}
	s.nodes[opts.SystemUserID] = &businessUser{id: opts.SystemUserID, businessID: opts.BusinessID,
		name: "Emulated System User", userType: userTypeSystem, role: sf.Credentials.SystemUserRole,
		financePermission: sf.Credentials.SystemUserFinancePermission}
	for _, sw := range sf.BusinessAccounts {
		if !s.waba(sw.ID).canUse(opts.BusinessID) {
			continue
		}
		doc := attached(s, sw.ID, docAssignedUsers, func() *assignments { return &assignments{} })
		doc.list = append(doc.list, &assignment{userID: opts.SystemUserID, tasks: []string{"MANAGE"}, seq: s.nextSeq(), at: now})
	}
	seedPartnerAccounts(s, sf, now)
	return s
}

// seededComponents returns the components of a resolved seed template: the
// library template's, generated from its inputs, or a copy of the listed
// ones.
func seededComponents(st SeedTemplate) []map[string]any {
	if st.LibraryTemplateName != "" {
		comps, _, _ := seedTemplateContent(st, st.Category)
		return comps
	}
	return copyComponents(st.Components)
}

func copyComponents(comps []map[string]any) []map[string]any {
	out := make([]map[string]any, len(comps))
	for i, c := range comps {
		out[i], _ = deepCopy(c).(map[string]any)
	}
	return out
}

// seedRules compiles the seed file's review rules (already validated).
func seedRules(sf *SeedFile) []compiledRule {
	if sf == nil {
		return nil
	}
	var out []compiledRule
	for _, r := range sf.ReviewRules {
		cr, err := compileRule(r)
		if err == nil {
			out = append(out, cr)
		}
	}
	return out
}
