package graph

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// createApprovedTemplate creates a UTILITY template with one body variable on the emulator; with
// no review delay it is APPROVED on the next call.
func createApprovedTemplate(t *testing.T, c *Client, wabaID, name string) {
	t.Helper()
	body := map[string]any{
		"name": name, "language": "en_US", "category": "UTILITY",
		"components": []any{map[string]any{"type": "BODY", "text": "Order {{1}} has shipped.",
			"example": map[string]any{"body_text": []any{[]any{"A-1"}}}}},
	}
	if err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: wabaID + "/message_templates", Body: body}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestSendTemplateMessage(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
	ctx := context.Background()
	seed := emu.Seed()
	createApprovedTemplate(t, c, seed.BusinessAccountID, "order_shipped")

	sent, err := c.SendTemplateMessage(ctx, seed.PhoneNumberID, TemplateMessage{
		To: "+16505551234", Name: "order_shipped", Language: "en_US",
		Components: []MessageComponent{{Type: "body", Parameters: []MessageParameter{{Type: "text", Text: "A-7"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sent.ID, "wamid.") || sent.WAID != "16505551234" || sent.Input != "+16505551234" || sent.Status != "accepted" {
		t.Fatalf("sent %+v", sent)
	}
	recorded := emu.SentMessages()
	if len(recorded) != 1 || recorded[0].ID != sent.ID || recorded[0].Body != "Order A-7 has shipped." {
		t.Fatalf("recorded %+v", recorded)
	}
	// The emulator refuses requests without messaging_product, to, type and the template's name
	// and language; what it recorded is what was sent.
	if recorded[0].To != "+16505551234" || recorded[0].TemplateName != "order_shipped" || recorded[0].Language != "en_US" || len(recorded[0].Components) != 1 {
		t.Fatalf("recorded %+v", recorded[0])
	}
}

func TestSendTemplateMessageErrors(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
	ctx := context.Background()
	seed := emu.Seed()
	createApprovedTemplate(t, c, seed.BusinessAccountID, "order_shipped")

	_, err := c.SendTemplateMessage(ctx, seed.PhoneNumberID, TemplateMessage{To: "16505551234", Name: "order_shipped", Language: "en_US"})
	var ge *Error
	if ErrorCode(err) != CodeTemplateParamCount || !strings.Contains(err.Error(), "body: number of localizable_params (0)") {
		t.Fatalf("want 132000 with its details, got %v", err)
	}
	if !asErrorTo(err, &ge) || ge.Data == nil || ge.Data.MessagingProduct != "whatsapp" {
		t.Fatalf("error_data not decoded: %#v", ge)
	}
	_, err = c.SendTemplateMessage(ctx, seed.PhoneNumberID, TemplateMessage{To: "16505551234", Name: "order_shipped", Language: "de_DE"})
	if ErrorCode(err) != CodeTemplateNotFound {
		t.Fatalf("want 132001, got %v", err)
	}
	if ErrorCode(nil) != 0 {
		t.Fatal("ErrorCode(nil) is not 0")
	}
	// A refused send is not repeated, and a send is never repeated after a server error.
	emu.ClearRequests()
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/messages$`, HTTPStatus: 500, Code: 2, Times: 1})
	if _, err := c.SendTemplateMessage(ctx, seed.PhoneNumberID, TemplateMessage{To: "16505551234", Name: "order_shipped", Language: "en_US",
		Components: []MessageComponent{{Type: "body", Parameters: []MessageParameter{{Type: "text", Text: "A-7"}}}}}); err == nil {
		t.Fatal("the server error was not reported")
	}
	if n := len(emu.Requests()); n != 1 {
		t.Fatalf("%d calls, want 1: a send is not repeated", n)
	}
	if len(emu.SentMessages()) != 0 {
		t.Fatal("a refused send was recorded")
	}
}

func asErrorTo(err error, target **Error) bool {
	e, ok := asError(err)
	*target = e
	return ok
}
