package ownwords

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"
	"time"
)

// TestCanonicalFields checks that the canonical content rebuilt around
// CanonicalFields hashes to ComputeHash, for text JSON escapes or leaves
// as UTF-8.
func TestCanonicalFields(t *testing.T) {
	at := time.Date(2026, 12, 6, 16, 30, 0, 123456789, time.FixedZone("x", 3600))
	for _, e := range []AuditEntry{
		{Seq: 1, At: at, Actor: "alice", Action: "login", PrevHash: GenesisHash},
		{Seq: 42, At: at, StudyID: "s1", Actor: "bob", Action: "segment.create", Object: "o", Detail: "coder", PrevHash: "ab12"},
		{Seq: 9007199254740993, At: at.Truncate(time.Second), Actor: "é\"<>&\u2028\\", Action: "a\nb", Object: "\x00\xff", Detail: "日本", PrevHash: GenesisHash},
	} {
		content := "[" + strconv.FormatInt(e.Seq, 10) + "," + e.CanonicalFields() + ",\"" + e.PrevHash + "\"]"
		h := sha256.Sum256([]byte(content))
		if got, want := hex.EncodeToString(h[:]), e.ComputeHash(); got != want {
			t.Errorf("entry %d: content %s hashes to %s, ComputeHash %s", e.Seq, content, got, want)
		}
	}
}
