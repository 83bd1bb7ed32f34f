package emulator

import (
	"time"
)

// nodeType is the type of a Graph node, spelled as Graph names it in error
// messages. Graph ids share one namespace, so GET /{id} can be a business, a
// WABA, a phone number, a template, a flow…; the registry maps every id to
// its node and the router dispatches on the type. Files that add a node type
// declare its constant beside the type.
type nodeType string

const (
	nodeBusiness nodeType = "Business"
	nodeWABA     nodeType = "WhatsAppBusinessAccount"
	nodePhone    nodeType = "WhatsAppBusinessPhoneNumber"
	nodeTemplate nodeType = "WhatsAppMessageTemplate"
)

// graphName is the node type name Graph uses in error messages.
func (t nodeType) graphName() string { return string(t) }

// node is implemented by every object in the registry.
type node interface {
	// kind is the node's type, which selects its routes.
	kind() nodeType
	// owningWABA is the WABA whose business-use-case quota calls on the
	// node use, or "".
	owningWABA() string
}

func (*business) kind() nodeType { return nodeBusiness }
func (*waba) kind() nodeType     { return nodeWABA }
func (*phone) kind() nodeType    { return nodePhone }
func (*template) kind() nodeType { return nodeTemplate }

func (*business) owningWABA() string   { return "" }
func (w *waba) owningWABA() string     { return w.id }
func (p *phone) owningWABA() string    { return p.wabaID }
func (t *template) owningWABA() string { return t.wabaID }

type business struct {
	id, name   string
	timezoneID string
}

type waba struct {
	id, businessID       string
	seq                  int64
	name, timezoneID     string
	namespace            string
	accountReviewStatus  string
	businessVerification string
	country, currency    string
	ownershipType        string
	// Fields of the account that change only at Meta (WhatsApp Manager,
	// billing, review); see waba.go.
	primaryBusinessLocation string
	purchaseOrderNumber     string
	insightsEnabled         bool
	businessType            string
	// clientOf is the partner business a client WABA is shared with ("" for
	// a WABA that only its owner uses).
	clientOf string

	phones    []*phone
	templates []*template // creation order

	// deletedNames locks (name, language) pairs after deletion until the
	// stored time.
	deletedNames map[nameLanguage]time.Time
	// creations holds template creation times in the trailing hour.
	creations []time.Time
	// calls holds business-use-case calls in the trailing hour.
	calls []time.Time
	// lockedUntil is when a business-use-case lockout of the WABA ends;
	// calls before then extend it.
	lockedUntil time.Time
}

type nameLanguage struct{ name, language string }

type phone struct {
	id, wabaID             string
	seq                    int64
	displayPhoneNumber     string
	verifiedName           string
	qualityRating          string
	status                 string
	codeVerificationStatus string
	nameStatus             string
	platformType           string
	throughputLevel        string
	messagingLimitTier     string
	accountMode            string
	officialBusiness       bool

	// phoneState (phone.go) holds the number itself, registration, the
	// two-step PIN, verification codes and display name review.
	phoneState
}

// store is the emulator state behind one mutex (Emulator.mu).
type store struct {
	nodes map[string]node
	seq   int64 // creation order for stable paging

	// docs holds the documents attached to a node that are not nodes
	// themselves (a phone number's business profile, a WABA's app
	// subscriptions…), keyed by owner id and document kind.
	docs map[docKey]any

	// sent holds the template messages sent (messages.go), oldest first.
	sent []SentMessage
}

type docKey struct{ owner, kind string }

// attached returns the document of the given kind attached to owner,
// creating it with create on first use.
func attached[T any](s *store, owner, kind string, create func() *T) *T {
	k := docKey{owner, kind}
	if d, ok := s.docs[k].(*T); ok {
		return d
	}
	d := create()
	s.docs[k] = d
	return d
}

// peekAttached returns the document if it exists, without creating it.
func peekAttached[T any](s *store, owner, kind string) *T {
	d, _ := s.docs[docKey{owner, kind}].(*T)
	return d
}

