package emulator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Flow JSON validation as Meta reports it on POST /{flow-id}/assets: the
// document is stored whatever its content, and what is wrong with it comes
// back as validation_errors, each with the span it concerns (1-based lines
// and columns, column_end inclusive, as in Meta's example "initial-text" at
// columns 17–30) and pointers to the offending values. A missing, unknown or
// expired version is not a validation error but a refusal of the upload
// (code 100 "Invalid Flow JSON version"), as Meta's error table lists it.

// flowValidationError is one entry of validation_errors.
type flowValidationError struct {
	Error       string        `json:"error"`
	ErrorType   string        `json:"error_type"`
	Message     string        `json:"message"`
	LineStart   int           `json:"line_start"`
	LineEnd     int           `json:"line_end"`
	ColumnStart int           `json:"column_start"`
	ColumnEnd   int           `json:"column_end"`
	Pointers    []flowPointer `json:"pointers"`
}

// flowPointer locates a value the error is about: a JSON pointer (RFC 6901)
// and its span.
type flowPointer struct {
	Path        string `json:"path"`
	LineStart   int    `json:"line_start"`
	LineEnd     int    `json:"line_end"`
	ColumnStart int    `json:"column_start"`
	ColumnEnd   int    `json:"column_end"`
}

// Flow JSON versions Meta accepts on upload, and the ones it still
// publishes; older versions stay readable and editable as drafts.
var (
	flowJSONVersions = []string{
		"2.1", "3.0", "3.1", "4.0", "5.0", "5.1",
		"6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3",
	}
	flowPublishableVersions = []string{"5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"}
	flowDataAPIVersions     = []string{"3.0"}
)

// flowComponents are the layout components of Flow JSON.
var flowComponents = []string{
	"TextHeading", "TextSubheading", "TextBody", "TextCaption", "RichText",
	"TextInput", "TextArea", "CheckboxGroup", "RadioButtonsGroup", "Dropdown",
	"ChipsSelector", "DatePicker", "CalendarPicker", "OptIn", "EmbeddedLink",
	"Footer", "Image", "ImageCarousel", "PhotoPicker", "DocumentPicker",
	"NavigationList", "If", "Switch", "Form",
}

var (
	flowTopLevelProperties = []string{"version", "screens", "data_api_version", "routing_model", "data_channel_uri"}
	flowScreenProperties   = []string{"id", "title", "terminal", "success", "data", "layout", "refresh_on_back", "sensitive"}
	flowScreenIDPattern    = regexp.MustCompile(`^[A-Za-z_]+$`)
)

// flowJSONInfo is what the upload learns from a document.
type flowJSONInfo struct {
	version, dataAPIVersion string
	errors                  []flowValidationError
}

// flowJSONChecker accumulates validation errors for one document.
type flowJSONChecker struct {
	src    []byte
	errors []flowValidationError
}

// checkFlowJSON validates a Flow JSON document. It returns a Graph error when
// Meta refuses the upload outright (version problems), else the document's
// versions and validation errors.
func checkFlowJSON(src []byte) (flowJSONInfo, *graphError) {
	ck := &flowJSONChecker{src: src}
	root, serr := parseJSONDocument(src)
	if serr != nil {
		line, col := position(src, serr.offset)
		ck.errors = append(ck.errors, flowValidationError{
			Error:     "INVALID_JSON",
			ErrorType: "JSON_PARSE_ERROR",
			Message:   fmt.Sprintf("The Flow JSON isn't valid JSON: %s (line %d, column %d).", serr.msg, line, col),
			LineStart: line, LineEnd: line, ColumnStart: col, ColumnEnd: col,
			Pointers: []flowPointer{},
		})
		return flowJSONInfo{errors: ck.errors}, nil
	}
	if root.kind != 'o' {
		ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", "", root,
			`The value at "$root" must be an object.`)
		return flowJSONInfo{errors: ck.errors}, nil
	}
	info := flowJSONInfo{}
	version := root.get("version")
	if version == nil || version.kind != 's' || !contains(flowJSONVersions, version.str) {
		return info, errInvalidFlowJSONVersion()
	}
	info.version = version.str
	if dav := root.get("data_api_version"); dav != nil {
		if dav.kind != 's' || !contains(flowDataAPIVersions, dav.str) {
			return info, errFlowInvalid(100, "Invalid Flow JSON data_api_version",
				"The Data API version you specified isn't valid. Verify there isn't a mistake with the version sent "+
					"(a typo or leaving it blank). If it looks correct, it may be expired and you'll need to upgrade to a later version.")
		}
		info.dataAPIVersion = dav.str
	}
	ck.checkDocument(root, info)
	info.errors = ck.errors
	return info, nil
}

