package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

func newCacheFixture(t *testing.T, templates int) (*templateCache, *graph.Client, *emulator.Emulator, []string) {
	t.Helper()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{CreationLimitPerHour: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	client, err := graph.New(graph.Config{BaseURL: srv.URL, AccessToken: srv.Emulator.Seed().AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range templates {
		tpl, err := client.CreateMessageTemplate(context.Background(), srv.Emulator.Seed().BusinessAccountID, cacheTemplate(i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tpl.ID)
	}
	srv.Emulator.ClearRequests()
	return newTemplateCache(client), client, srv.Emulator, ids
}

func cacheTemplate(i int) graph.NewMessageTemplate {
	return graph.NewMessageTemplate{
		Name: fmt.Sprintf("cached_%03d", i), Language: "en_US",
		MessageTemplateContent: graph.MessageTemplateContent{Category: "UTILITY", Components: []graph.TemplateComponent{{Type: "BODY", Text: "Your order has shipped."}}},
	}
}

func countCalls(emu *emulator.Emulator, method, suffix string) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// Parallel reads (Terraform refreshes ten resources at once) share one listing.
func TestTemplateCacheListsOnceForConcurrentReads(t *testing.T) {
	cache, _, emu, ids := newCacheFixture(t, 30)
	waba := emu.Seed().BusinessAccountID
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tpl, err := cache.get(context.Background(), waba, id)
			if err == nil && tpl.ID != id {
				err = fmt.Errorf("got template %s for %s", tpl.ID, id)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := len(emu.Requests()); got != 1 {
		t.Fatalf("%d reads made %d Graph calls, want one listing: %+v", len(ids), got, emu.Requests())
	}
}

// A template missing from the listing is read by id: one created since is found, one deleted
// is reported not found by Graph itself.
func TestTemplateCacheConfirmsMissingTemplates(t *testing.T) {
	cache, client, emu, ids := newCacheFixture(t, 3)
	ctx := context.Background()
	waba := emu.Seed().BusinessAccountID
	if _, err := cache.get(ctx, waba, ids[0]); err != nil {
		t.Fatal(err)
	}
	late, err := client.CreateMessageTemplate(ctx, waba, cacheTemplate(3))
	if err != nil {
		t.Fatal(err)
	}
	got, err := cache.get(ctx, waba, late.ID)
	if err != nil || got.ID != late.ID {
		t.Fatalf("template created after the listing: %v, %v", got, err)
	}
	if found, _ := cache.find(ctx, waba, late.Name, late.Language); found == nil {
		t.Fatal("a template read by id is not remembered")
	}
	if err := client.DeleteMessageTemplate(ctx, waba, "cached_001", ids[1]); err != nil {
		t.Fatal(err)
	}
	cache.forget(waba, ids[1])
	if _, err := cache.get(ctx, waba, ids[1]); !graph.IsNotFound(err) {
		t.Fatalf("deleted template: err = %v, want not found", err)
	}
	if lists := countCalls(emu, http.MethodGet, "/message_templates"); lists != 1 {
		t.Fatalf("listed %d times, want once", lists)
	}
}
