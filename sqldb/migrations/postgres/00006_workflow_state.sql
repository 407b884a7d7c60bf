-- +goose Up
-- State that the audit log used to be the only record of: adjudication
-- decisions and the quote publication workflow. Each row is written in the
-- transaction that appends its audit entry; the log stays the tamper-evident
-- record, readers read these tables. Version 7 is a Go migration
-- (sqldb/backfill.go) that fills them from the log of an older store.
CREATE TABLE adjudications (
    id            TEXT PRIMARY KEY,
    study_id      TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    interview_id  TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    passage       TEXT NOT NULL,
    choice        TEXT NOT NULL,
    left_segment  TEXT NOT NULL DEFAULT '',
    right_segment TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL,
    segments      TEXT NOT NULL DEFAULT '[]',
    decided_by    TEXT NOT NULL,
    decided_at    TEXT NOT NULL,
    UNIQUE (study_id, passage)
);
CREATE INDEX adjudications_interview ON adjudications(interview_id);

-- Account IDs are kept without a reference: an approval outlives the
-- account, and a new account under the same name must not inherit it.
CREATE TABLE publication_requests (
    id           TEXT PRIMARY KEY,
    study_id     TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    item         TEXT NOT NULL,
    grp          TEXT NOT NULL DEFAULT '',
    plan         TEXT NOT NULL DEFAULT '',
    sha256       TEXT NOT NULL,
    quotes       INTEGER NOT NULL,
    requester_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL
);

CREATE TABLE publication_approvals (
    request_id  TEXT NOT NULL REFERENCES publication_requests(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    PRIMARY KEY (request_id, user_id)
);

-- The dashboard's recent activity: the newest entries of a study, per
-- action, without reading the log.
CREATE INDEX audit_log_study_action ON audit_log(study_id, action, seq);

-- +goose Down
DROP INDEX audit_log_study_action;
DROP TABLE publication_approvals;
DROP TABLE publication_requests;
DROP TABLE adjudications;