// add records an error about the value n at JSON pointer path.
func (ck *flowJSONChecker) add(code, errType, path string, n *jsonNode, format string, args ...any) {
	ck.addSpan(code, errType, path, n.start, n.end, format, args...)
}

// addMember records an error about an object member: the span is its name.
func (ck *flowJSONChecker) addMember(code, errType, path string, m *jsonMember, format string, args ...any) {
	ck.addSpan(code, errType, path, m.keyStart, m.keyEnd, format, args...)
}

func (ck *flowJSONChecker) addSpan(code, errType, path string, start, end int, format string, args ...any) {
	ls, cs := position(ck.src, start)
	le, ce := position(ck.src, max(end-1, start))
	ptr := flowPointer{Path: path, LineStart: ls, LineEnd: le, ColumnStart: cs, ColumnEnd: ce}
	ck.errors = append(ck.errors, flowValidationError{
		Error:     code,
		ErrorType: errType,
		Message:   fmt.Sprintf(format, args...),
		LineStart: ls, LineEnd: le, ColumnStart: cs, ColumnEnd: ce,
		Pointers: []flowPointer{ptr},
	})
}

// metaPath renders a JSON pointer the way Meta's messages do: "$root/screens/0".
func metaPath(pointer string) string {
	return "$root" + pointer
}

func (ck *flowJSONChecker) checkDocument(root *jsonNode, info flowJSONInfo) {
	for i := range root.members {
		m := &root.members[i]
		if !contains(flowTopLevelProperties, m.key) {
			ck.addMember("INVALID_PROPERTY", "JSON_SCHEMA_ERROR", "/"+escapePointer(m.key), m,
				`The property "%s" cannot be specified at "$root".`, m.key)
		}
	}
	if dcu, ok := root.member("data_channel_uri"); ok && versionAtLeast(info.version, "3.0") {
		ck.addMember("INVALID_PROPERTY", "JSON_SCHEMA_ERROR", "/data_channel_uri", dcu,
			`The property "data_channel_uri" cannot be specified at "$root" from Flow JSON version 3.0: set endpoint_uri on the Flow with the API instead.`)
	}
	screens := root.get("screens")
	switch {
	case screens == nil:
		ck.addSpan("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", "", root.start, root.start+1,
			`The property "screens" is required at "$root".`)
		return
	case screens.kind != 'a':
		ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", "/screens", screens,
			`The property "screens" at "$root" must be an array.`)
		return
	case len(screens.items) == 0:
		ck.add("MIN_ITEMS", "JSON_SCHEMA_ERROR", "/screens", screens,
			`The array at "$root/screens" must have at least 1 item.`)
		return
	}
	ids := map[string]bool{}
	terminal := false
	for i, s := range screens.items {
		path := fmt.Sprintf("/screens/%d", i)
		id, isTerminal := ck.checkScreen(s, path, ids)
		if id != "" {
			ids[id] = true
		}
		terminal = terminal || isTerminal
	}
	if !terminal {
		ck.add("MISSING_TERMINAL_SCREEN", "FLOW_JSON_ERROR", "/screens", screens,
			`At least one screen must be terminal ("terminal": true) at "$root/screens".`)
	}
	ck.checkNavigation(screens, ids)
	routing := root.get("routing_model")
	switch {
	case routing == nil && info.dataAPIVersion != "":
		ck.addSpan("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", "", root.start, root.start+1,
			`The property "routing_model" is required at "$root" when "data_api_version" is set.`)
	case routing != nil:
		ck.checkRouting(routing, ids)
	}
}

