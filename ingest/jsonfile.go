package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// maxJSONBytes bounds codebook, schema and metadata files.
const maxJSONBytes = 8 << 20

// readJSONFile reads a whole JSON file and checks its syntax, so that later
// decoding only meets shape errors. Syntax errors name line and column.
func readJSONFile(name string, r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxJSONBytes+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if len(b) > maxJSONBytes {
		return nil, inputErrorf(name, "", "larger than %d MiB; this is not a codebook, schema or metadata file", maxJSONBytes>>20)
	}
	b = bytes.TrimPrefix(b, bomUTF8)
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := lineCol(b, se.Offset)
			return nil, inputErrorf(name, fmt.Sprintf("line %d, column %d", line, col), "invalid JSON (%s); fix the syntax", strings.TrimPrefix(se.Error(), "json: "))
		}
		return nil, inputErrorf(name, "", "invalid JSON (%s); fix the syntax", strings.TrimPrefix(err.Error(), "json: "))
	}
	return b, nil
}

// lineCol converts a byte offset to a 1-based line and column (in bytes).
func lineCol(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}

// decodeStrict decodes raw, a JSON object, into dst, a pointer to a struct
// with json tags, refusing keys dst does not name: a misspelt key would
// otherwise vanish silently. where names the object in errors.
func decodeStrict(name, where string, raw []byte, dst any) error {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil || keys == nil {
		return inputErrorf(name, where, "want a JSON object {...}")
	}
	known := jsonKeys(reflect.TypeOf(dst).Elem())
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if !slices.Contains(known, k) {
			return inputErrorf(name, where, "unknown key %q; known keys: %s", k, strings.Join(known, ", "))
		}
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return inputErrorf(name, where, "key %q: want %s, not a JSON %s", te.Field, jsonKind(te.Type), te.Value)
		}
		return inputErrorf(name, where, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// jsonKeys lists the JSON keys of a struct type, sorted.
func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// jsonKind describes a Go type in JSON terms for error messages.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return "a list of strings"
		}
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a " + t.Kind().String()
}
