package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// readAheadAfter is how many numbers a command reads one kind of per-number object for before
// it reads that kind for the other numbers of their accounts. Below it, a configuration that
// manages the settings of one or two numbers never reads the others.
const readAheadAfter = 3

// readAheadTimeout bounds a read-ahead, which outlives the read that started it.
const readAheadTimeout = 5 * time.Minute

// readBatcher makes the provider's reads of everything that is not a message template (templates
// have templateCache) for one provider configuration, that is one terraform command.
//
//   - Every read goes through one graph.Coalescer: reads made at about the same time, such as
//     Terraform's parallel refreshes (-parallelism, default 10), leave as one Graph batch request.
//   - Reads that share a listing are served from the command's listingCache of it: the phone
//     numbers of an account, the QR codes of a number, the apps subscribed to an account, the
//     users assigned to one.
//   - Read-ahead (refresh_read_ahead, on by default): once a command has asked readAheadAfter
//     numbers for one kind of per-number object (business profile, conversational automation,
//     commerce settings, webhook configuration, business encryption, QR code listing), the kind
//     is read for every other number of their accounts, as the phone number listings show them,
//     in batches of 50, and the answers are kept for the command.
//
// Invariants:
//   - every answer was read during this command; nothing outlives the provider configuration;
//   - a read's error is the object's own: a read-ahead answer is used only when it succeeded, and
//     a failed one (a number gone, a throttled scope) leaves the object to a read of its own;
//     the outcome of a read of its own, error included, stands for the rest of the command (the
//     fast paths' look at an object and the refresh after it see one read);
//   - writes of this process replace or drop what the command holds of the object (putAhead,
//     the listing caches' put, remove and drop), so a later read sees the write;
//   - with read-ahead off, the only objects read that Terraform did not ask for are those that
//     come in the listings above.
type readBatcher struct {
	client    *graph.Client
	coalescer *graph.Coalescer
	readAhead bool

	phones         *listingCache[string, graph.PhoneNumber]
	qrCodes        *listingCache[qrListingKey, graph.QRCode]
	subscribedApps *listingCache[string, graph.SubscribedApp]
	assignedUsers  *listingCache[assignedUsersKey, graph.AssignedUser]

	profiles    *perNumber[*graph.BusinessProfile]
	automations *perNumber[*graph.ConversationalAutomation]
	commerce    *perNumber[*graph.CommerceSettings]
	webhooks    *perNumber[*graph.WebhookConfiguration]
	encryption  *perNumber[*graph.BusinessEncryption]
	// qrAhead reads the QR code listings ahead, in the default image format.
	qrAhead *readAhead

	mu sync.Mutex
	// accounts are the WhatsApp Business Accounts whose numbers read-ahead may read: the
	// provider's business_account_id and those of the phone numbers read.
	accounts map[string]bool
	app      *graph.App
	// qrFailed and phoneFailed are the errors of the direct reads of QR codes and phone numbers
	// missing from their listing.
	qrFailed    map[qrCodeKey]error
	phoneFailed map[string]error
}

// qrCodeKey names a QR code read in one image format.
type qrCodeKey struct {
	qrListingKey
	code string
}

// qrListingKey names a listing of a number's QR codes with their image URLs in one format.
type qrListingKey struct{ phone, format string }

// assignedUsersKey names the listing of a business's users assigned to an account.
type assignedUsersKey struct{ waba, business string }

// readerOf returns the configuration's read batcher.
func readerOf(d *providerData) *readBatcher {
	return areaState(d, newReadBatcher)
}

