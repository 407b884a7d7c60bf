-- +goose Up
-- Times are TEXT in a fixed-width UTC format (see sqldb.formatTime) on both
-- dialects, so ordering and JSON output are identical on SQLite and PostgreSQL.
CREATE TABLE studies (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    settings         TEXT NOT NULL,
    codebook_version INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);

CREATE TABLE attributes (
    id          TEXT PRIMARY KEY,
    study_id    TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    slug        TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    type        TEXT NOT NULL,
    vals        TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    tag         TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    UNIQUE (study_id, slug)
);

CREATE TABLE participants (
    id       TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    UNIQUE (study_id, code)
);

CREATE TABLE participant_values (
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    attribute_id   TEXT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    value          TEXT NOT NULL,
    PRIMARY KEY (participant_id, attribute_id)
);
CREATE INDEX participant_values_attribute ON participant_values(attribute_id);

CREATE TABLE interviews (
    id             TEXT PRIMARY KEY,
    study_id       TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    date           TEXT NOT NULL DEFAULT '',
    place          TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT '',
    interpreter    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT '',
    transcript     TEXT NOT NULL DEFAULT '',
    translation    TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (study_id, title)
);
CREATE INDEX interviews_participant ON interviews(participant_id);

CREATE TABLE codes (
    id          TEXT PRIMARY KEY,
    study_id    TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    parent_id   TEXT REFERENCES codes(id),
    slug        TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    inclusion   TEXT NOT NULL DEFAULT '',
    exclusion   TEXT NOT NULL DEFAULT '',
    example     TEXT NOT NULL DEFAULT '',
    color       TEXT NOT NULL DEFAULT '',
    derived     TEXT NOT NULL DEFAULT '',
    deprecated  BOOLEAN NOT NULL DEFAULT FALSE,
    published   BOOLEAN NOT NULL DEFAULT FALSE,
    position    INTEGER NOT NULL DEFAULT 0
);
-- Slugs are unique among siblings; sections have no parent.
CREATE UNIQUE INDEX codes_sibling_slug ON codes(study_id, COALESCE(parent_id, ''), slug);

CREATE TABLE code_changes (
    study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    version  INTEGER NOT NULL,
    code_id  TEXT NOT NULL,
    action   TEXT NOT NULL,
    actor    TEXT NOT NULL,
    before   TEXT NOT NULL DEFAULT '',
    after    TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL,
    PRIMARY KEY (study_id, version)
);

CREATE TABLE segments (
    id           TEXT PRIMARY KEY,
    study_id     TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    code_id      TEXT NOT NULL REFERENCES codes(id),
    coder_id     TEXT NOT NULL,
    layer        TEXT NOT NULL,
    start_cp     INTEGER NOT NULL,
    end_cp       INTEGER NOT NULL,
    text_hash    TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL
);
CREATE INDEX segments_interview ON segments(interview_id, start_cp, end_cp);
CREATE INDEX segments_code ON segments(code_id);
CREATE INDEX segments_study_layer ON segments(study_id, layer);

CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    study_id       TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    date_from      TEXT NOT NULL,
    date_to        TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    segment_id     TEXT REFERENCES segments(id) ON DELETE SET NULL
);
CREATE INDEX events_participant ON events(participant_id);

CREATE TABLE memos (
    id          TEXT PRIMARY KEY,
    study_id    TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    target_type TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    author_id   TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(study_id, target_type, target_id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE memberships (
    study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (study_id, user_id)
);

CREATE TABLE plans (
    study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (study_id, name)
);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    study_id  TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
-- The head is kept apart from the entries so that cutting entries off the
-- end is detected; updating it also serialises appends.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
-- The initial schema is never rolled back: that would destroy the study.
DO $$ BEGIN RAISE EXCEPTION 'refusing to drop the study schema'; END $$;