// detach removes a document.
func (s *store) detach(owner, kind string) {
	delete(s.docs, docKey{owner, kind})
}

func (s *store) nextSeq() int64 {
	s.seq++
	return s.seq
}

// newID returns an unused numeric id.
func (s *store) newID() string {
	for {
		id := newNumericID()
		if _, taken := s.nodes[id]; !taken {
			return id
		}
	}
}

func (s *store) lookup(id string) (node, nodeType) {
	n, ok := s.nodes[id]
	if !ok || n == nil {
		return nil, ""
	}
	return n, n.kind()
}

func (s *store) waba(id string) *waba {
	w, _ := s.nodes[id].(*waba)
	return w
}

func (s *store) addWABA(id, businessID, name string) *waba {
	if name == "" {
		name = "WhatsApp Business Account " + lastDigits(id, 4)
	}
	w := &waba{
		id:                   id,
		businessID:           businessID,
		seq:                  s.nextSeq(),
		name:                 name,
		timezoneID:           "1",
		namespace:            templateNamespace(),
		accountReviewStatus:  "APPROVED",
		businessVerification: "VERIFIED",
		country:              "US",
		currency:             "USD",
		ownershipType:        "SELF_OWNED",
		deletedNames:         map[nameLanguage]time.Time{},

		primaryBusinessLocation: "US",
		insightsEnabled:         true,
		businessType:            "ENTERPRISE",
	}
	s.nodes[id] = w
	return w
}

func (s *store) addPhone(id string, w *waba) *phone {
	p := &phone{
		id:                     id,
		wabaID:                 w.id,
		seq:                    s.nextSeq(),
		displayPhoneNumber:     "+1 555-01" + lastDigits(id, 1) + "-" + lastDigits(id, 4),
		verifiedName:           "Emulated Business",
		qualityRating:          "GREEN",
		status:                 "CONNECTED",
		codeVerificationStatus: "VERIFIED",
		nameStatus:             "APPROVED",
		platformType:           "CLOUD_API",
		throughputLevel:        "STANDARD",
		messagingLimitTier:     "TIER_1K",
		accountMode:            "LIVE",
	}
	p.phoneState = seededPhoneState(p)
	w.phones = append(w.phones, p)
	s.nodes[id] = p
	return p
}

// wabasOwnedBy lists a business's WABAs in creation order.
func (s *store) wabasOwnedBy(businessID string) []*waba {
	var out []*waba
	for _, n := range s.nodes {
		if w, ok := n.(*waba); ok && w.businessID == businessID {
			out = append(out, w)
		}
	}
	sortBySeq(out, func(w *waba) int64 { return w.seq })
	return out
}

// newSeededStore builds the initial state: a business owning one WABA with a
// registered, connected phone number, and the app the token belongs to.
func newSeededStore(opts Options) *store {
	s := &store{nodes: map[string]node{}, docs: map[docKey]any{}}
	s.seedApp(opts.AppID)
	s.seedTemplateLibrary()
	s.nodes[opts.BusinessID] = &business{id: opts.BusinessID, name: "Emulated Business", timezoneID: "1"}
	w := s.addWABA(opts.BusinessAccountID, opts.BusinessID, "Emulated WhatsApp Business Account")
	s.addPhone(opts.PhoneNumberID, w)
	seedUsers(s, opts)
	return s
}

// templateNamespace mimics message_template_namespace, a UUID with
// underscores (58e6d318_b627_4112_b9c7_2961197553ea).
func templateNamespace() string {
	h := randomHex(16)
	return h[0:8] + "_" + h[8:12] + "_" + h[12:16] + "_" + h[16:20] + "_" + h[20:32]
}

// lastDigits returns the last n characters of an id, left-padded with zeros.
func lastDigits(id string, n int) string {
	for len(id) < n {
		id = "0" + id
	}
	return id[len(id)-n:]
}
