package graph

import (
	"encoding/json"
	"fmt"
	"testing"
)

// templatePage renders a page of n templates the way Graph lists them.
func templatePage(n int) []byte {
	data := make([]map[string]any, n)
	for i := range data {
		data[i] = map[string]any{
			"id": fmt.Sprint(1000000000000000 + i), "name": fmt.Sprintf("order_update_%d", i), "language": "en_US",
			"status": "APPROVED", "category": "UTILITY", "parameter_format": "POSITIONAL", "rejected_reason": "NONE",
			"quality_score": map[string]any{"score": "GREEN", "date": 1763800000},
			"components": []any{
				map[string]any{"type": "BODY", "text": "Hi {{1}}, order {{2}} has shipped.", "example": map[string]any{"body_text": [][]string{{"Ana", "A-1042"}}}},
				map[string]any{"type": "FOOTER", "text": "Reply STOP to opt out"},
				map[string]any{"type": "BUTTONS", "buttons": []any{
					map[string]any{"type": "URL", "text": "Track order", "url": "https://shop.example.com/track/{{1}}", "example": []string{"https://shop.example.com/track/A-1042"}},
					map[string]any{"type": "QUICK_REPLY", "text": "Talk to us"},
				}},
			},
		}
	}
	b, _ := json.Marshal(map[string]any{"data": data, "paging": map[string]any{"cursors": map[string]string{"before": "b", "after": "a"}, "next": "https://graph.facebook.com/next"}})
	return b
}

// BenchmarkDecodeTemplatePage decodes one listing page of 100 templates, the unit of a refresh.
func BenchmarkDecodeTemplatePage(b *testing.B) {
	body := templatePage(100)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var p page[MessageTemplate]
		if err := json.Unmarshal(body, &p); err != nil || len(p.Data) != 100 {
			b.Fatal(err, len(p.Data))
		}
	}
}
