-- +goose Up
-- PostgreSQL's 00026 adds audit_pending, where writes queue their audit
-- entries to be chained at COMMIT by a deferred trigger, so that the
-- audit head's lock is not held across a round trip to the client.
-- SQLite has one writer, which chains its entries in the transaction:
-- nothing to do, and the version keeps the dialects in step.
SELECT 1;

-- +goose Down
SELECT 1;
