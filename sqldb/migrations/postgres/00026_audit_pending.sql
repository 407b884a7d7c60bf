-- +goose Up
-- A write the store runs alone queues its audit entries here, unchained
-- and without a lock, and they are chained as the transaction commits:
-- audit_pending_chain is a constraint trigger deferred to COMMIT, which
-- locks the head, chains the entry exactly as AuditEntry.ComputeHash does
-- (canonical is AuditEntry.CanonicalFields, the content between seq and
-- the previous hash) and moves the head. The head's row lock is then held
-- for the trigger and the commit's WAL flush only, not for a round trip
-- to the client: chain order stays commit order, an entry commits with
-- its write or not at all, and entries of one transaction keep their
-- order (deferred triggers fire in the order their rows were inserted).
-- The row is deleted as it is chained, so the table holds only the
-- entries of transactions in progress, each visible to its own only:
-- nothing in it outlives a transaction, so it is UNLOGGED (no WAL; a
-- crash empties it, as it would roll back the transactions anyway).
CREATE UNLOGGED TABLE audit_pending (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    canonical TEXT NOT NULL,
    at        TEXT NOT NULL,
    study_id  TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    detail    TEXT NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION audit_pending_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n BIGINT;
BEGIN
    -- One statement, as sqldb's chainFirst: lock the head, chain the
    -- entry after it, move the head, drop the pending row.
    WITH h AS (SELECT seq + 1 AS seq, hash AS prev FROM audit_head WHERE id = 1 FOR UPDATE),
    e AS (SELECT seq, prev, encode(sha256(convert_to('[' || seq || ',' || NEW.canonical || ',"' || prev || '"]', 'UTF8')), 'hex') AS hash FROM h),
    appended AS (INSERT INTO audit_log (seq, at, study_id, actor, action, object, detail, prev_hash, hash)
        SELECT seq, NEW.at, NEW.study_id, NEW.actor, NEW.action, NEW.object, NEW.detail, prev, hash FROM e),
    chained AS (DELETE FROM audit_pending WHERE id = NEW.id)
    UPDATE audit_head SET seq = e.seq, hash = e.hash FROM e WHERE audit_head.id = 1;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> 1 THEN
        RAISE EXCEPTION 'the audit log has no recorded head';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE CONSTRAINT TRIGGER audit_pending_chain AFTER INSERT ON audit_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_pending_chain();

-- +goose Down
DROP TABLE audit_pending;
DROP FUNCTION audit_pending_chain();
