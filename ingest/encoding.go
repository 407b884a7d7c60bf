package ingest

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Encoding names accepted in TextOptions.Encoding and TableOptions.Encoding
// (case-insensitive; "cp1252" etc. are accepted as aliases).
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
	EncodingWindows1252 = "windows-1252" // Western European
	EncodingWindows1256 = "windows-1256" // Arabic
	EncodingWindows1251 = "windows-1251" // Cyrillic
)

var encodingAliases = map[string]string{
	"utf-8": EncodingUTF8, "utf8": EncodingUTF8,
	"utf-16le": EncodingUTF16LE, "utf16le": EncodingUTF16LE,
	"utf-16be": EncodingUTF16BE, "utf16be": EncodingUTF16BE,
	"windows-1252": EncodingWindows1252, "cp1252": EncodingWindows1252,
	"windows-1256": EncodingWindows1256, "cp1256": EncodingWindows1256,
	"windows-1251": EncodingWindows1251, "cp1251": EncodingWindows1251,
}

var charmaps = map[string]*charmap.Charmap{
	EncodingWindows1252: charmap.Windows1252,
	EncodingWindows1256: charmap.Windows1256,
	EncodingWindows1251: charmap.Windows1251,
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeText converts the bytes of a text file to a UTF-8 string. A BOM
// decides the encoding; without one, enc (a declared encoding, "" for
// UTF-8) does. Offsets in errors count bytes from the start of b.
func decodeText(name string, b []byte, enc string) (string, error) {
	declared := ""
	if enc != "" {
		var ok bool
		if declared, ok = encodingAliases[strings.ToLower(strings.TrimSpace(enc))]; !ok {
			return "", inputErrorf(name, "", "unknown encoding %q; use utf-8, utf-16le, utf-16be, windows-1252, windows-1256 (Arabic) or windows-1251 (Cyrillic)", enc)
		}
	}
	bom, bomLen := "", 0
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		bom, bomLen = EncodingUTF8, 3
	case bytes.HasPrefix(b, bomUTF16LE):
		bom, bomLen = EncodingUTF16LE, 2
	case bytes.HasPrefix(b, bomUTF16BE):
		bom, bomLen = EncodingUTF16BE, 2
	}
	if bom != "" && declared != "" && declared != bom {
		return "", inputErrorf(name, "", "the file starts with a %s byte-order mark but --encoding %s was declared; drop --encoding", bom, declared)
	}
	use := bom
	if use == "" {
		use = declared
	}
	switch use {
	case "", EncodingUTF8:
		return checkUTF8(name, b[bomLen:], bomLen, declared == "")
	case EncodingUTF16LE:
		return decodeUTF16(name, b[bomLen:], bomLen, false)
	case EncodingUTF16BE:
		return decodeUTF16(name, b[bomLen:], bomLen, true)
	}
	return decodeCharmap(name, b, charmaps[use], use)
}

// checkUTF8 returns b as a string if it is valid UTF-8 without NUL bytes.
func checkUTF8(name string, b []byte, base int, undeclared bool) (string, error) {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			if undeclared {
				if enc, sample := guessEncoding(b, i); enc != "" {
					return "", inputErrorf(name, "", "invalid UTF-8 at byte %d; declare the encoding with --encoding %s if the file is not UTF-8 (so decoded, it reads %q)", base+i, enc, sample)
				}
				return "", inputErrorf(name, "", "invalid UTF-8 at byte %d; the file is not UTF-8: declare its encoding with --encoding (windows-1252 Western European, windows-1256 Arabic, windows-1251 Cyrillic)", base+i)
			}
			return "", inputErrorf(name, "", "invalid UTF-8 at byte %d; the file is not UTF-8: declare its real encoding with --encoding", base+i)
		case r == 0:
			return "", nulError(name, base+i)
		}
		i += n
	}
	return string(b), nil
}

func nulError(name string, offset int) error {
	return inputErrorf(name, "", "NUL byte at byte %d; the file is binary or UTF-16 without a byte-order mark (then declare --encoding utf-16le or utf-16be)", offset)
}

