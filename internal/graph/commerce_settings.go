package graph

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// CommerceSettings says whether a phone number shows its catalog and a shopping cart.
type CommerceSettings struct {
	ID               string `json:"id"`
	IsCartEnabled    bool   `json:"is_cart_enabled"`
	IsCatalogVisible bool   `json:"is_catalog_visible"`
}

// Meta's commerce settings for a phone number that never changed them: the cart is enabled and
// the catalog (storefront icon) hidden.
const (
	DefaultCartEnabled    = true
	DefaultCatalogVisible = false
)

// GetCommerceSettings reads a phone number's commerce settings. When Graph returns none, the
// result is Meta's defaults.
func (c *Client) GetCommerceSettings(ctx context.Context, phoneNumberID string) (*CommerceSettings, error) {
	return CommerceSettingsRead(phoneNumberID).Get(ctx, c)
}

// CommerceSettingsRead is the read of GetCommerceSettings.
func CommerceSettingsRead(phoneNumberID string) Read[*CommerceSettings] {
	return objectRead(getRequest(phoneNumberID+"/whatsapp_commerce_settings", nil), func(out *struct {
		Data []CommerceSettings `json:"data"`
	}) (*CommerceSettings, error) {
		if len(out.Data) == 0 {
			return &CommerceSettings{IsCartEnabled: DefaultCartEnabled, IsCatalogVisible: DefaultCatalogVisible}, nil
		}
		return &out.Data[0], nil
	})
}

// SetCommerceSettings writes both settings. Meta takes them as query parameters holding "true"
// or "false". The call is idempotent.
func (c *Client) SetCommerceSettings(ctx context.Context, phoneNumberID string, cartEnabled, catalogVisible bool) error {
	q := url.Values{
		"is_cart_enabled":    {strconv.FormatBool(cartEnabled)},
		"is_catalog_visible": {strconv.FormatBool(catalogVisible)},
	}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/whatsapp_commerce_settings", Query: q, Idempotent: true}, nil)
}
