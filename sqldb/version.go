package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"ownwords"
)

// studyWrites are the audit actions of the store's writes to a study's
// data (appended by appendAudit in the write's transaction). A write
// whose action is missing here could not change ownwords.VersionService's
// version, and a cache keyed by it would serve stale data: appendAudit
// refuses any action that is not here or in otherWrites.
var studyWrites = []string{
	ownwords.ActionDecide,
	"attribute.create", "attribute.update",
	"code.create", "code.update", "code.deprecate", "code.move", "code.merge",
	"event.create", "event.delete",
	"interview.create", "interview.update", "interview.delete", "interview.purge", "interview.comparison_open",
	ownwords.ActionTextCreate, ownwords.ActionTextUpdate, ownwords.ActionTextDelete, ownwords.ActionTextAlign,
	ownwords.ActionTranscriptEdit,
	"memo.create", "memo.update", "memo.delete",
	"participant.create", "participant.update", "participant.delete",
	"plan.save", "plan.delete",
	"recording.create", "recording.delete", "recording.purge",
	ownwords.ActionPublishRequested, ownwords.ActionPublishApproved,
	"retention.run",
	"role.set",
	"search.save", "search.update", "search.suggest",
	ownwords.ActionConsentSet,
	"segment.create", "segment.update", "segment.delete",
	"study.create", "study.update",
	"suggestion.accept", "suggestion.reject",
}

// workWrites are the writes of studyWrites that are the coding work on a
// study, not its set-up: they come every few seconds on a busy study and
// leave ownwords.VersionService's SetupVersion unchanged. Every other
// write of studyWrites (setupWrites), and of accountWrites, changes it: an
// action added to studyWrites is part of the set-up unless listed here.
var workWrites = []string{
	ownwords.ActionDecide,
	"event.create", "event.delete",
	"memo.create", "memo.update", "memo.delete",
	"plan.save", "plan.delete",
	ownwords.ActionPublishRequested, ownwords.ActionPublishApproved,
	"search.save", "search.update", "search.suggest",
	"segment.create", "segment.update", "segment.delete",
	"suggestion.accept", "suggestion.reject",
}

// setupWrites are the writes of studyWrites to a study's set-up: all but
// workWrites.
var setupWrites = slices.DeleteFunc(slices.Clone(studyWrites), func(a string) bool { return slices.Contains(workWrites, a) })

// accountWrites are the writes to accounts, which belong to no study
// (study_id ”): a name shows in outputs (coders in the reliability
// table), so they change every study's version.
var accountWrites = []string{"user.create", "user.update", "user.delete"}

// otherWrites are writes that change no study's outputs: sessions.
var otherWrites = []string{"session.create", "session.delete", "session.delete_all"}

// writeActions is every action appendAudit accepts.
var writeActions = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range [][]string{studyWrites, accountWrites, otherWrites} {
		for _, a := range l {
			m[a] = true
		}
	}
	return m
}()

// studyVersion finds the newest entry of any write of studyWrites to the
// study or of accountWrites: one lookup per action at the end of its
// range of the index audit_log_study_action_key (study_id, action, seq +
// 0; migration 00027 says why seq + 0), so its cost does not grow with
// the log.
var studyVersion = newVersionProbe(studyWrites, accountWrites)

// setupVersion is studyVersion of setupWrites and accountWrites.
var setupVersion = newVersionProbe(setupWrites, accountWrites)

// versionProbe is a query of the newest audit entry of some actions of a
// study and of some actions of no study (accounts).
type versionProbe struct {
	// union is the SQLite query (versionQuery).
	union          string
	study, account []string
}

func newVersionProbe(study, account []string) versionProbe {
	return versionProbe{union: versionQuery(len(study), len(account)), study: study, account: account}
}

// sql returns the probe's query of the study and its arguments in
// dialect d.
func (p versionProbe) sql(d dialect, studyID string) (string, []any) {
	if d.name() == "postgres" {
		return pgVersionQuery, []any{studyID, append([]string{}, p.study...), append([]string{}, p.account...)}
	}
	args := []any{studyID}
	for _, l := range [][]string{p.study, p.account} {
		for _, a := range l {
			args = append(args, a)
		}
	}
	return p.union, args
}

// versionQuery returns the query of the newest entry of n actions of the
// study ($1) and m actions of no study ($2 … $n+m+1, in that order).
func versionQuery(n, m int) string {
	var parts []string
	arg := 2
	for _, l := range []struct {
		study   string
		actions int
	}{{"$1", n}, {"''", m}} {
		for range l.actions {
			parts = append(parts, fmt.Sprintf("SELECT * FROM (SELECT seq + 0 AS m FROM audit_log WHERE study_id = %s AND action = $%d ORDER BY seq + 0 DESC LIMIT 1) AS v%d", l.study, arg, arg))
			arg++
		}
	}
	return `SELECT seq, hash FROM audit_log WHERE seq = (SELECT MAX(m) FROM (` + strings.Join(parts, "\nUNION ALL ") + `) AS w)`
}

// pgVersionQuery is versionQuery on PostgreSQL, the study ($1), its
// actions ($2) and the actions of no study ($3) passed as arrays: the same
// lookups, one per action (a nested loop). PostgreSQL planned the UNION
// ALL of ~30 lookups afresh for each run of its prepared statement
// (~3 ms, twice a search page), this in ~0.2 ms.
const pgVersionQuery = `SELECT seq, hash FROM audit_log WHERE seq = (SELECT MAX(v.m)
FROM (SELECT $1::text, a FROM unnest($2::text[]) AS a UNION ALL SELECT '', a FROM unnest($3::text[]) AS a) AS q(study_id, action)
CROSS JOIN LATERAL (SELECT seq + 0 AS m FROM audit_log WHERE audit_log.study_id = q.study_id AND audit_log.action = q.action ORDER BY seq + 0 DESC LIMIT 1) AS v)`

// listingWrites are the writes that change what a search lists of a
// study's interviews (title, language, participant code, which
// interviews): a search keeps its listing for as long as none of them
// happens (searchListing), where any write to the study (a coder's
// segment) would change studyVersion's version.
var listingWrites = []string{
	"interview.create", "interview.update", "interview.delete", "interview.purge",
	"participant.create", "participant.update", "participant.delete",
	"retention.run",
}

// listingVersion finds the newest entry of listingWrites to the study.
var listingVersion = newVersionProbe(listingWrites, nil)

// StudyVersion returns the entry of the study's last write; see
// ownwords.VersionService.
func (s services) StudyVersion(ctx context.Context, studyID string) (ownwords.StudyVersion, error) {
	return s.versionOf(ctx, "study version", studyVersion, studyID)
}

// SetupVersion returns the entry of the last write to the study's set-up;
// see ownwords.VersionService.
func (s services) SetupVersion(ctx context.Context, studyID string) (ownwords.StudyVersion, error) {
	return s.versionOf(ctx, "set-up version", setupVersion, studyID)
}

// versionOf reads the entry a version query finds; the zero version when
// there is none.
func (s services) versionOf(ctx context.Context, what string, p versionProbe, studyID string) (ownwords.StudyVersion, error) {
	var v ownwords.StudyVersion
	query, args := p.sql(s.db.d, studyID)
	err := s.read().queryRow(ctx, query, args...).Scan(&v.Seq, &v.Hash)
	if err == sql.ErrNoRows {
		return ownwords.StudyVersion{}, nil
	}
	if err != nil {
		return v, fmt.Errorf("sqldb: %s: %w", what, err)
	}
	return v, nil
}