func newReadBatcher(d *providerData) *readBatcher {
	rb := &readBatcher{
		client: d.client, coalescer: graph.NewCoalescer(d.client, d.linger), readAhead: d.refreshReadAhead,
		accounts: map[string]bool{}, qrFailed: map[qrCodeKey]error{}, phoneFailed: map[string]error{},
	}
	if d.businessAccountID != "" {
		rb.accounts[d.businessAccountID] = true
	}
	rb.phones = newListingCache("phone numbers", func(p *graph.PhoneNumber) string { return p.ID },
		func(ctx context.Context, waba string) ([]graph.PhoneNumber, error) {
			r, err := graph.PhoneNumbersRead(waba, graph.PhoneNumberFilter{PageSize: phoneListPageSize})
			if err != nil {
				return nil, err
			}
			return r.Get(ctx, rb.coalescer)
		})
	rb.qrCodes = newListingCache("QR codes", func(q *graph.QRCode) string { return q.Code },
		func(ctx context.Context, k qrListingKey) ([]graph.QRCode, error) {
			return graph.QRCodesRead(k.phone, k.format).Get(ctx, rb.coalescer)
		})
	rb.subscribedApps = newListingCache("subscribed apps", func(s *graph.SubscribedApp) string { return s.App.ID },
		func(ctx context.Context, waba string) ([]graph.SubscribedApp, error) {
			return graph.SubscribedAppsRead(waba).Get(ctx, rb.coalescer)
		})
	rb.assignedUsers = newListingCache("assigned users", func(u *graph.AssignedUser) string { return u.ID },
		func(ctx context.Context, k assignedUsersKey) ([]graph.AssignedUser, error) {
			return graph.AssignedUsersRead(k.waba, k.business).Get(ctx, rb.coalescer)
		})
	rb.profiles = newPerNumber(rb, "business profile", graph.BusinessProfileRead)
	rb.automations = newPerNumber(rb, "conversational automation", graph.ConversationalAutomationRead)
	rb.commerce = newPerNumber(rb, "commerce settings", graph.CommerceSettingsRead)
	rb.webhooks = newPerNumber(rb, "webhook configuration", graph.WebhookConfigurationRead)
	rb.encryption = newPerNumber(rb, "business encryption", graph.BusinessEncryptionRead)
	rb.qrAhead = &readAhead{rb: rb, what: "QR codes", asked: map[string]bool{}, fetch: func(ctx context.Context, phones []string) {
		keys := make([]qrListingKey, len(phones))
		for i, p := range phones {
			keys[i] = qrListingKey{p, graph.QRImagePNG}
		}
		rb.qrCodes.prefetch(ctx, keys)
	}}
	return rb
}

// phoneListPageSize is the page size of the phone number listing, the largest Meta accepts.
const phoneListPageSize = 100

// get makes a read through the coalescer.
func get[T any](ctx context.Context, rb *readBatcher, r graph.Read[T]) (T, error) {
	return r.Get(ctx, rb.coalescer)
}

// noteAccount adds an account whose numbers read-ahead may read.
func (rb *readBatcher) noteAccount(waba string) {
	if waba == "" {
		return
	}
	rb.mu.Lock()
	defer rb.mu.Unlock()
	rb.accounts[waba] = true
}

// phone returns a phone number of an account: from the account's listing, else read directly
// (and then kept in the listing).
func (rb *readBatcher) phone(ctx context.Context, waba, id string) (*graph.PhoneNumber, error) {
	if waba != "" {
		rb.noteAccount(waba)
		if p, ok := rb.phones.find(ctx, waba, id); ok {
			return p, nil
		}
	}
	rb.mu.Lock()
	err, read := rb.phoneFailed[id]
	rb.mu.Unlock()
	if read {
		return nil, err
	}
	p, err := get(ctx, rb, graph.PhoneNumberRead(id))
	switch {
	case err == nil && waba != "":
		rb.phones.put(waba, *p)
	case err != nil && ctx.Err() == nil:
		rb.mu.Lock()
		rb.phoneFailed[id] = err
		rb.mu.Unlock()
	}
	return p, err
}

// forgetPhone drops a phone number from its account's listing, and the failures of reading it,
// after this process changed it.
func (rb *readBatcher) forgetPhone(waba, id string) {
	rb.mu.Lock()
	delete(rb.phoneFailed, id)
	rb.mu.Unlock()
	rb.phones.remove(waba, id)
}

// qrCode returns a QR code of a number, with its image URL in format: from the number's listing
// in that format, else read directly (and then kept in the listing).
func (rb *readBatcher) qrCode(ctx context.Context, phone, code, format string) (*graph.QRCode, error) {
	if format == graph.QRImagePNG {
		rb.qrAhead.ask(ctx, phone)
	}
	key := qrListingKey{phone, format}
	if qr, ok := rb.qrCodes.find(ctx, key, code); ok {
		return qr, nil
	}
	failed := qrCodeKey{key, code}
	rb.mu.Lock()
	err, read := rb.qrFailed[failed]
	rb.mu.Unlock()
	if read {
		return nil, err
	}
	qr, err := get(ctx, rb, graph.QRCodeRead(phone, code, format))
	switch {
	case err == nil:
		rb.qrCodes.put(key, *qr)
	case ctx.Err() == nil:
		rb.mu.Lock()
		rb.qrFailed[failed] = err
		rb.mu.Unlock()
	}
	return qr, err
}

