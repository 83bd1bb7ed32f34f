package emulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// A small JSON parser that keeps the byte span of every value and property name, so that
// validation errors can point at lines and columns of the document as it was written.

// jsonNode is a parsed JSON value with its byte span in the document.
type jsonNode struct {
	kind       byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	start, end int  // byte offsets, end exclusive
	str        string
	members    []jsonMember
	items      []*jsonNode
}

type jsonMember struct {
	key              string
	keyStart, keyEnd int
	value            *jsonNode
}

func (n *jsonNode) member(key string) (*jsonMember, bool) {
	if n == nil || n.kind != 'o' {
		return nil, false
	}
	for i := range n.members {
		if n.members[i].key == key {
			return &n.members[i], true
		}
	}
	return nil, false
}

func (n *jsonNode) get(key string) *jsonNode {
	if m, ok := n.member(key); ok {
		return m.value
	}
	return nil
}

// jsonSyntaxError is a parse failure at a byte offset.
type jsonSyntaxError struct {
	offset int
	msg    string
}

type jsonParser struct {
	src []byte
	pos int
}

// parseJSONDocument parses src into a tree of positioned nodes.
func parseJSONDocument(src []byte) (*jsonNode, *jsonSyntaxError) {
	p := &jsonParser{src: src}
	p.skipSpace()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, p.fail("Unexpected non-whitespace character after JSON")
	}
	return n, nil
}

const maxJSONDepth = 200

func (p *jsonParser) fail(msg string) *jsonSyntaxError {
	return &jsonSyntaxError{offset: p.pos, msg: msg}
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (*jsonNode, *jsonSyntaxError) {
	if depth > maxJSONDepth {
		return nil, p.fail("JSON nested too deeply")
	}
	if p.pos >= len(p.src) {
		return nil, p.fail("Unexpected end of JSON input")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		start := p.pos
		s, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		return &jsonNode{kind: 's', start: start, end: p.pos, str: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		for _, lit := range []struct {
			word string
			kind byte
		}{{"true", 'b'}, {"false", 'b'}, {"null", 'z'}} {
			if strings.HasPrefix(string(p.src[p.pos:min(p.pos+len(lit.word), len(p.src))]), lit.word) {
				start := p.pos
				p.pos += len(lit.word)
				return &jsonNode{kind: lit.kind, start: start, end: p.pos, str: lit.word}, nil
			}
		}
		return nil, p.fail(fmt.Sprintf("Unexpected token '%s'", string(p.runeAt())))
	}
}

func (p *jsonParser) runeAt() rune {
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	return r
}

func (p *jsonParser) object(depth int) (*jsonNode, *jsonSyntaxError) {
	n := &jsonNode{kind: 'o', start: p.pos}
	p.pos++ // {
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		n.end = p.pos
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail("Unexpected end of JSON input: expected a property name or '}'")
		}
		if p.src[p.pos] != '"' {
			return nil, p.fail("Expected double-quoted property name")
		}
		keyStart := p.pos
		key, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		keyEnd := p.pos
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.fail("Expected ':' after property name")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, jsonMember{key: key, keyStart: keyStart, keyEnd: keyEnd, value: v})
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail("Unexpected end of JSON input: expected ',' or '}'")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			n.end = p.pos
			return n, nil
		default:
			return nil, p.fail("Expected ',' or '}' after property value")
		}
	}
}

func (p *jsonParser) array(depth int) (*jsonNode, *jsonSyntaxError) {
	n := &jsonNode{kind: 'a', start: p.pos}
	p.pos++ // [
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		n.end = p.pos
		return n, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, v)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail("Unexpected end of JSON input: expected ',' or ']'")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			n.end = p.pos
			return n, nil
		default:
			return nil, p.fail("Expected ',' or ']' after array element")
		}
	}
}

// stringLit scans a string literal and decodes it with encoding/json, which
// knows every escape.
func (p *jsonParser) stringLit() (string, *jsonSyntaxError) {
	start := p.pos
	p.pos++ // opening quote
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == '\\':
			p.pos += 2
		case c == '"':
			p.pos++
			var s string
			if err := json.Unmarshal(p.src[start:p.pos], &s); err != nil {
				p.pos = start
				return "", p.fail("Bad escaped character in string literal")
			}
			return s, nil
		case c < 0x20:
			return "", p.fail("Bad control character in string literal")
		default:
			p.pos++
		}
	}
	return "", p.fail("Unterminated string in JSON")
}

var jsonNumberPattern = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`)

func (p *jsonParser) number() (*jsonNode, *jsonSyntaxError) {
	m := jsonNumberPattern.Find(p.src[p.pos:])
	if m == nil {
		return nil, p.fail("No number after minus sign in JSON")
	}
	start := p.pos
	p.pos += len(m)
	return &jsonNode{kind: 'n', start: start, end: p.pos, str: string(m)}, nil
}

// position converts a byte offset into a 1-based line and a 1-based column
// counted in characters.
func position(src []byte, offset int) (line, col int) {
	line, col = 1, 1
	offset = min(offset, len(src))
	for i := 0; i < offset; {
		r, size := utf8.DecodeRune(src[i:])
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}
