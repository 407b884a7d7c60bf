package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// codingStatements are the most SQL statements one coding request of the
// workbench may run, by store and request, as bench/load sends them (a
// coder applies a code, then removes it): on SQLite the driver's BEGIN
// and COMMIT come on top (sqldb.Config.Trace does not see them). Each
// statement is CPU, and on PostgreSQL a round trip, on a loaded team
// server; a change that adds one must say why here. On PostgreSQL the
// write's lock timeout (set_config) goes with it, in its round trip: a
// write alone runs in the batch leader's turn, which must not wait long
// for a row (sqldb's pipeOne); apply and remove are 5 and 6 round trips.
var codingStatements = map[string]map[string]int{
	"sqlite":   {"apply": 9, "remove": 8},
	"postgres": {"apply": 6, "remove": 7},
}

// TestCodingRequestStatements counts the store statements of an apply and
// a remove request, in the steady state (the session, codebook and
// statements of the coder's first requests already read and prepared),
// and fails if either runs more than codingStatements allows.
func TestCodingRequestStatements(t *testing.T) {
	stmts := &sqldbtest.Statements{}
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			f := newFixture(t, sqldbtest.OpenTraced(t, dialect, stmts), Options{})
			apply := func() (*ownwords.Segment, []string) {
				t.Helper()
				stmts.Record()
				rec := f.do(http.MethodPost, "/interviews/"+f.iv.ID+"/segments", asCoder, segJSON(f, f.code2.ID, "Later I travelled", ""), jsonHeader)
				list := stmts.Stop()
				var out struct{ Segment *ownwords.Segment }
				if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &out) != nil || out.Segment == nil {
					t.Fatalf("apply: %d %.300s", rec.Code, rec.Body)
				}
				return out.Segment, list
			}
			remove := func(seg *ownwords.Segment) []string {
				t.Helper()
				stmts.Record()
				rec := f.do(http.MethodPost, "/segments/"+seg.ID+"/delete", asCoder, url.Values{"version": {strconv.Itoa(seg.Version)}}, jsonHeader)
				list := stmts.Stop()
				if rec.Code != http.StatusOK {
					t.Fatalf("remove: %d %.300s", rec.Code, rec.Body)
				}
				return list
			}
			f.cookie(asCoder)
			for range 2 { // warm: kept statements, codebook, consents
				seg, _ := apply()
				remove(seg)
			}
			seg, applied := apply()
			removed := remove(seg)
			for _, c := range []struct {
				op   string
				list []string
			}{{"apply", applied}, {"remove", removed}} {
				t.Logf("%s: %d statements:\n\t%s", c.op, len(c.list), strings.Join(c.list, "\n\t"))
				if max := codingStatements[dialect][c.op]; len(c.list) > max {
					t.Errorf("%s ran %d statements, more than the %d allowed", c.op, len(c.list), max)
				}
			}
		})
	}
}
