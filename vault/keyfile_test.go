package vault

import (
	"bytes"
	"testing"
)

func TestParseKeyFile(t *testing.T) {
	path, key := mustCreate(t, testPass)
	mustAddIdentity(t, path, key)
	valid := mustReadFile(t, path)
	tests := []struct {
		name string
		data string
	}{
		{"ErrEmpty", ""},
		{"ErrNotJSON", "version=1"},
		{"ErrTrailingData", string(valid) + "{}"},
		{"ErrUnknownField", `{"version":1,"extra":true}`},
		{"ErrNoWraps", `{"version":1,"key_id":"00112233445566778899aabbccddeeff","created":"2026-01-01T00:00:00Z","wraps":[],"mac":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`},
		{"ErrUpperCaseKeyID", string(bytes.Replace(valid, []byte(`"key_id": "`), []byte(`"key_id": "A`), 1))},
		{"ErrUnknownWrapType", string(bytes.Replace(valid, []byte(`"type": "passphrase"`), []byte(`"type": "password"`), 1))},
		{"ErrHugeMemory", string(bytes.Replace(valid, []byte(`"m": 64`), []byte(`"m": 4294967295`), 1))},
		{"ErrBadRecipient", string(bytes.Replace(valid, []byte(`"recipient": "age1`), []byte(`"recipient": "age2`), 1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if kf, err := ParseKeyFile([]byte(tt.data)); err == nil {
				t.Fatalf("parsed %+v, want an error", kf)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		kf, err := ParseKeyFile(valid)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := kf.Marshal()
		if !bytes.Equal(again, valid) {
			t.Errorf("re-encoded key file differs:\n%s\nwant\n%s", again, valid)
		}
	})
}

// FuzzParseKeyFile checks that ParseKeyFile never panics and that what it
// accepts encodes to a fixed point.
func FuzzParseKeyFile(f *testing.F) {
	path, key := mustCreate(f, testPass)
	f.Add(mustReadFile(f, path))
	mustAddIdentity(f, path, key)
	f.Add(mustReadFile(f, path))
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		kf, err := ParseKeyFile(data)
		if err != nil {
			return
		}
		enc, err := kf.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		kf2, err := ParseKeyFile(enc)
		if err != nil {
			t.Fatalf("re-encoded key file does not parse: %v\n%s", err, enc)
		}
		if enc2, _ := kf2.Marshal(); !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", enc, enc2)
		}
	})
}