// putQRCode records a QR code this process created or changed, as read back in format; the
// number's listings in other formats forget it, so their next read of it reads it again.
func (rb *readBatcher) putQRCode(phone, format string, qr *graph.QRCode) {
	rb.forgetQRCode(phone, qr.Code)
	rb.qrCodes.put(qrListingKey{phone, format}, *qr)
}

// forgetQRCode drops a QR code from the number's listings, and the failures of reading it.
func (rb *readBatcher) forgetQRCode(phone, code string) {
	rb.mu.Lock()
	for k := range rb.qrFailed {
		if k.phone == phone && k.code == code {
			delete(rb.qrFailed, k)
		}
	}
	rb.mu.Unlock()
	for _, f := range []string{graph.QRImagePNG, graph.QRImageSVG, ""} {
		rb.qrCodes.remove(qrListingKey{phone, f}, code)
	}
}

// subscribedApp returns the app's subscription to the account, or nil when the app is not
// subscribed: an app missing from the command's listing is looked for in a new listing first.
func (rb *readBatcher) subscribedApp(ctx context.Context, waba, appID string) (*graph.SubscribedApp, error) {
	if s, ok := rb.subscribedApps.find(ctx, waba, appID); ok {
		return s, nil
	}
	return rb.subscribedApps.confirm(ctx, waba, appID)
}

// assignedUser returns the user's assignment to the account, or nil when the user (of business)
// is not assigned: a user missing from the command's listing is looked for in a new listing
// first.
func (rb *readBatcher) assignedUser(ctx context.Context, waba, business, user string) (*graph.AssignedUser, error) {
	key := assignedUsersKey{waba, business}
	if u, ok := rb.assignedUsers.find(ctx, key, user); ok {
		return u, nil
	}
	return rb.assignedUsers.confirm(ctx, key, user)
}

// forgetAssignedUsers drops the account's listings of assigned users after this process changed
// who has access to it.
func (rb *readBatcher) forgetAssignedUsers(waba string) {
	rb.assignedUsers.dropWhere(func(k assignedUsersKey) bool { return k.waba == waba })
}

// appSubscription returns the app's webhook subscription for the object, or nil.
func (rb *readBatcher) appSubscription(ctx context.Context, appID, appToken, object string) (*graph.AppSubscription, error) {
	all, err := get(ctx, rb, graph.AppSubscriptionsRead(appID, appToken))
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Object == object {
			return &all[i], nil
		}
	}
	return nil, nil
}

// currentApp returns the app the access token belongs to, read once per command.
func (rb *readBatcher) currentApp(ctx context.Context) (*graph.App, error) {
	rb.mu.Lock()
	app := rb.app
	rb.mu.Unlock()
	if app != nil {
		return app, nil
	}
	app, err := get(ctx, rb, graph.CurrentAppRead())
	if err != nil {
		return nil, err
	}
	rb.mu.Lock()
	rb.app = app
	rb.mu.Unlock()
	return app, nil
}

// numbersToReadAhead returns the numbers of the known accounts that hold one of the asked
// numbers, but not the asked ones.
func (rb *readBatcher) numbersToReadAhead(ctx context.Context, asked map[string]bool) []string {
	rb.mu.Lock()
	accounts := make([]string, 0, len(rb.accounts))
	for waba := range rb.accounts {
		accounts = append(accounts, waba)
	}
	rb.mu.Unlock()
	var out []string
	for _, waba := range accounts {
		numbers, err := rb.phones.all(ctx, waba)
		if err != nil {
			continue
		}
		holds := false
		for _, p := range numbers {
			holds = holds || asked[p.ID]
		}
		if !holds {
			continue
		}
		for _, p := range numbers {
			if !asked[p.ID] {
				out = append(out, p.ID)
			}
		}
	}
	return out
}

// readAhead counts the numbers a command asks for one kind of per-number object and, at
// readAheadAfter (with read-ahead on), reads the kind for the other numbers of their accounts,
// once per command.
type readAhead struct {
	rb    *readBatcher
	what  string
	fetch func(ctx context.Context, phones []string)

	mu      sync.Mutex
	asked   map[string]bool
	started bool
}

