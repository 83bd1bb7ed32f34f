package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// templateListPageSize is the page size of the listing, the largest "limit" Meta accepts on
// /{waba-id}/message_templates.
const templateListPageSize = 100

// templateCache serves message template reads from one paginated listing per WhatsApp Business
// Account, read at most once per provider process (a plan refreshes every template, so the
// listing replaces one GET per template with one call per page). Concurrent readers of a WABA
// wait for the same listing. The cache lives only as long as the provider's configuration, so
// the next terraform command sees changes made outside Terraform.
//
// A template missing from the listing is confirmed with a direct read before anyone treats it
// as gone, so a template created after the listing was read is never dropped from state.
// Creates, edits and deletes in the same process update the cache.
type templateCache struct {
	client *graph.Client

	mu    sync.Mutex
	wabas map[string]*templateListing
}

// templateListing is one WABA's templates. Its maps are read and written under
// templateCache.mu once ready is closed.
type templateListing struct {
	ready chan struct{}
	err   error
	byID  map[string]*graph.MessageTemplate
	byKey map[templateKey]string
	// changes made while the listing was being read, applied when it arrives.
	pending []func(*templateListing)
}

type templateKey struct{ name, language string }

// templatesOf returns the configuration's template cache.
func templatesOf(d *providerData) *templateCache {
	return areaState(d, func(d *providerData) *templateCache { return newTemplateCache(d.client) })
}

func newTemplateCache(client *graph.Client) *templateCache {
	return &templateCache{client: client, wabas: map[string]*templateListing{}}
}

// listing returns the WABA's listing, reading it on first use. A failed listing is remembered
// for the process; callers then read templates one by one.
func (c *templateCache) listing(ctx context.Context, waba string) (*templateListing, error) {
	c.mu.Lock()
	l, ok := c.wabas[waba]
	if ok {
		c.mu.Unlock()
		select {
		case <-l.ready:
			return l, l.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	l = &templateListing{ready: make(chan struct{})}
	c.wabas[waba] = l
	c.mu.Unlock()

	all, err := c.client.ListMessageTemplates(ctx, waba, graph.TemplateFilter{PageSize: templateListPageSize})

	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(l.ready)
	if err != nil {
		tflog.Warn(ctx, "listing message templates failed; reading them one by one", map[string]any{"business_account_id": waba, "error": err.Error()})
		l.err = err
		return l, err
	}
	l.byID = make(map[string]*graph.MessageTemplate, len(all))
	l.byKey = make(map[templateKey]string, len(all))
	for i := range all {
		l.set(&all[i])
	}
	for _, change := range l.pending {
		change(l)
	}
	l.pending = nil
	tflog.Debug(ctx, "listed message templates", map[string]any{"business_account_id": waba, "count": len(all)})
	return l, nil
}

func (l *templateListing) set(t *graph.MessageTemplate) {
	if old, ok := l.byID[t.ID]; ok {
		delete(l.byKey, templateKey{old.Name, old.Language})
	}
	l.byID[t.ID] = t
	l.byKey[templateKey{t.Name, t.Language}] = t.ID
}

func (l *templateListing) remove(id string) {
	if old, ok := l.byID[id]; ok {
		delete(l.byKey, templateKey{old.Name, old.Language})
		delete(l.byID, id)
	}
}

// get returns the template with this id. A template absent from the listing is read directly,
// so not-found errors come from Graph itself.
func (c *templateCache) get(ctx context.Context, waba, id string) (*graph.MessageTemplate, error) {
	if t, ok := c.listed(ctx, waba, id); ok {
		return t, nil
	}
	t, err := c.client.GetMessageTemplate(ctx, id)
	if err == nil {
		c.put(waba, t)
	}
	return t, err
}

// listed returns the template with this id if the WABA's listing holds it.
func (c *templateCache) listed(ctx context.Context, waba, id string) (*graph.MessageTemplate, bool) {
	l, err := c.listing(ctx, waba)
	if err != nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := l.byID[id]
	return t, ok
}

// find returns the template with this name and language as the listing shows it, or nil.
func (c *templateCache) find(ctx context.Context, waba, name, language string) (*graph.MessageTemplate, error) {
	l, err := c.listing(ctx, waba)
	if err != nil {
		return c.client.FindMessageTemplate(ctx, waba, name, language)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := l.byKey[templateKey{name, language}]; ok {
		return l.byID[id], nil
	}
	return nil, nil
}

// put records a template this process created, edited or read directly.
func (c *templateCache) put(waba string, t *graph.MessageTemplate) {
	if t == nil {
		return
	}
	c.change(waba, func(l *templateListing) { l.set(t) })
}

// refresh replaces a template already known to the cache with a newer read of it, whichever WABA
// lists it.
func (c *templateCache) refresh(t *graph.MessageTemplate) {
	if t == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range c.wabas {
		select {
		case <-l.ready:
			if _, ok := l.byID[t.ID]; ok && l.err == nil {
				l.set(t)
			}
		default:
		}
	}
}

// forget drops a template this process deleted.
func (c *templateCache) forget(waba, id string) {
	c.change(waba, func(l *templateListing) { l.remove(id) })
}

func (c *templateCache) change(waba string, f func(*templateListing)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.wabas[waba]
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
