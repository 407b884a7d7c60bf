package ingest

import (
	"bytes"
	"strings"
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
				return "", inputErrorf(name, "", "invalid UTF-8 at byte %d; declare the encoding with --encoding windows-1252 if the file is not UTF-8", base+i)
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
