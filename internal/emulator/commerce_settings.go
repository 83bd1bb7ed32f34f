package emulator

// Commerce settings of a phone number: GET/POST
// /{phone-number-id}/whatsapp_commerce_settings (§9 of the API notes).
//
// POST takes is_cart_enabled and is_catalog_visible as query parameters
// holding "true" or "false"; either may be sent alone. GET answers
// {"data":[{"id","is_cart_enabled","is_catalog_visible"}]}. Meta's default for
// a phone number is a cart that is enabled and a catalog (storefront icon)
// that is hidden.

// CommerceSettings are a phone number's commerce settings.
type CommerceSettings struct {
	ID             string
	CartEnabled    bool
	CatalogVisible bool
}

// Meta's defaults for a phone number that never changed them.
const (
	defaultCartEnabled    = true
	defaultCatalogVisible = false
)

var commerceFields = fieldSet{
	nodeType: "WhatsAppCommerceSettings",
	allowed:  []string{"id", "is_cart_enabled", "is_catalog_visible"},
	defaults: []string{"id", "is_cart_enabled", "is_catalog_visible"},
}

func (s *store) commerceSettings(phoneID string) *CommerceSettings {
	return attached(s, phoneID, "whatsapp_commerce_settings", func() *CommerceSettings {
		return &CommerceSettings{ID: s.newID(), CartEnabled: defaultCartEnabled, CatalogVisible: defaultCatalogVisible}
	})
}

// GET /{phone-number-id}/whatsapp_commerce_settings
func getCommerceSettings(c *call) (any, *graphError) {
	fields, err := c.selectFields(commerceFields)
	if err != nil {
		return nil, err
	}
	cs := c.e.store.commerceSettings(c.node.(*phone).id)
	view := project(map[string]any{
		"id":                 cs.ID,
		"is_cart_enabled":    cs.CartEnabled,
		"is_catalog_visible": cs.CatalogVisible,
	}, fields)
	return map[string]any{"data": []any{view}}, nil
}

// POST /{phone-number-id}/whatsapp_commerce_settings
func updateCommerceSettings(c *call) (any, *graphError) {
	cart, hasCart, err := c.params.boolean("is_cart_enabled")
	if err != nil {
		return nil, err
	}
	catalog, hasCatalog, err := c.params.boolean("is_catalog_visible")
	if err != nil {
		return nil, err
	}
	cs := c.e.store.commerceSettings(c.node.(*phone).id)
	if hasCart {
		cs.CartEnabled = cart
	}
	if hasCatalog {
		cs.CatalogVisible = catalog
	}
	return map[string]any{"success": true}, nil
}

// CommerceSettingsOf returns the phone number's commerce settings.
func (e *Emulator) CommerceSettingsOf(phoneID string) (CommerceSettings, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return CommerceSettings{}, err
	}
	return *e.store.commerceSettings(phoneID), nil
}

// SetCommerceSettings changes a phone number's commerce settings out of band,
// as a person does in WhatsApp Manager.
func (e *Emulator) SetCommerceSettings(phoneID string, cartEnabled, catalogVisible bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return err
	}
	cs := e.store.commerceSettings(phoneID)
	cs.CartEnabled, cs.CatalogVisible = cartEnabled, catalogVisible
	return nil
}