// ask records that the command reads the kind for phone, and starts the read-ahead when it is
// due. The read-ahead runs on its own, past the read that started it.
func (a *readAhead) ask(ctx context.Context, phone string) {
	a.mu.Lock()
	a.asked[phone] = true
	due := a.rb.readAhead && !a.started && len(a.asked) >= readAheadAfter
	if due {
		a.started = true
	}
	a.mu.Unlock()
	if !due {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readAheadTimeout)
		defer cancel()
		a.mu.Lock()
		asked := make(map[string]bool, len(a.asked))
		for p := range a.asked {
			asked[p] = true
		}
		a.mu.Unlock()
		phones := a.rb.numbersToReadAhead(ctx, asked)
		a.mu.Lock()
		kept := phones[:0]
		for _, p := range phones {
			if !a.asked[p] { // asked meanwhile: being read on its own
				kept = append(kept, p)
			}
		}
		a.mu.Unlock()
		if len(kept) == 0 {
			return
		}
		tflog.Debug(ctx, "reading ahead", map[string]any{"kind": a.what, "phone_numbers": len(kept)})
		a.fetch(ctx, kept)
	}()
}

// perNumber is one kind of object a phone number has one of, read per number, with read-ahead.
type perNumber[T any] struct {
	read  func(phone string) graph.Read[T]
	ahead *readAhead

	mu sync.Mutex
	// answers are the command's answers by phone number: read ahead, read, or what this process
	// wrote and read back.
	answers map[string]*aheadAnswer[T]
}

// aheadAnswer is a read of the command; done is closed when v and err are set. own marks a
// read made for the object itself (not ahead of its use), whose error is the object's.
type aheadAnswer[T any] struct {
	done chan struct{}
	v    T
	err  error
	own  bool
}

func newPerNumber[T any](rb *readBatcher, what string, read func(string) graph.Read[T]) *perNumber[T] {
	k := &perNumber[T]{read: read, answers: map[string]*aheadAnswer[T]{}}
	k.ahead = &readAhead{rb: rb, what: what, asked: map[string]bool{}, fetch: k.prefetch}
	return k
}

// get returns the number's object: the command's answer when it has one (read before for the
// object, read ahead and successful, or written by this process), else a read of its own. The
// outcome of a read of its own, error included, is the command's answer for the object, so the
// refresh that follows a look at it (the fast paths') sees the same outcome without reading
// again.
func (k *perNumber[T]) get(ctx context.Context, phone string) (T, error) {
	k.mu.Lock()
	a := k.answers[phone]
	k.mu.Unlock()
	k.ahead.ask(ctx, phone)
	if a != nil {
		select {
		case <-a.done:
			if a.err == nil || a.own {
				return a.v, a.err
			}
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	v, err := get(ctx, k.ahead.rb, k.read(phone))
	if ctx.Err() == nil {
		k.mu.Lock()
		if k.answers[phone] == a { // nothing newer arrived meanwhile
			own := &aheadAnswer[T]{done: make(chan struct{}), v: v, err: err, own: true}
			close(own.done)
			k.answers[phone] = own
		}
		k.mu.Unlock()
	}
	return v, err
}

// put records the number's object as this process wrote and read it back.
func (k *perNumber[T]) put(phone string, v T) {
	a := &aheadAnswer[T]{done: make(chan struct{}), v: v}
	close(a.done)
	k.mu.Lock()
	defer k.mu.Unlock()
	k.answers[phone] = a
}

// forget drops what the command holds of the number's object, after a write not read back.
func (k *perNumber[T]) forget(phone string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.answers, phone)
}

// prefetch reads the kind for the numbers that have no answer yet, all at once: the coalescer
// sends them in batches of 50.
func (k *perNumber[T]) prefetch(ctx context.Context, phones []string) {
	k.mu.Lock()
	var todo []*aheadAnswer[T]
	var todoPhones []string
	for _, p := range phones {
		if _, ok := k.answers[p]; ok {
			continue
		}
		a := &aheadAnswer[T]{done: make(chan struct{})}
		k.answers[p] = a
		todo = append(todo, a)
		todoPhones = append(todoPhones, p)
	}
	k.mu.Unlock()
	var wg sync.WaitGroup
	for i, a := range todo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(a.done)
			a.v, a.err = get(ctx, k.ahead.rb, k.read(todoPhones[i]))
			if a.err != nil {
				k.mu.Lock()
				if k.answers[todoPhones[i]] == a {
					delete(k.answers, todoPhones[i])
				}
				k.mu.Unlock()
			}
		}()
	}
	wg.Wait()
}
