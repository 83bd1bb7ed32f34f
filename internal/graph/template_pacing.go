package graph

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Meta allows 100 template creations per WABA per hour, and every call on a WABA counts against
// its business-use-case quota. An apply that creates more templates than that paces itself: when
// Meta refuses a create with a rate limit (code 80008 and its estimated_time_to_regain_access),
// every create for that WABA by a client of the same Quota waits until the reported time instead
// of calling again (calls during a lockout extend it), then carries on. The wait is bounded only
// by the create's context, which the resource sets from its create timeout.

// creationPaceProbe bounds one create request so that Client.Do hands a rate-limit refusal back
// at once rather than sleeping through it on its own: Meta reports regain times in whole minutes,
// so any lockout is longer than this.
const creationPaceProbe = 59 * time.Second

// creationPace is what a Quota knows about creations in one WABA.
type creationPace struct {
	created int       // templates created by the clients of the Quota
	waiting int       // creates waiting for the limit to lift
	until   time.Time // no create before this time
	cause   error     // Meta's refusal that set until
}

// creationPacer is part of a Quota, shared by its clients, keyed by Graph host and WABA.
type creationPacer struct {
	mu    sync.Mutex
	wabas map[string]*creationPace
}

func (p *creationPacer) pace(key string) *creationPace {
	s, ok := p.wabas[key]
	if !ok {
		s = &creationPace{}
		p.wabas[key] = s
	}
	return s
}

// wait blocks until the WABA may create again.
func (p *creationPacer) wait(ctx context.Context, c *Client, key, wabaID string) error {
	for {
		p.mu.Lock()
		s := p.pace(key)
		d := s.until.Sub(c.now())
		if d <= 0 {
			p.mu.Unlock()
			return nil
		}
		if dl, ok := ctx.Deadline(); ok && dl.Before(s.until) {
			until, cause := s.until, s.cause
			p.mu.Unlock()
			// Waiting would only end at the deadline: stop now, saying when creating can go on.
			return fmt.Errorf("the template creation limit of WhatsApp Business Account %s lifts at %s UTC (in %s), after this create's timeout; "+
				"the templates created so far are in state, and terraform apply continues from there after that time (or set a longer create timeout, e.g. timeouts { create = \"6h\" }): %w",
				wabaID, until.UTC().Format("15:04"), until.Sub(c.now()).Round(time.Second), cause)
		}
		s.waiting++
		p.mu.Unlock()
		err := c.sleep(ctx, d)
		p.mu.Lock()
		s.waiting--
		p.mu.Unlock()
		if err != nil {
			return fmt.Errorf("waiting for Meta's template creation limit of WhatsApp Business Account %s to lift (until %s UTC): %w; "+
				"creating many templates takes about an hour per 100 templates, set a longer create timeout (timeouts { create = \"6h\" })",
				wabaID, s.until.UTC().Format("15:04"), err)
		}
	}
}

// block records Meta's lockout; only the create that first learns of it logs it.
func (p *creationPacer) block(ctx context.Context, key, wabaID string, until time.Time, cause error) {
	p.mu.Lock()
	s := p.pace(key)
	extended := until.After(s.until)
	if extended {
		s.until, s.cause = until, cause
	}
	created := s.created
	p.mu.Unlock()
	if extended {
		tflog.Info(ctx, "waiting for Meta's template creation limit", map[string]any{
			"business_account_id": wabaID, "created": created, "until": until.UTC().Format(time.RFC3339), "cause": cause.Error(),
		})
	}
}

// done counts a created template and reports progress every ten templates.
func (p *creationPacer) done(ctx context.Context, key, wabaID string) {
	p.mu.Lock()
	s := p.pace(key)
	s.created++
	created, waiting := s.created, s.waiting
	p.mu.Unlock()
	if created%10 == 0 {
		tflog.Info(ctx, "message templates created in this run", map[string]any{
			"business_account_id": wabaID, "created": created, "waiting": waiting,
		})
	}
}

// creationLockout is how long a rate-limit refusal keeps the WABA from creating: Meta's
// estimated_time_to_regain_access, or a minute when Meta gives none.
func creationLockout(err error) time.Duration {
	if e, ok := asError(err); ok && e.RegainAccessIn > 0 {
		return time.Duration(e.RegainAccessIn) * time.Minute
	}
	return time.Minute
}

// postTemplate submits a template, pacing creations of the WABA across the clients of the quota.
func (c *Client) postTemplate(ctx context.Context, wabaID string, t NewMessageTemplate, out any) error {
	key := c.base.String() + "|" + wabaID
	pacer := &c.quota.pacer
	for {
		if err := pacer.wait(ctx, c, key, wabaID); err != nil {
			return err
		}
		probe, cancel := context.WithTimeout(ctx, creationPaceProbe)
		err := c.Do(probe, Request{Method: "POST", Path: wabaID + "/message_templates", Body: t}, out)
		cancel()
		if IsRateLimited(err) && ctx.Err() == nil {
			pacer.block(ctx, key, wabaID, c.now().Add(creationLockout(err)), err)
			continue
		}
		if err == nil {
			pacer.done(ctx, key, wabaID)
		}
		return err
	}
}
