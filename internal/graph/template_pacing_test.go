package graph

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// fakePacerClock makes the client's waits (the creation pacer's and the quota gate's) move the
// emulator clock instead of the wall clock.
func fakePacerClock(t *testing.T, c *Client, emu *emulator.Emulator) *[]time.Duration {
	t.Helper()
	var mu sync.Mutex
	var offset time.Duration
	var slept []time.Duration
	base := time.Now()
	c.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return base.Add(offset)
	}
	c.sleepFn = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		offset += d
		slept = append(slept, d)
		mu.Unlock()
		emu.Advance(d)
		return ctx.Err()
	}
	return &slept
}

func pacedTemplate(i int) NewMessageTemplate {
	return NewMessageTemplate{
		Name: fmt.Sprintf("paced_%02d", i), Language: "en_US",
		MessageTemplateContent: MessageTemplateContent{Category: "UTILITY", Components: []TemplateComponent{{Type: "BODY", Text: "Your order has shipped."}}},
	}
}

// Past Meta's creation limit, creates wait for the reported regain time and carry on rather
// than failing, and only the create that meets the limit calls Graph during the lockout.
func TestCreateMessageTemplatePacesPastTheCreationLimit(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{CreationLimitPerHour: 5}, Config{MaxRetries: 1})
	slept := fakePacerClock(t, c, emu)
	waba := emu.Seed().BusinessAccountID
	for i := range 12 {
		if _, err := c.CreateMessageTemplate(context.Background(), waba, pacedTemplate(i)); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	refused := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost && r.Code == 80008 {
			refused++
		}
	}
	if refused != 2 || len(*slept) != 2 {
		t.Fatalf("want 2 refused creates and 2 waits for 12 templates at 5 per hour, got %d refused, waits %v", refused, *slept)
	}
	for _, d := range *slept {
		if d != time.Hour {
			t.Fatalf("waited %s, want Meta's estimated time to regain access (60 minutes)", d)
		}
	}
}

// A create that cannot get a slot before its context ends fails with advice on the timeout,
// without sleeping through the lockout inside the request path.
func TestCreateMessageTemplatePacingRespectsTheDeadline(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{CreationLimitPerHour: 1}, Config{MaxRetries: 3})
	waba := emu.Seed().BusinessAccountID
	if _, err := c.CreateMessageTemplate(context.Background(), waba, pacedTemplate(0)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.CreateMessageTemplate(ctx, waba, pacedTemplate(1))
	if err == nil || !strings.Contains(err.Error(), "creation limit") || !strings.Contains(err.Error(), "timeouts") {
		t.Fatalf("err = %v, want the creation limit and timeout advice", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("create took %s to give up", d)
	}
}

// Two clients of one Quota pace their creates together: once one has met the creation limit,
// the other's create waits for the regain time Meta reported instead of calling Graph.
func TestCreateMessageTemplatePacingIsSharedByTheQuota(t *testing.T) {
	quota := NewQuota()
	a, emu := newEmulatorClient(t, emulator.Options{CreationLimitPerHour: 2}, Config{MaxRetries: 1, Quota: quota})
	slept := fakePacerClock(t, a, emu)
	b, err := New(Config{BaseURL: a.cfg.BaseURL, AccessToken: a.cfg.AccessToken, MaxRetries: 1, Quota: quota})
	if err != nil {
		t.Fatal(err)
	}
	b.now, b.sleepFn = a.now, a.sleepFn
	waba := emu.Seed().BusinessAccountID
	for i := range 2 {
		if _, err := a.CreateMessageTemplate(context.Background(), waba, pacedTemplate(i)); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	// The third create meets the limit and, with a deadline before the limit lifts, gives up.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := a.CreateMessageTemplate(ctx, waba, pacedTemplate(2)); err == nil || !strings.Contains(err.Error(), "creation limit") {
		t.Fatalf("err = %v, want the creation limit", err)
	}
	if _, err := b.CreateMessageTemplate(context.Background(), waba, pacedTemplate(3)); err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost && r.Code == 80008 {
			refused++
		}
	}
	if refused != 1 || len(*slept) != 1 || (*slept)[0] != time.Hour {
		t.Fatalf("want one refused create and one wait of an hour, got %d refused, waits %v", refused, *slept)
	}
	if s := quota.Stats(); s.Calls != a.Stats().Calls+b.Stats().Calls || s.RateLimited != 1 {
		t.Fatalf("quota stats %+v, clients %+v and %+v", s, a.Stats(), b.Stats())
	}
}

// The pacer's log entries are constant sentences with the account, the count and the time the
// limit lifts as fields.
func TestCreateMessageTemplatePacingLogsFields(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{CreationLimitPerHour: 5}, Config{MaxRetries: 1})
	fakePacerClock(t, c, emu)
	waba := emu.Seed().BusinessAccountID
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	for i := range 12 {
		if _, err := c.CreateMessageTemplate(ctx, waba, pacedTemplate(i)); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	var waits, progress []map[string]any
	for _, e := range entries {
		switch e["@message"] {
		case "waiting for Meta's template creation limit":
			waits = append(waits, e)
		case "message templates created in this run":
			progress = append(progress, e)
		}
	}
	if len(waits) != 2 || len(progress) != 1 {
		t.Fatalf("want 2 waits and 1 progress entry for 12 templates at 5 per hour, got %d and %d:\n%s", len(waits), len(progress), logs.String())
	}
	for i, e := range waits {
		until, err := time.Parse(time.RFC3339, fmt.Sprint(e["until"]))
		if e["business_account_id"] != waba || e["created"] != float64(5*(i+1)) || err != nil || until.Location() != time.UTC || e["cause"] == "" {
			t.Errorf("wait entry %d lacks the account, the count, the time (UTC) or the cause: %v", i, e)
		}
	}
	if e := progress[0]; e["business_account_id"] != waba || e["created"] != float64(10) {
		t.Errorf("progress entry lacks the account or the count: %v", e)
	}
}
