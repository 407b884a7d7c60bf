package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/audit"
)

// mustVerify runs audit.Verify and fails on a read error.
func mustVerify(tb testing.TB, ctx context.Context, src ownwords.AuditService) *audit.Result {
	tb.Helper()
	res, err := audit.Verify(ctx, src)
	if err != nil {
		tb.Fatalf("Verify: %v", err)
	}
	return res
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(m *memLog)
		kind    audit.Kind // "" for OK
		seq     int64
		message string // a part of the expected message
	}{
		{name: "OK", tamper: func(m *memLog) {}},
		{name: "OKEmpty", tamper: func(m *memLog) { *m = memLog{} }},
		{
			name:   "ErrEdited",
			tamper: func(m *memLog) { m.entries[16].Actor = "mallory" },
			kind:   audit.Edited, seq: 17, message: "entry 17 was edited: its hash does not match its content",
		},
		{
			name:   "ErrEditedTime",
			tamper: func(m *memLog) { m.entries[16].At = m.entries[16].At.Add(time.Nanosecond) },
			kind:   audit.Edited, seq: 17,
		},
		{
			name:   "ErrEditedAndRehashed",
			tamper: func(m *memLog) { m.entries[16].Detail = "nothing happened"; m.rehash(16) },
			kind:   audit.Edited, seq: 17, message: "entry 17 was edited and its hash recomputed: entry 18 no longer links to it",
		},
		{
			name:   "ErrEditedFirstRehashed",
			tamper: func(m *memLog) { m.entries[0].PrevHash = strings.Repeat("1", 64); m.rehash(0) },
			kind:   audit.Edited, seq: 1,
		},
		{
			name:   "ErrEditedLastRehashed",
			tamper: func(m *memLog) { m.entries[49].Action = "nothing"; m.rehash(49) },
			kind:   audit.HeadMismatch, seq: 50,
		},
		{
			name:   "ErrDeleted",
			tamper: func(m *memLog) { m.entries = slices.Delete(m.entries, 16, 17) },
			kind:   audit.Deleted, seq: 17, message: "entry 17 was deleted",
		},
		{
			name:   "ErrDeletedRange",
			tamper: func(m *memLog) { m.entries = slices.Delete(m.entries, 16, 19) },
			kind:   audit.Deleted, seq: 17, message: "entries 17-19 were deleted",
		},
		{
			name:   "ErrDeletedFirst",
			tamper: func(m *memLog) { m.entries = m.entries[1:] },
			kind:   audit.Deleted, seq: 1,
		},
		{
			name:   "ErrReordered",
			tamper: func(m *memLog) { m.entries[16], m.entries[17] = m.entries[17], m.entries[16] },
			kind:   audit.Reordered, seq: 17, message: "entry 17 comes after entry 18",
		},
		{
			name: "ErrReorderedFar",
			tamper: func(m *memLog) {
				e := m.entries[16]
				m.entries = append(slices.Delete(m.entries, 16, 17), e)
			},
			kind: audit.Reordered, seq: 17,
		},
		{
			name: "ErrSwappedRenumberedRehashed",
			tamper: func(m *memLog) {
				a, b := m.entries[16], m.entries[17]
				a.Seq, b.Seq = b.Seq, a.Seq
				m.entries[16], m.entries[17] = b, a
				m.rehash(16)
				m.rehash(17)
			},
			kind: audit.Reordered, seq: 17, message: "entries 17 and 18 were swapped",
		},
		{
			name:   "ErrDuplicated",
			tamper: func(m *memLog) { m.entries = slices.Insert(m.entries, 17, m.entries[16]) },
			kind:   audit.Reordered, seq: 17,
		},
		{
			name:   "ErrTruncated",
			tamper: func(m *memLog) { m.entries = m.entries[:47] },
			kind:   audit.Truncated, seq: 48, message: "the log ends at entry 47 but its recorded head is entry 50: entries 48-50 were removed from the end",
		},
		{
			name:   "ErrTruncatedAll",
			tamper: func(m *memLog) { m.entries = nil },
			kind:   audit.Truncated, seq: 1,
		},
		{
			name: "ErrAppendedWithoutHead",
			tamper: func(m *memLog) {
				head := m.head
				m.Record(context.Background(), "study-1", "user.login", "", "")
				m.head = head
			},
			kind: audit.HeadMismatch, seq: 51,
		},
		{
			name:   "ErrHeadHash",
			tamper: func(m *memLog) { m.head.Hash = strings.Repeat("0", 63) + "1" },
			kind:   audit.HeadMismatch, seq: 50,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mustLog(t, 50)
			tt.tamper(m)
			res := mustVerify(t, t.Context(), m)
			if res.Entries != int64(len(m.entries)) {
				t.Errorf("Entries = %d, want %d", res.Entries, len(m.entries))
			}
			if tt.kind == "" {
				if !res.OK || res.FirstBad != nil {
					t.Fatalf("got %+v, want OK", res.FirstBad)
				}
				if want, _ := m.AuditHead(t.Context()); res.Head != want {
					t.Errorf("Head = %+v, want %+v", res.Head, want)
				}
				return
			}
			if res.OK || res.FirstBad == nil {
				t.Fatalf("got OK, want %s at %d", tt.kind, tt.seq)
			}
			if p := res.FirstBad; p.Kind != tt.kind || p.Seq != tt.seq || !strings.Contains(p.Message, tt.message) {
				t.Errorf("got %s at %d (%q), want %s at %d (%q)", p.Kind, p.Seq, p.Message, tt.kind, tt.seq, tt.message)
			}
		})
	}
}