// checkScreen validates one screen and returns its id and whether it is
// terminal.
func (ck *flowJSONChecker) checkScreen(s *jsonNode, path string, seen map[string]bool) (string, bool) {
	if s.kind != 'o' {
		ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", path, s,
			`The value at "%s" must be an object.`, metaPath(path))
		return "", false
	}
	for i := range s.members {
		m := &s.members[i]
		if !contains(flowScreenProperties, m.key) {
			ck.addMember("INVALID_PROPERTY", "JSON_SCHEMA_ERROR", path+"/"+escapePointer(m.key), m,
				`The property "%s" cannot be specified at "%s".`, m.key, metaPath(path))
		}
	}
	id := ""
	idNode := s.get("id")
	switch {
	case idNode == nil:
		ck.addSpan("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", path, s.start, s.start+1,
			`The property "id" is required at "%s".`, metaPath(path))
	case idNode.kind != 's':
		ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", path+"/id", idNode,
			`The property "id" at "%s" must be a string.`, metaPath(path))
	case idNode.str == "SUCCESS":
		ck.add("INVALID_PROPERTY_VALUE", "JSON_SCHEMA_ERROR", path+"/id", idNode,
			`"SUCCESS" is a reserved keyword and can't be used as a screen id at "%s/id".`, metaPath(path))
	case !flowScreenIDPattern.MatchString(idNode.str):
		ck.add("INVALID_PROPERTY_VALUE", "JSON_SCHEMA_ERROR", path+"/id", idNode,
			`The screen id "%s" at "%s/id" is invalid: use only letters and underscores.`, idNode.str, metaPath(path))
	case seen[idNode.str]:
		ck.add("DUPLICATE_SCREEN_ID", "FLOW_JSON_ERROR", path+"/id", idNode,
			`The screen id "%s" at "%s/id" is used by another screen.`, idNode.str, metaPath(path))
	default:
		id = idNode.str
	}
	terminal := false
	if t := s.get("terminal"); t != nil {
		if t.kind != 'b' {
			ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", path+"/terminal", t,
				`The property "terminal" at "%s" must be a boolean.`, metaPath(path))
		}
		terminal = t.str == "true"
	}
	layout := s.get("layout")
	switch {
	case layout == nil:
		ck.addSpan("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", path, s.start, s.start+1,
			`The property "layout" is required at "%s".`, metaPath(path))
		return id, terminal
	case layout.kind != 'o':
		ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", path+"/layout", layout,
			`The property "layout" at "%s" must be an object.`, metaPath(path))
		return id, terminal
	}
	lpath := path + "/layout"
	if lt := layout.get("type"); lt == nil || lt.kind != 's' || lt.str != "SingleColumnLayout" {
		n := layout
		if lt != nil {
			n = lt
		}
		ck.add("INVALID_PROPERTY_VALUE", "JSON_SCHEMA_ERROR", lpath+"/type", n,
			`The layout type at "%s/type" must be "SingleColumnLayout".`, metaPath(lpath))
	}
	children := layout.get("children")
	if children == nil || children.kind != 'a' {
		n := layout
		if children != nil {
			n = children
		}
		ck.add("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", lpath+"/children", n,
			`The property "children" at "%s" must be an array of components.`, metaPath(lpath))
		return id, terminal
	}
	footers := ck.checkComponents(children, lpath+"/children", 0)
	if terminal && footers == 0 {
		ck.add("MISSING_FOOTER", "FLOW_JSON_ERROR", lpath+"/children", children,
			`The terminal screen at "%s" must have a Footer component.`, metaPath(path))
	}
	return id, terminal
}

