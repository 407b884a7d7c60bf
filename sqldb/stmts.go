package sqldb

import (
	"context"
	"database/sql"
	"slices"
	"sync"
)

// stmtCache keeps statements prepared on SQLite's writer connection, by
// query (rebound), for the statements of write transactions that run to
// completion at once: exec and single-row queries. Parsing and planning a
// statement on every call was a sixth of a coding request's CPU in
// bench/load, spent while holding the one writer connection. A statement
// seen for the first time inside a transaction cannot be prepared on the
// pool then (its one connection is the transaction's), so it is noted
// and prepared after the transaction ends, still in the writers' turn;
// the transaction runs it unprepared. Multi-row queries are never cached:
// their rows may be open while the same query runs again. PostgreSQL's
// driver keeps its own statement cache.
type stmtCache struct {
	mu   sync.Mutex
	w    *sql.DB
	kept map[string]*sql.Stmt
	want []string
}

// maxStmts bounds the statements each cache keeps.
const maxStmts = 256

func newStmtCache(w *sql.DB) *stmtCache {
	return &stmtCache{w: w, kept: map[string]*sql.Stmt{}}
}

// in returns q prepared, as a statement of tx, or nil when it is not
// kept yet (it is then noted for prepareWanted).
func (sc *stmtCache) in(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	sc.mu.Lock()
	s, ok := sc.kept[q]
	if !ok && len(sc.want) < maxStmts && !slices.Contains(sc.want, q) {
		sc.want = append(sc.want, q)
	}
	sc.mu.Unlock()
	if !ok {
		return nil
	}
	return tx.StmtContext(ctx, s)
}

// prepareWanted prepares the statements noted since the last call; the
// caller holds the writers' turn, with no transaction open. When they
// would make more than maxStmts, every kept one is closed first (see
// keepBounded). A statement that does not prepare is left out: its
// callers run it unprepared and get its error then.
func (sc *stmtCache) prepareWanted(ctx context.Context) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for _, q := range sc.want {
		if _, ok := sc.kept[q]; ok {
			continue
		}
		if s, err := sc.w.PrepareContext(context.WithoutCancel(ctx), q); err == nil {
			keepBounded(sc.kept, q, s)
		}
	}
	sc.want = nil
}

// keepBounded adds s, prepared from q, to kept, first closing and
// dropping every statement kept when kept is full: queries built with a
// variable number of parameters are each a statement of their own, and
// the ones still wanted are prepared again after their next use. Only
// for the writer's statements, which no one uses outside the writers'
// turn that the caller holds.
func keepBounded(kept map[string]*sql.Stmt, q string, s *sql.Stmt) {
	if len(kept) >= maxStmts {
		for _, old := range kept {
			old.Close()
		}
		clear(kept)
	}
	kept[q] = s
}

// stmtPool is SQLite's reader pool running each query as a statement kept
// prepared (database/sql prepares a kept *sql.Stmt on a reader connection
// at its first use there), not parsed on every call: a coding request
// makes several small reads (session, account, role, interview, versions
// of the consent records and the codebook). Reads of any shape run
// prepared here: each runs on a connection of its own. Past maxStmts
// queries, new ones run unprepared: a statement handed out may be in use
// on any reader at any time, so none is closed before the pool is.
type stmtPool struct {
	*sql.DB
	mu   sync.Mutex
	kept map[string]*sql.Stmt
}

// stmt returns q prepared, nil when it cannot be (the caller then runs it
// unprepared and gets its error).
func (p *stmtPool) stmt(ctx context.Context, q string) *sql.Stmt {
	p.mu.Lock()
	s, ok := p.kept[q]
	full := len(p.kept) >= maxStmts
	p.mu.Unlock()
	if ok || full {
		return s
	}
	s, err := p.DB.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if kept, ok := p.kept[q]; ok { // prepared meanwhile by another caller
		s.Close()
		return kept
	}
	p.kept[q] = s
	return s
}

func (p *stmtPool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s := p.stmt(ctx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return p.DB.ExecContext(ctx, q, args...)
}

func (p *stmtPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := p.stmt(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, q, args...)
}

func (p *stmtPool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if s := p.stmt(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, q, args...)
}
