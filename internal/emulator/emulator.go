// Package emulator is an in-process emulator of the parts of Meta's Graph API
// (WhatsApp Business Management) that the provider talks to. It models Meta's
// observable behaviour: version routing, auth and appsecret_proof, the node
// registry, paging, batch requests, template validation and review, edit
// quotas, name locks, business-use-case throttling and scripted faults.
//
// It is an http.Handler, so tests can serve it in-process or through
// httptest; Start runs it on a real listener, and the whatsapp-emulator
// command wraps Start for people and scripts.
package emulator

import (
	"crypto/rand"
	"math/big"
	"sync"
	"time"
)

// Options configures an Emulator. Every zero value has a sensible default.
type Options struct {
	// Credentials. Empty values are generated: the token looks like a system
	// user token ("EAA" followed by 40 alphanumerics).
	AccessToken, AppID, AppSecret string
	// Seeded object ids. Empty values are generated 15–16 digit numeric ids.
	BusinessID, BusinessAccountID, PhoneNumberID string
	// SystemUserID is the business's system user, the owner of the access
	// token, assigned to the seeded WABA. Empty means generated.
	SystemUserID string
	// ReviewDelay is how long a template stays PENDING before its review
	// outcome applies. 0 means the outcome applies on the next request.
	ReviewDelay time.Duration
	// TokenScopes are the permissions the access token was granted, as
	// debug_token reports them. Empty means every permission the provider
	// uses: whatsapp_business_management, whatsapp_business_messaging and
	// business_management.
	TokenScopes []string
	// RequireAppSecretProof models the app setting "Require App Secret":
	// calls without appsecret_proof then fail with code 100.
	RequireAppSecretProof bool
	// CreationLimitPerHour caps template creations per WABA in a trailing
	// hour (Meta documents 100). 0 means 100.
	CreationLimitPerHour int
	// BUCQuotaPerHour is the business-use-case call quota per WABA per hour
	// on WABA and template endpoints. 0 means 5000.
	BUCQuotaPerHour int
	// RateWindow is the length of Meta's hourly windows (template creation
	// limit and BUC quota). 0 means one hour; tests and benchmarks shorten
	// it. Regain times are still reported in whole minutes, as Meta does.
	RateWindow time.Duration
	// MaxConversationalPrompts caps the ice breakers ("prompts") of a phone
	// number's conversational automation. 0 means 3, the spec's limit; Meta's
	// guide mentions 4.
	MaxConversationalPrompts int
	// Now is the base clock; the emulator clock is Now() plus whatever
	// Advance added. Default time.Now.
	Now func() time.Time

	// VerificationCode is the code every request_code "sends" and
	// verify_code accepts while it is valid (10 minutes, single use).
	// Default "123456".
	VerificationCode string
	// PhoneNumberLimit caps the phone numbers of a WABA that
	// POST /{waba-id}/phone_numbers accepts. 0 means 20.
	PhoneNumberLimit int
	// ScheduleLimit caps the schedules of a WABA that
	// POST /{waba-id}/schedules accepts. 0 means 50.
	ScheduleLimit int
	// DisplayNameReviewDelay is how long a display name stays
	// PENDING_REVIEW before the emulator decides it: names containing
	// "WhatsApp" are DECLINED, others APPROVED. 0 leaves names pending until
	// ReviewDisplayName decides them.
	DisplayNameReviewDelay time.Duration

	// SeedFile, when set, describes the starting account instead of the
	// default one (see LoadSeedFile). Its first business, WABA and phone
	// number are the seeded ids; BusinessID, BusinessAccountID and
	// PhoneNumberID are then only used for objects the file leaves without
	// an id. Credentials set here take precedence over the file's. New
	// panics on a seed file that fails Validate.
	SeedFile *SeedFile
}

// Seed describes the objects and credentials every fresh emulator starts with.
type Seed struct {
	BaseURL           string `json:"base_url"`
	AccessToken       string `json:"access_token"`
	BusinessID        string `json:"business_id"`
	BusinessAccountID string `json:"business_account_id"`
	PhoneNumberID     string `json:"phone_number_id"`
	SystemUserID      string `json:"system_user_id"`
	AppID             string `json:"app_id"`
	AppSecret         string `json:"app_secret"`
	// BusinessAccountIDs and PhoneNumberIDs list every seeded WABA and
	// phone number, in seed file order.
	BusinessAccountIDs []string `json:"business_account_ids"`
	PhoneNumberIDs     []string `json:"phone_number_ids"`
}

// Emulator is the Graph API emulator. All methods are safe for concurrent use.
type Emulator struct {
	mu      sync.Mutex
	opts    Options
	baseURL string
	clock   *clock
	store   *store
	routes  routeTable

	requests []RequestRecord
	reqSeq   int64

	faults   []*activeFault
	faultSeq int

	rules []compiledRule
}