// checkComponents validates a children array and counts its Footers.
func (ck *flowJSONChecker) checkComponents(children *jsonNode, path string, depth int) int {
	footers := 0
	for i, c := range children.items {
		cpath := fmt.Sprintf("%s/%d", path, i)
		if c.kind != 'o' {
			ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", cpath, c,
				`The component at "%s" must be an object.`, metaPath(cpath))
			continue
		}
		t := c.get("type")
		if t == nil || t.kind != 's' {
			ck.addSpan("MISSING_REQUIRED_PROPERTY", "JSON_SCHEMA_ERROR", cpath, c.start, c.start+1,
				`The property "type" is required at "%s".`, metaPath(cpath))
			continue
		}
		if !contains(flowComponents, t.str) {
			ck.add("INVALID_COMPONENT_TYPE", "JSON_SCHEMA_ERROR", cpath+"/type", t,
				`The component type "%s" at "%s" isn't supported.`, t.str, metaPath(cpath))
			continue
		}
		if t.str == "Footer" {
			footers++
		}
		if depth < 8 {
			for _, nested := range []string{"children", "then", "else"} {
				if n := c.get(nested); n != nil && n.kind == 'a' {
					footers += ck.checkComponents(n, cpath+"/"+nested, depth+1)
				}
			}
		}
	}
	return footers
}

// checkNavigation finds navigate actions and checks their target screens.
func (ck *flowJSONChecker) checkNavigation(screens *jsonNode, ids map[string]bool) {
	var walk func(n *jsonNode, path string)
	walk = func(n *jsonNode, path string) {
		switch n.kind {
		case 'o':
			if name := n.get("name"); name != nil && name.kind == 's' && name.str == "navigate" {
				if next := n.get("next"); next != nil {
					if target := next.get("name"); target != nil && target.kind == 's' && !ids[target.str] {
						ck.add("INVALID_NAVIGATION_TARGET", "FLOW_JSON_ERROR", path+"/next/name", target,
							`The navigate action at "%s" targets screen "%s", which doesn't exist.`, metaPath(path), target.str)
					}
				}
			}
			for i := range n.members {
				walk(n.members[i].value, path+"/"+escapePointer(n.members[i].key))
			}
		case 'a':
			for i, it := range n.items {
				walk(it, path+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(screens, "/screens")
}

// checkRouting validates routing_model: screen id → screen ids reachable
// from it.
func (ck *flowJSONChecker) checkRouting(routing *jsonNode, ids map[string]bool) {
	if routing.kind != 'o' {
		ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", "/routing_model", routing,
			`The property "routing_model" at "$root" must be an object.`)
		return
	}
	for i := range routing.members {
		m := &routing.members[i]
		mpath := "/routing_model/" + escapePointer(m.key)
		if !ids[m.key] {
			ck.addMember("INVALID_ROUTING_MODEL", "FLOW_JSON_ERROR", mpath, m,
				`The routing model at "$root/routing_model" refers to screen "%s", which doesn't exist.`, m.key)
		}
		if m.value.kind != 'a' {
			ck.add("INVALID_PROPERTY_TYPE", "JSON_SCHEMA_ERROR", mpath, m.value,
				`The routes of screen "%s" at "$root/routing_model" must be an array of screen ids.`, m.key)
			continue
		}
		for j, target := range m.value.items {
			if target.kind != 's' || !ids[target.str] {
				ck.add("INVALID_ROUTING_MODEL", "FLOW_JSON_ERROR", fmt.Sprintf("%s/%d", mpath, j), target,
					`The routing model at "$root/routing_model/%s" refers to screen %s, which doesn't exist.`, m.key, string(ck.src[target.start:target.end]))
			}
		}
	}
}

// escapePointer escapes a JSON pointer reference token (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// versionAtLeast compares "MAJOR.MINOR" versions.
func versionAtLeast(v, floor string) bool {
	parse := func(s string) (int, int) {
		a, b, _ := strings.Cut(s, ".")
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return x, y
	}
	vm, vn := parse(v)
	fm, fn := parse(floor)
	return vm > fm || (vm == fm && vn >= fn)
}
