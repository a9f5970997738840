package admin

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// duplicateKey returns the first member name that occurs twice in one
// object of the JSON text body, at any depth, or "". encoding/json keeps
// the last of two members silently: {"role":"viewer","role":"office"}
// would read differently to a person and to the server. body must be valid
// JSON (decode it first).
func duplicateKey(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object bool
		seen   map[string]bool
		key    bool // an object expects a member name next
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if top != nil && top.object {
					top.key = true // the object or array is a member's value
				}
				stack = append(stack, &frame{object: t == '{', seen: map[string]bool{}, key: t == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if top != nil && top.object && top.key {
				if top.seen[t] {
					return t
				}
				top.seen[t] = true
				top.key = false
				continue
			}
		}
		if top != nil && top.object {
			top.key = true // a member's value was read
		}
	}
}

// errDuplicateKey is the message for a body naming a member twice.
func errDuplicateKey(name string) error {
	return fmt.Errorf("field %q appears twice in one object: send it once", name)
}