func TestVerifyConcurrentAppend(t *testing.T) {
	// A writer appends (and moves the head) after Verify read the head.
	m := mustLog(t, 10)
	m.beforeEntry = func(i int) {
		if i == 9 {
			m.Record(context.Background(), "study-1", "user.login", "", "")
		}
	}
	res := mustVerify(t, t.Context(), m)
	if !res.OK || res.Entries != 11 || res.Head.Seq != 11 {
		t.Fatalf("got %+v (%+v), want OK with 11 entries", res, res.FirstBad)
	}
}

func TestVerifyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := audit.Verify(ctx, mustLog(t, 5)); err == nil {
		t.Fatal("Verify with a cancelled context returned no error")
	}
}

// FuzzVerify applies random tamperings to a valid chain: the result is OK
// exactly when the tamperings left the log as it was.
func FuzzVerify(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 3, 1, 2})
	f.Add([]byte{3, 4, 5, 0, 3, 4, 5, 0})
	f.Add([]byte{2, 7, 0, 0, 6, 0, 0, 0})
	f.Add([]byte{4, 0, 0, 2, 7, 0, 0, 0})
	f.Add([]byte{1, 19, 2, 1, 8, 5, 0, 0})
	orig := mustLog(f, 20)
	f.Fuzz(func(t *testing.T, ops []byte) {
		m := orig.clone()
		for i := 0; i+4 <= len(ops) && i < 64; i += 4 { // at most 16 tamperings
			tamper(m, ops[i], int(ops[i+1]), int(ops[i+2]), ops[i+3])
		}
		unchanged := sameLog(m, orig)
		res := mustVerify(t, t.Context(), m)
		if res.OK != unchanged {
			t.Fatalf("OK = %v for a log that changed: %v (%+v)", res.OK, !unchanged, res.FirstBad)
		}
		if !res.OK {
			switch res.FirstBad.Kind {
			case audit.Edited, audit.Deleted, audit.Reordered, audit.Truncated, audit.HeadMismatch:
			default:
				t.Fatalf("unknown kind %q", res.FirstBad.Kind)
			}
		}
	})
}

// tamper applies operation op to m; a and b pick entries, c is a value.
// None of the operations can rebuild a valid chain by itself: they never
// set a hash to one computed for another entry.
func tamper(m *memLog, op byte, a, b int, c byte) {
	n := len(m.entries)
	values := []string{"amira", "bo", "chen", ownwords.SystemActor}
	switch op % 10 {
	case 0, 1: // edit a field, and with op 1 re-hash the entry
		if n == 0 {
			return
		}
		e := &m.entries[a%n]
		v := values[int(c)%len(values)]
		switch b % 5 {
		case 0:
			e.Actor = v
		case 1:
			e.Action = v
		case 2:
			e.Object = v
		case 3:
			e.Detail = v
		case 4:
			e.StudyID = v
		}
		if op%10 == 1 {
			m.rehash(a % n)
		}
	case 2: // delete
		if n > 0 {
			m.entries = slices.Delete(m.entries, a%n, a%n+1)
		}
	case 3: // swap
		if n > 0 {
			m.entries[a%n], m.entries[b%n] = m.entries[b%n], m.entries[a%n]
		}
	case 4: // truncate
		m.entries = m.entries[:max(0, n-int(c%4))]
	case 5: // duplicate
		if n > 0 {
			m.entries = slices.Insert(m.entries, a%n, m.entries[a%n])
		}
	case 6: // append a chained entry but keep the head
		head := m.head
		m.Record(context.Background(), "study-1", "user.login", "", "")
		m.head = head
	case 7: // move the head's seq or flip a digit of its hash
		switch c % 3 {
		case 0:
			m.head.Seq++
		case 1:
			m.head.Seq--
		case 2:
			m.head.Hash = flipHex(m.head.Hash, a)
		}
	case 8: // shift a time by c seconds (0: no change)
		if n > 0 {
			m.entries[a%n].At = m.entries[a%n].At.Add(time.Duration(c) * time.Second)
		}
	case 9: // change a seq, prev hash or hash without re-hashing
		if n == 0 {
			return
		}
		e := &m.entries[a%n]
		switch c % 3 {
		case 0:
			e.Seq += int64(b%3) - 1
		case 1:
			e.PrevHash = flipHex(e.PrevHash, b)
		case 2:
			e.Hash = flipHex(e.Hash, b)
		}
	}
}

// flipHex changes the hex digit at i (mod its length) of a 64-digit hash.
func flipHex(h string, i int) string {
	if len(h) == 0 {
		return "0"
	}
	b := []byte(h)
	i %= len(b)
	if b[i] == '0' {
		b[i] = '1'
	} else {
		b[i] = '0'
	}
	return string(b)
}

// sameLog reports whether m holds the same entries and head as orig.
func sameLog(m, orig *memLog) bool {
	return m.head == orig.head && slices.EqualFunc(m.entries, orig.entries, func(x, y ownwords.AuditEntry) bool {
		return x.Seq == y.Seq && x.At.Equal(y.At) && x.StudyID == y.StudyID && x.Actor == y.Actor &&
			x.Action == y.Action && x.Object == y.Object && x.Detail == y.Detail &&
			x.PrevHash == y.PrevHash && x.Hash == y.Hash
	})
}

// TestVerifyRenumberedSwap covers the tampering SQL makes easiest: two rows'
// sequence numbers exchanged without recomputing hashes.
func TestVerifyRenumberedSwap(t *testing.T) {
	log := mustLog(t, 50)
	log.entries[16].Seq, log.entries[17].Seq = 18, 17
	log.entries[16], log.entries[17] = log.entries[17], log.entries[16]
	res := mustVerify(t, t.Context(), log)
	if res.OK || res.FirstBad.Kind != audit.Reordered || res.FirstBad.Seq != 17 {
		t.Fatalf("renumbered swap: %+v", res.FirstBad)
	}
}
