package ownwords

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// AuditEntry is one link of the append-only, hash-chained audit log. Hash
// covers PrevHash and the entry's canonical content, so editing, deleting or
// reordering entries breaks the chain.
type AuditEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	StudyID  string    `json:"study_id,omitempty"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"` // e.g. "segment.create"
	Object   string    `json:"object,omitempty"`
	Detail   string    `json:"detail,omitempty"` // never transcript text or identities
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// GenesisHash is the PrevHash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the hex SHA-256 of the entry's canonical content: a
// JSON array in fixed field order, the time in UTC with nanoseconds.
func (e *AuditEntry) ComputeHash() string {
	canon, _ := json.Marshal([]any{
		e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.StudyID, e.Actor,
		e.Action, e.Object, e.Detail, e.PrevHash,
	})
	h := sha256.Sum256(canon)
	return hex.EncodeToString(h[:])
}

// CanonicalFields returns the part of the canonical content that ComputeHash
// hashes between Seq and PrevHash: the JSON of At, StudyID, Actor, Action,
// Object and Detail, comma-separated, without brackets. The content is
// "[" + Seq + "," + CanonicalFields() + ",\"" + PrevHash + "\"]" (PrevHash is
// hex), so that a store can hash an entry where the head is read (sqldb on
// PostgreSQL) and compare the result with ComputeHash.
func (e *AuditEntry) CanonicalFields() string {
	canon, _ := json.Marshal([]any{e.At.UTC().Format(time.RFC3339Nano), e.StudyID, e.Actor, e.Action, e.Object, e.Detail})
	return string(canon[1 : len(canon)-1])
}

// AuditHead is the latest seq and hash, kept apart from the entries so that
// removing entries from the end (truncation) is detected too.
type AuditHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// AuditService reads and extends the audit log. Stores append an entry for
// every write themselves; Record is for events that are not writes (a login,
// a transcript view, an export, a key operation).
type AuditService interface {
	// Record appends an entry for the actor in ctx. EINVALID without an
	// action, or for an action the store appends itself with the state it
	// records (ActionDecide, ActionPublishRequested, ActionPublishApproved).
	Record(ctx context.Context, studyID, action, object, detail string) error
	// AuditEntries calls fn for every entry in seq order until fn returns false.
	AuditEntries(ctx context.Context, fn func(*AuditEntry) bool) error
	// AuditHead returns the recorded head of the chain; ENOTFOUND when the
	// store has none (it was removed).
	AuditHead(ctx context.Context) (AuditHead, error)
}

// MaxActivityActions bounds the actions one ActivityService call asks
// for: the store reads up to limit entries per action.
const MaxActivityActions = 64

// ActivityService lists a study's recent audit entries without reading the
// whole log.
type ActivityService interface {
	// RecentAuditEntries returns the study's newest entries whose action is
	// one of actions, made by actor ("" for anyone), at most limit
	// (1..100), newest first. It reads about limit entries per action
	// through an index, however long the log. The application layer calls
	// it for the dashboard (gate.Activity: owners see everyone's entries,
	// other members their own). EINVALID for a limit out of range, or no
	// actions or more than MaxActivityActions.
	RecentAuditEntries(ctx context.Context, studyID, actor string, actions []string, limit int) ([]*AuditEntry, error)
	// AuditTimes returns when the study's entries by actor with action
	// and object were made, those at since or later, newest first, at
	// most limit (1..MaxAuditTimes). It reads at most limit entries of
	// an index, however long the log. The application layer counts an
	// account's recent searches with it (the budget of gate.Search).
	// EINVALID for a limit out of range.
	AuditTimes(ctx context.Context, studyID, actor, action, object string, since time.Time, limit int) ([]time.Time, error)
}

// MaxAuditTimes bounds AuditTimes' limit: one more than the largest daily
// budget of searches a study may set, so that a search just recorded can
// be checked against it.
const MaxAuditTimes = MaxSearchCountsPerDay + 1

type actorKey struct{}

// SystemActor is the actor of writes made without a user (migrations, CLI
// imports run by whoever holds the passphrase).
const SystemActor = "system"

// WithActor returns a context whose writes are audited as done by actor (a
// user name).
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor set by WithActor, or SystemActor.
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return SystemActor
}

// StudyVersion names the state of a study's data: the audit entry of the
// last write that could change it (see VersionService). Two reads that
// get the same version read the same data.
type StudyVersion = AuditHead

// VersionService tells a study's data version, for caches of what is
// computed from the data (the report). Every write to a study appends an
// audit entry in its own transaction, so the entry of the last write is a
// version every writer — any process on the same database — changes.
type VersionService interface {
	// StudyVersion returns the seq and hash of the newest audit entry of a
	// write that can change what studyID's outputs show: a write to the
	// study, or to the accounts (names, roles). Events that are not
	// writes (Record: views, exports, logins) and sessions leave it
	// unchanged. The zero version for a store without such entries.
	StudyVersion(ctx context.Context, studyID string) (StudyVersion, error)
	// SetupVersion is StudyVersion of the writes to studyID's set-up
	// only: its settings, attributes, participants and their consent,
	// interviews and texts, recordings, codebook and memberships, and the
	// accounts. The coding work — segments, memos, events, plans, saved
	// searches, suggestions, adjudications, publications — which comes
	// every few seconds on a busy study, leaves it unchanged, so what is
	// computed from the set-up alone (the search form's choices) is kept
	// across it.
	SetupVersion(ctx context.Context, studyID string) (StudyVersion, error)
}
