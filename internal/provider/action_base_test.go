package provider

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
)

// A progress report that nobody takes (the invocation was cancelled while the report was being
// sent) returns when the context ends, so the action can report that it was interrupted; reports
// after that are not sent at all.
func TestProgressAbandonedWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var sends atomic.Int32
	never := make(chan action.InvokeProgressEvent) // nobody reads it
	resp := &action.InvokeResponse{SendProgress: func(ev action.InvokeProgressEvent) {
		sends.Add(1)
		never <- ev
	}}
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		progress(ctx, resp, "first", nil)
		progress(ctx, resp, "second", nil)
	}()
	time.AfterFunc(50*time.Millisecond, cancel)
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("progress is still blocked five seconds after the cancellation")
	}
	if n := sends.Load(); n != 1 {
		t.Fatalf("%d reports were sent, want 1 (none after the cancellation)", n)
	}
}

// Reports that Terraform takes are delivered in order, each once.
func TestProgressDelivered(t *testing.T) {
	var got []string
	resp := &action.InvokeResponse{SendProgress: func(ev action.InvokeProgressEvent) { got = append(got, ev.Message) }}
	for _, m := range []string{"one", "two", "three"} {
		progress(context.Background(), resp, m, nil)
	}
	if len(got) != 3 || got[0] != "one" || got[2] != "three" {
		t.Fatalf("delivered %v, want one two three", got)
	}
}
