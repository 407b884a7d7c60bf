package audit_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"ownwords"
)

// memLog is an in-memory ownwords.AuditService whose entries and head the
// tests tamper with directly.
type memLog struct {
	entries []ownwords.AuditEntry
	head    ownwords.AuditHead
	// beforeEntry, if set, runs before entry i is handed out, as a
	// concurrent writer would.
	beforeEntry func(i int)
}

var _ ownwords.AuditService = (*memLog)(nil)

// t0 is the time of entry 0; entry n is n minutes later.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)

// Record appends a correctly chained entry and moves the head.
func (m *memLog) Record(ctx context.Context, studyID, action, object, detail string) error {
	e := ownwords.AuditEntry{Seq: 1, PrevHash: ownwords.GenesisHash, StudyID: studyID,
		Actor: ownwords.ActorFrom(ctx), Action: action, Object: object, Detail: detail}
	if n := len(m.entries); n > 0 {
		e.Seq, e.PrevHash = m.entries[n-1].Seq+1, m.entries[n-1].Hash
	}
	e.At = t0.Add(time.Duration(e.Seq) * time.Minute)
	e.Hash = e.ComputeHash()
	m.entries = append(m.entries, e)
	m.head = ownwords.AuditHead{Seq: e.Seq, Hash: e.Hash}
	return nil
}

// AuditEntries hands out copies of the entries in slice order.
func (m *memLog) AuditEntries(ctx context.Context, fn func(*ownwords.AuditEntry) bool) error {
	for i := 0; i < len(m.entries); i++ {
		if m.beforeEntry != nil {
			m.beforeEntry(i)
		}
		e := m.entries[i]
		if !fn(&e) {
			break
		}
	}
	return nil
}

// AuditHead returns the recorded head; an empty log's is seq 0, genesis.
func (m *memLog) AuditHead(ctx context.Context) (ownwords.AuditHead, error) {
	if m.head.Seq == 0 {
		return ownwords.AuditHead{Seq: 0, Hash: ownwords.GenesisHash}, nil
	}
	return m.head, nil
}

// clone returns an independent copy of m.
func (m *memLog) clone() *memLog {
	return &memLog{entries: slices.Clone(m.entries), head: m.head}
}

// rehash recomputes the hash of entry i, as a careful forger would.
func (m *memLog) rehash(i int) { m.entries[i].Hash = m.entries[i].ComputeHash() }

// mustLog returns a valid log of n synthetic entries.
func mustLog(tb testing.TB, n int) *memLog {
	tb.Helper()
	actors := []string{"amira", "bo", "chen", ownwords.SystemActor}
	actions := []string{"segment.create", "interview.view", "export.qdpx", "user.login"}
	m := &memLog{}
	for i := range n {
		ctx := ownwords.WithActor(context.Background(), actors[i%len(actors)])
		if err := m.Record(ctx, "study-1", actions[i%len(actions)], fmt.Sprintf("obj-%d", i), fmt.Sprintf("detail %d", i)); err != nil {
			tb.Fatal(err)
		}
	}
	return m
}
