package emulator

// nodeApp is a Meta app (Graph type Application). The emulator seeds the app
// that owns the system user token; tests may add others.
const nodeApp nodeType = "Application"

type application struct {
	id, name string
	seq      int64
}

func (*application) kind() nodeType     { return nodeApp }
func (*application) owningWABA() string { return "" }

// currentAppAlias is the path Graph resolves to the app of the access token
// (GET /app). The emulator's tokens all belong to the seeded app, so the alias
// is a registry entry for it.
const currentAppAlias = "app"

var appFields = fieldSet{
	nodeType: nodeApp.graphName(),
	allowed:  []string{"id", "name", "link"},
	defaults: []string{"id", "name", "link"},
}

func (a *application) view() map[string]any {
	return map[string]any{"id": a.id, "name": a.name, "link": "https://www.facebook.com/games/?app_id=" + a.id}
}

// seedApp registers the token's app under its id and under /app.
func (s *store) seedApp(id string) {
	a := s.addApp(id, "Emulated App")
	s.nodes[currentAppAlias] = a
	s.nodes[debugTokenPath] = debugTokenNode{}
}

func (s *store) addApp(id, name string) *application {
	a := &application{id: id, name: name, seq: s.nextSeq()}
	s.nodes[id] = a
	return a
}

func (s *store) app(id string) *application {
	a, _ := s.nodes[id].(*application)
	return a
}

// GET /{app-id} and GET /app. Any valid token may read an app's public fields.
func getApp(c *call) (any, *graphError) {
	fields, err := c.selectFields(appFields)
	if err != nil {
		return nil, err
	}
	return project(c.node.(*application).view(), fields), nil
}

// SubscribeOtherApp adds another app, named name, and subscribes it to the
// WABA's webhooks, as a second integration of the business would. It returns
// the new app's id, or "" when the WABA does not exist.
func (e *Emulator) SubscribeOtherApp(wabaID, name string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.store.waba(wabaID) == nil {
		return ""
	}
	a := e.store.addApp(e.store.newID(), name)
	subs := e.store.wabaSubscriptions(wabaID)
	subs.apps = append(subs.apps, &wabaSubscription{appID: a.id})
	return a.id
}