// decodeUTF16 decodes UTF-16 code units; unpaired surrogates and NUL are
// errors naming their byte offset.
func decodeUTF16(name string, b []byte, base int, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", inputErrorf(name, "", "UTF-16 text has an odd number of bytes (%d); the file is truncated or not UTF-16", base+len(b))
	}
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); i += 2 {
		r := unit(i)
		switch {
		case r == 0:
			return "", nulError(name, base+i)
		case utf16.IsSurrogate(r):
			var r2 rune = utf8.RuneError
			if r < 0xDC00 && i+3 < len(b) {
				r2 = utf16.DecodeRune(r, unit(i+2))
			}
			if r2 == utf8.RuneError {
				return "", inputErrorf(name, "", "invalid UTF-16 (unpaired surrogate) at byte %d; the file is damaged or not UTF-16", base+i)
			}
			r = r2
			i += 2
		}
		sb.WriteRune(r)
	}
	return sb.String(), nil
}

// decodeCharmap decodes a single-byte encoding; bytes the encoding leaves
// undefined are errors, since they mean the declaration is wrong.
func decodeCharmap(name string, b []byte, cm *charmap.Charmap, enc string) (string, error) {
	var sb strings.Builder
	sb.Grow(len(b))
	for i, c := range b {
		if c == 0 {
			return "", nulError(name, i)
		}
		r := cm.DecodeByte(c)
		if r == utf8.RuneError {
			return "", inputErrorf(name, "", "byte 0x%02X at byte %d is not a %s character; the file has another encoding: declare it with --encoding", c, i, enc)
		}
		sb.WriteRune(r)
	}
	return sb.String(), nil
}

// guessCandidates are the legacy encodings guessEncoding tries, each with
// the script its letters above ASCII are expected to be written in; on a
// tie the earlier wins.
var guessCandidates = []struct {
	enc    string
	script *unicode.RangeTable
}{
	{EncodingWindows1252, unicode.Latin},
	{EncodingWindows1256, unicode.Arabic},
	{EncodingWindows1251, unicode.Cyrillic},
}

// guessEncoding names the legacy encoding under which b (not UTF-8) reads
// most like text, and a short sample of b so decoded from around byte at,
// for an error message; "" when none reads plausibly. A word (a run of
// letters) holding letters above ASCII reads plausibly when they are all of
// the encoding's script and, for Latin, do not outnumber its ASCII letters
// by more than one (French "été" does; Arabic read as windows-1252, "ÇáÚÑÈí",
// does not). The score is the share of such words that read plausibly.
func guessEncoding(b []byte, at int) (enc, sample string) {
	best := 0.5 // below half the words plausible, no guess
	for _, c := range guessCandidates {
		text, ok := decodeGuess(b, charmaps[c.enc])
		if !ok {
			continue
		}
		words, plausible := 0, 0
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			ascii, other, foreign := 0, 0, false
			for _, r := range w {
				switch {
				case r < utf8.RuneSelf:
					ascii++
				case unicode.Is(c.script, r):
					other++
				default:
					foreign = true
				}
			}
			if other == 0 && !foreign {
				continue
			}
			words++
			if !foreign && (c.script == unicode.Latin && other <= ascii+1 || c.script != unicode.Latin && ascii == 0) {
				plausible++
			}
		}
		if words > 0 && float64(plausible)/float64(words) > best {
			best = float64(plausible) / float64(words)
			enc, sample = c.enc, guessSample(b[max(0, at-30):min(len(b), at+30)], charmaps[c.enc])
		}
	}
	return enc, sample
}

// decodeGuess decodes b with cm; false if a byte is undefined in it.
func decodeGuess(b []byte, cm *charmap.Charmap) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		r := cm.DecodeByte(c)
		if r == utf8.RuneError || r == 0 {
			return "", false
		}
		sb.WriteRune(r)
	}
	return sb.String(), true
}

// guessSample decodes b with cm, control characters as spaces.
func guessSample(b []byte, cm *charmap.Charmap) string {
	s, _ := decodeGuess(b, cm)
	return strings.Join(strings.FieldsFunc(s, unicode.IsControl), " ")
}
