package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// listingCache keeps the listings that several reads of one Terraform command share: the phone
// numbers of a WhatsApp Business Account, the QR codes of a phone number, the apps subscribed to
// an account, the users assigned to one. A key's listing is read at most once, on first use (or
// ahead of use, see readBatcher), and every object in it is served from it; concurrent readers of
// a key wait for the same listing.
//
// Lifetime: one provider configuration, that is one terraform command (the cache is an area
// state of providerData). The next command lists again and sees what changed outside Terraform.
//
// Invariants:
//   - a listing that failed is not kept: its readers get nothing from it and read their object
//     directly, and the next reader lists again;
//   - an object missing from a listing is not gone on the listing's word: find reports it as not
//     listed, and the caller confirms with a direct read (of the object, or of the listing with
//     confirm) before it treats the object as gone;
//   - creates, updates and deletes made by this process change the listing (put, remove, drop),
//     also while it is being read: such a change waits for the listing and is applied to it when
//     it arrives, so the listing never shows an object as it was before this process changed it.
type listingCache[K comparable, T any] struct {
	// what names the listings in logs, such as "QR codes".
	what string
	id   func(*T) string
	list func(ctx context.Context, key K) ([]T, error)

	mu       sync.Mutex
	listings map[K]*listing[T]
}

// listing is one key's listing. Its fields are read and written under listingCache.mu once
// ready is closed.
type listing[T any] struct {
	ready chan struct{}
	err   error
	items []T
	byID  map[string]int
	// changes made while the listing was being read, applied when it arrives.
	pending []func(*listing[T])
}

func newListingCache[K comparable, T any](what string, id func(*T) string, list func(context.Context, K) ([]T, error)) *listingCache[K, T] {
	return &listingCache[K, T]{what: what, id: id, list: list, listings: map[K]*listing[T]{}}
}

// listing returns the key's listing, reading it on first use.
func (c *listingCache[K, T]) listing(ctx context.Context, key K) (*listing[T], error) {
	l, owner := c.start(key)
	if owner {
		c.read(ctx, key, l)
	}
	select {
	case <-l.ready:
		return l, l.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// start returns the key's listing, and whether the caller must read it.
func (c *listingCache[K, T]) start(key K) (*listing[T], bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.listings[key]; ok {
		return l, false
	}
	l := &listing[T]{ready: make(chan struct{})}
	c.listings[key] = l
	return l, true
}

// read lists the key and publishes the outcome in l.
func (c *listingCache[K, T]) read(ctx context.Context, key K, l *listing[T]) {
	all, err := c.list(ctx, key)
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(l.ready)
	if err != nil {
		tflog.Debug(ctx, "listing failed; its objects are read one by one", map[string]any{"listing": c.what, "error": err.Error()})
		l.err = err
		if c.listings[key] == l {
			delete(c.listings, key)
		}
		return
	}
	l.items = all
	l.index(c.id)
	for _, change := range l.pending {
		change(l)
	}
	l.pending = nil
	tflog.Debug(ctx, "listed", map[string]any{"listing": c.what, "count": len(l.items)})
}

func (l *listing[T]) index(id func(*T) string) {
	l.byID = make(map[string]int, len(l.items))
	for i := range l.items {
		l.byID[id(&l.items[i])] = i
	}
}

// prefetch reads, all at once, the listings of the keys not listed or being listed yet, and
// returns when they have arrived.
func (c *listingCache[K, T]) prefetch(ctx context.Context, keys []K) {
	var wg sync.WaitGroup
	for _, key := range keys {
		if l, owner := c.start(key); owner {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.read(ctx, key, l)
			}()
		}
	}
	wg.Wait()
}

// find returns the object with this id as the key's listing shows it; listed is false when the
// listing does not hold it or could not be read, and the caller then reads the object directly.
func (c *listingCache[K, T]) find(ctx context.Context, key K, id string) (obj *T, listed bool) {
	l, err := c.listing(ctx, key)
	if err != nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	i, ok := l.byID[id]
	if !ok {
		return nil, false
	}
	v := l.items[i]
	return &v, true
}

// all returns a copy of the key's listing.
func (c *listingCache[K, T]) all(ctx context.Context, key K) ([]T, error) {
	l, err := c.listing(ctx, key)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]T(nil), l.items...), nil
}

// confirm reads the key's listing again, directly, keeps it for the command, and returns the
// object with this id, or nil when the new listing does not hold it either.
func (c *listingCache[K, T]) confirm(ctx context.Context, key K, id string) (*T, error) {
	all, err := c.list(ctx, key)
	if err != nil {
		return nil, err
	}
	l := &listing[T]{ready: make(chan struct{}), items: all}
	l.index(c.id)
	close(l.ready)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listings[key] = l
	if i, ok := l.byID[id]; ok {
		v := l.items[i]
		return &v, nil
	}
	return nil, nil
}

// put records an object this process created, changed or read directly.
func (c *listingCache[K, T]) put(key K, obj T) {
	id := c.id(&obj)
	c.change(key, func(l *listing[T]) {
		if i, ok := l.byID[id]; ok {
			l.items[i] = obj
			return
		}
		l.byID[id] = len(l.items)
		l.items = append(l.items, obj)
	})
}

// remove drops an object this process deleted, or changed without reading it back (the next read
// of it then reads it directly).
func (c *listingCache[K, T]) remove(key K, id string) {
	c.change(key, func(l *listing[T]) {
		if _, ok := l.byID[id]; !ok {
			return
		}
		kept := l.items[:0]
		for i := range l.items {
			if c.id(&l.items[i]) != id {
				kept = append(kept, l.items[i])
			}
		}
		l.items = kept
		l.index(c.id)
	})
}

// drop forgets the key's listing after a change this process made to it; the next read lists
// again.
func (c *listingCache[K, T]) drop(key K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.listings, key)
}

// dropWhere forgets the listings of the keys that match.
func (c *listingCache[K, T]) dropWhere(match func(K) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.listings {
		if match(k) {
			delete(c.listings, k)
		}
	}
}

func (c *listingCache[K, T]) change(key K, f func(*listing[T])) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.listings[key]
	if !ok {
		return // not listed yet: the listing, when read, is current
	}
	select {
	case <-l.ready:
		if l.err == nil {
			f(l)
		}
	default:
		l.pending = append(l.pending, f)
	}
}
