package stamp

import (
	"fmt"
	"strings"
)

// A GS1 Digital Link URI (GS1 Digital Link URI syntax 1.4) names a trade
// item on the web: https://{host}/01/{GTIN}, with key qualifiers in this
// order: /10/{lot} (batch or lot, AI 10) and /21/{serial} (serial number,
// AI 21). For a stamp the serial is its printed serial ("0000-01234-5").
// The resolver (server) answers these URIs; EPCIS names stamps by them.

// Application Identifiers of the Digital Link paths the registry answers.
const (
	AIGTIN   = "01"
	AILot    = "10"
	AISerial = "21"
)

// MaxAIValueLen is the longest lot (AI 10) or serial (AI 21) value.
const MaxAIValueLen = 20

// DigitalLink is the path of a GS1 Digital Link URI: a GTIN (canonical, 14
// digits) and optionally a lot and a serial (a stamp's printed serial).
type DigitalLink struct {
	GTIN   GTIN
	Lot    string // AI 10; "" for none
	Serial string // AI 21, printed form; "" for none
}

// Path returns the canonical path: /01/{14 digits}[/10/{lot}][/21/{serial}],
// each value percent-encoded as the Digital Link syntax wants (letters,
// digits, '-', '.' and '_' as they are, every other character as %XX).
func (d DigitalLink) Path() string {
	var b strings.Builder
	b.WriteString("/" + AIGTIN + "/" + string(d.GTIN))
	if d.Lot != "" {
		b.WriteString("/" + AILot + "/" + encodeAIValue(d.Lot))
	}
	if d.Serial != "" {
		b.WriteString("/" + AISerial + "/" + encodeAIValue(d.Serial))
	}
	return b.String()
}

// URI returns the Digital Link URI of d on base (the office's public base
// URL, e.g. https://txng.example.vn; a trailing slash is dropped).
func (d DigitalLink) URI(base string) string { return strings.TrimRight(base, "/") + d.Path() }

// StampDigitalLink returns the Digital Link of a stamp of a product with
// GTIN g: /01/{g}/21/{printed serial}.
func StampDigitalLink(g GTIN, serial uint64) DigitalLink {
	return DigitalLink{GTIN: g, Serial: FormatSerial(serial)}
}

// ParseDigitalLinkPath reads the path of a Digital Link URI (escaped, as it
// is on the wire; a trailing slash is allowed): /01/{GTIN-8, 12, 13 or 14}
// optionally followed by /10/{lot}, /21/{serial} or both in that order. A
// serial is a printed serial in any form ParseSerial accepts and comes back
// in its printed form. Anything else is EInvalid naming what is wrong: a
// wrong GTIN check digit (ParseGTIN), an AI other than 10 or 21, the AIs out
// of order or repeated, an AI without a value, a value longer than 20
// characters or with a character the GS1 character set 82 does not have, a
// bad percent-encoding, or a serial that is not one.
func ParseDigitalLinkPath(path string) (DigitalLink, error) {
	segs := strings.Split(strings.TrimSuffix(path, "/"), "/")
	if len(segs) < 3 || segs[0] != "" || segs[1] != AIGTIN {
		return DigitalLink{}, Errorf(EInvalid, "digital link %q: want /01/{GTIN}[/10/{lot}][/21/{serial}]", path)
	}
	g, err := ParseGTIN(segs[2])
	if err != nil {
		return DigitalLink{}, Errorf(EInvalid, "digital link: %s", ErrorMessage(err))
	}
	d := DigitalLink{GTIN: g}
	rest := segs[3:]
	last := ""
	for len(rest) > 0 {
		ai := rest[0]
		if len(rest) < 2 || rest[1] == "" {
			return DigitalLink{}, Errorf(EInvalid, "digital link: AI (%s) has no value", ai)
		}
		v, err := decodeAIValue(ai, rest[1])
		if err != nil {
			return DigitalLink{}, err
		}
		switch {
		case ai == AILot && last == "":
			d.Lot = v
		case ai == AISerial && last != AISerial:
			n, err := ParseSerial(v)
			if err != nil {
				return DigitalLink{}, Errorf(EInvalid, "digital link: AI (21): %s", ErrorMessage(err))
			}
			d.Serial = FormatSerial(n)
		case ai == AILot || ai == AISerial:
			return DigitalLink{}, Errorf(EInvalid, "digital link: AI (%s) after AI (%s): the order is /10/{lot} then /21/{serial}, each once", ai, last)
		default:
			return DigitalLink{}, Errorf(EInvalid, "digital link: AI (%s) is not a key qualifier of a GTIN this registry answers (10 lot, 21 serial)", ai)
		}
		last, rest = ai, rest[2:]
	}
	return d, nil
}

// aiLiteral reports whether c stands for itself in a Digital Link path.
func aiLiteral(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
}

// aiEncoded lists the other characters of GS1 character set 82 that a
// Digital Link path carries percent-encoded ('"' excepted: the Digital Link
// grammar does not admit it).
const aiEncoded = "!%&'()*+,/:;<=>?"

// ValidAIValue reports whether v can be a lot (AI 10) or serial (AI 21) of
// a Digital Link: 1 to 20 characters of GS1 character set 82.
func ValidAIValue(v string) bool {
	if v == "" || len(v) > MaxAIValueLen {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !aiLiteral(v[i]) && !strings.ContainsRune(aiEncoded, rune(v[i])) {
			return false
		}
	}
	return true
}

func encodeAIValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if aiLiteral(v[i]) {
			b.WriteByte(v[i])
		} else {
			fmt.Fprintf(&b, "%%%02X", v[i])
		}
	}
	return b.String()
}

func decodeAIValue(ai, raw string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '%' {
			if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) {
				return "", Errorf(EInvalid, "digital link: AI (%s) value %q: bad percent-encoding", ai, raw)
			}
			c = unhex(raw[i+1])<<4 | unhex(raw[i+2])
			i += 2
		}
		b.WriteByte(c)
	}
	v := b.String()
	if !ValidAIValue(v) {
		return "", Errorf(EInvalid, "digital link: AI (%s) value %q: want 1 to %d characters of GS1 character set 82 (letters, digits and !%%&'()*+,-./:;<=>?_)", ai, v, MaxAIValueLen)
	}
	return v, nil
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
