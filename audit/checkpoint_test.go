package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/audit"
)

// mustKey returns a fixed ed25519 key pair for seed byte s.
func mustKey(tb testing.TB, s byte) (ed25519.PublicKey, ed25519.PrivateKey) {
	tb.Helper()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{s}, ed25519.SeedSize))
	return priv.Public().(ed25519.PublicKey), priv
}

// mustSign signs a checkpoint of m's current head.
func mustSign(tb testing.TB, m *memLog, priv ed25519.PrivateKey) []byte {
	tb.Helper()
	data, err := audit.Sign(m.head, t0.Add(time.Hour), priv)
	if err != nil {
		tb.Fatalf("Sign: %v", err)
	}
	return data
}

func TestCheckpoint(t *testing.T) {
	pub, priv := mustKey(t, 1)
	m := mustLog(t, 30)
	data := mustSign(t, m, priv)

	t.Run("OK", func(t *testing.T) {
		cp, err := audit.VerifyCheckpoint(data, pub)
		if err != nil {
			t.Fatal(err)
		}
		want := audit.Checkpoint{Seq: 30, Hash: m.head.Hash, At: t0.Add(time.Hour)}
		if cp.Seq != want.Seq || cp.Hash != want.Hash || !cp.At.Equal(want.At) {
			t.Errorf("got %+v, want %+v", cp, want)
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		other, _ := mustKey(t, 2)
		_, err := audit.VerifyCheckpoint(data, other)
		if ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
	})
	tampered := []struct{ name, from, to string }{
		{"ErrSeq", `"seq": 30`, `"seq": 29`},
		{"ErrHash", m.head.Hash[:10], strings.Repeat("0", 10)},
		{"ErrTime", `"at": "2026-03-01T10`, `"at": "2026-03-01T11`},
		{"ErrUnknownField", `"seq": 30`, `"seq": 30, "note": "x"`},
	}
	for _, tt := range tampered {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(string(data), tt.from, tt.to, 1)
			if bad == string(data) {
				t.Fatalf("%q not found in %s", tt.from, data)
			}
			if cp, err := audit.VerifyCheckpoint([]byte(bad), pub); err == nil {
				t.Fatalf("accepted %+v", cp)
			}
		})
	}
	t.Run("ErrEmptyLog", func(t *testing.T) {
		if _, err := audit.Sign(ownwords.AuditHead{Seq: 0, Hash: ownwords.GenesisHash}, t0, priv); err == nil {
			t.Fatal("signed a checkpoint of an empty log")
		}
	})
}

func TestExtends(t *testing.T) {
	pub, priv := mustKey(t, 1)
	base := mustLog(t, 30)
	cp, err := audit.VerifyCheckpoint(mustSign(t, base, priv), pub)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		change  func(m *memLog)
		ok      bool
		forgery bool // a consistent forgery that Verify alone passes
	}{
		{"OKUnchanged", func(m *memLog) {}, true, false},
		{"OKAppended", func(m *memLog) {
			for range 5 {
				m.Record(context.Background(), "study-1", "user.login", "", "")
			}
		}, true, false},
		{"ErrRewritten", func(m *memLog) {
			// A forger who edits entry 10 and re-chains everything after it,
			// head included: Verify passes, the checkpoint does not.
			m.entries[9].Detail = "forged"
			for i := 9; i < len(m.entries); i++ {
				if i > 0 {
					m.entries[i].PrevHash = m.entries[i-1].Hash
				}
				m.rehash(i)
			}
			last := m.entries[len(m.entries)-1]
			m.head = ownwords.AuditHead{Seq: last.Seq, Hash: last.Hash}
		}, false, true},
		{"ErrTruncatedAndHeadMoved", func(m *memLog) {
			m.entries = m.entries[:25]
			m.head = ownwords.AuditHead{Seq: 25, Hash: m.entries[24].Hash}
		}, false, true},
		{"ErrBrokenChain", func(m *memLog) { m.entries[3].Actor = "mallory" }, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base.clone()
			tt.change(m)
			if tt.forgery {
				if res := mustVerify(t, t.Context(), m); !res.OK {
					t.Fatalf("forgery not consistent: %+v", res.FirstBad)
				}
			}
			err := audit.Extends(t.Context(), m, cp)
			if tt.ok && err != nil {
				t.Fatalf("Extends: %v", err)
			}
			if !tt.ok && ownwords.ErrorCode(err) != ownwords.ECONFLICT {
				t.Fatalf("Extends = %v, want ECONFLICT", err)
			}
		})
	}
}

// FuzzVerifyCheckpoint checks that VerifyCheckpoint never panics and only
// accepts checkpoints signed by the key.
func FuzzVerifyCheckpoint(f *testing.F) {
	pub, priv := mustKey(f, 1)
	valid := mustSign(f, mustLog(f, 3), priv)
	f.Add(valid)
	f.Add([]byte(`{"checkpoint":{"seq":1,"hash":"","at":"2026-01-01T00:00:00Z"},"signature":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cp, err := audit.VerifyCheckpoint(data, pub)
		if err != nil {
			return
		}
		// Whatever verifies must be what was signed: the only signature
		// made with priv in this test is valid's.
		want, _ := audit.VerifyCheckpoint(valid, pub)
		if cp.Seq != want.Seq || cp.Hash != want.Hash || !cp.At.Equal(want.At) {
			t.Fatalf("accepted %+v, which was never signed", cp)
		}
	})
}