const (
	defaultCreationLimitPerHour = 100
	defaultBUCQuotaPerHour      = 5000
)

// New returns an emulator seeded with one business, one WABA owned by it, a
// registered phone number on that WABA, an app and a system user token.
func New(opts Options) *Emulator {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.CreationLimitPerHour <= 0 {
		opts.CreationLimitPerHour = defaultCreationLimitPerHour
	}
	if opts.BUCQuotaPerHour <= 0 {
		opts.BUCQuotaPerHour = defaultBUCQuotaPerHour
	}
	if opts.RateWindow <= 0 {
		opts.RateWindow = time.Hour
	}
	if opts.VerificationCode == "" {
		opts.VerificationCode = defaultVerificationCode
	}
	if opts.PhoneNumberLimit <= 0 {
		opts.PhoneNumberLimit = defaultPhoneNumberLimit
	}
	if opts.SeedFile != nil {
		sf, err := opts.SeedFile.resolve(opts)
		if err != nil {
			panic("emulator: invalid seed file: " + err.Error())
		}
		applySeedFile(&opts, sf)
		opts.SeedFile = sf
	}
	fill := func(s *string, gen func() string) {
		if *s == "" {
			*s = gen()
		}
	}
	fill(&opts.AccessToken, func() string { return "EAA" + randomAlnum(40) })
	fill(&opts.AppID, newNumericID)
	fill(&opts.AppSecret, func() string { return randomHex(16) })
	fill(&opts.BusinessID, newNumericID)
	fill(&opts.BusinessAccountID, newNumericID)
	if opts.SeedFile == nil {
		fill(&opts.PhoneNumberID, newNumericID)
	}
	fill(&opts.SystemUserID, newNumericID)

	e := &Emulator{opts: opts, clock: newClock(opts.Now), routes: graphRoutes()}
	e.seedState()
	return e
}

// seedState builds the starting state: the seed file's account, or the
// default one. Callers hold e.mu (or own e exclusively).
func (e *Emulator) seedState() {
	if e.opts.SeedFile == nil {
		e.store = newSeededStore(e.opts)
		return
	}
	e.store = newStoreFromSeedFile(e.opts, e.now())
	e.rules = seedRules(e.opts.SeedFile)
}

// Seed returns the seeded ids and credentials. BaseURL is empty unless the
// emulator was started with Start.
func (e *Emulator) Seed() Seed {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.seedLocked()
}

func (e *Emulator) seedLocked() Seed {
	wabaIDs, phoneIDs := []string{e.opts.BusinessAccountID}, []string{e.opts.PhoneNumberID}
	if sf := e.opts.SeedFile; sf != nil {
		wabaIDs, phoneIDs = make([]string, 0, len(sf.BusinessAccounts)), make([]string, 0, len(sf.PhoneNumbers))
		for _, w := range sf.BusinessAccounts {
			wabaIDs = append(wabaIDs, w.ID)
		}
		for _, p := range sf.PhoneNumbers {
			phoneIDs = append(phoneIDs, p.ID)
		}
	}
	return Seed{
		BusinessAccountIDs: wabaIDs,
		PhoneNumberIDs:     phoneIDs,
		BaseURL:            e.baseURL,
		AccessToken:        e.opts.AccessToken,
		BusinessID:         e.opts.BusinessID,
		BusinessAccountID:  e.opts.BusinessAccountID,
		PhoneNumberID:      e.opts.PhoneNumberID,
		SystemUserID:       e.opts.SystemUserID,
		AppID:              e.opts.AppID,
		AppSecret:          e.opts.AppSecret,
	}
}

// Reset returns the emulator to its seeded state: same ids and token, no
// extra objects, empty request log, no faults, no review rules but the seed
// file's, and the clock back at the base clock.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = nil
	e.reqSeq = 0
	e.faults = nil
	e.rules = nil
	e.clock.reset()
	e.seedState()
}

// AddWABA adds a WABA owned by the seeded business and returns its id.
func (e *Emulator) AddWABA(name string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.store.addWABA(e.store.newID(), e.opts.BusinessID, name)
	return w.id
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomAlnum(n int) string {
	return randomFrom(alnum, n)
}

func randomHex(nBytes int) string {
	return randomFrom("0123456789abcdef", nBytes*2)
}

func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[v.Int64()]
	}
	return string(b)
}

// newNumericID returns a Graph-style object id: 15 or 16 digits, no leading 0.
func newNumericID() string {
	n := 15 + int(randomFrom("01", 1)[0]-'0')
	return randomFrom("123456789", 1) + randomFrom("0123456789", n-1)
}
