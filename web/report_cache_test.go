package web

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"ownwords"
	"ownwords/demo"
	"ownwords/gate"
	"ownwords/sqldb/sqldbtest"
)

// TestReportPageKeptPerVersion: the report page (HTML and JSON) and the
// report document build the report once per study version and audience;
// a write builds it anew; every role gets from the kept report what an
// uncaching server gives it.
func TestReportPageKeptPerVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		ctx := context.Background()
		asJSON := http.Header{"Accept": {"application/json"}}
		// uncached is what who gets from a server computing every time.
		uncached := func(target, who string, h http.Header) string {
			kept := f.srv.gate
			f.srv.gate = gate.New(st, f.study.ID)
			defer func() { f.srv.gate = kept }()
			return f.get(target, who, h).Body.String()
		}
		tests := []struct {
			name   string
			who    string
			target string
			header http.Header
			write  func() error // before the request
			builds int64        // reports built after it
		}{
			{"owner's page", asOwner, "/report", nil, nil, 1},
			{"owner's page again", asOwner, "/report", nil, nil, 1},
			{"owner's JSON", asOwner, "/report", asJSON, nil, 1},
			{"owner's document", asOwner, "/report/document", nil, nil, 1},
			{"analyst after the owner", asAnalyst, "/report", asJSON, nil, 2},
			{"viewer after them", asViewer, "/report", asJSON, nil, 3},
			{"coder shares the viewer's public report", asCoder, "/report", asJSON, nil, 3},
			{"nobody", asNobody, "/report", asJSON, nil, 3},
			{"after a memo", asViewer, "/report", asJSON, func() error {
				return st.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoParticipant, TargetID: f.part.ID, Body: "later"})
			}, 4},
			{"after a coding", asOwner, "/report", asJSON, func() error {
				f.mustSegment(ctx, f.study.ID, f.ivAR, f.code.ID, f.users[asOwner].ID, ownwords.LayerConsensus, "ابن عمي")
				return nil
			}, 5},
			{"again", asOwner, "/report", asJSON, nil, 5},
		}
		for _, tt := range tests {
			if tt.write != nil {
				must(t, tt.write())
			}
			rec := f.get(tt.target, tt.who, tt.header)
			if rec.Code != http.StatusOK && tt.who != asNobody {
				t.Fatalf("%s: status %d: %s", tt.name, rec.Code, rec.Body)
			}
			if s := f.srv.gate.CacheStats(); s.Reports != tt.builds {
				t.Errorf("%s: %d reports built, want %d", tt.name, s.Reports, tt.builds)
			}
			if tt.header != nil {
				if got, want := rec.Body.String(), uncached(tt.target, tt.who, tt.header); got != want {
					t.Errorf("%s: kept report\n%s\nwithout the cache\n%s", tt.name, got, want)
				}
			}
		}
	})
}

// BenchmarkReportPage serves the demo study's report page (HTML, as the
// owner: the team report with quotes; as the analyst: the team report
// without; as a coder: the public report, with complementary suppression)
// from a SQLite study file and, with OWNWORDS_TEST_POSTGRES, a
// PostgreSQL store: "first" computes every request as a server without the
// cache does (the first request of a version costs this), "again" is
// every later request of the same version.
func BenchmarkReportPage(b *testing.B) {
	for _, store := range []string{"sqlite", "postgres"} {
		b.Run(store, func(b *testing.B) {
			var st ownwords.Store
			if store == "sqlite" {
				st, _ = sqldbtest.OpenSQLite(b)
			} else {
				st = sqldbtest.OpenPostgres(b)
			}
			studyID, err := demo.Load(b.Context(), st, demo.Generate(demo.DefaultSeed),
				func(pw []byte) (string, error) { return mustCheapHash(b, string(pw)), nil }, nil)
			must(b, err)
			srv := NewServer(st, studyID, Options{})
			f := &fixture{tb: b, store: st, srv: srv, h: srv.Handler(), cookies: map[string]*http.Cookie{}}
			for _, who := range []string{"owner", "analyst", "coder-a"} {
				f.cookies[who] = f.login(who, who+"-demo-password")
				if f.cookies[who] == nil {
					b.Fatalf("login as %s failed", who)
				}
				for _, mode := range []string{"first", "again"} {
					b.Run(who+"/"+mode, func(b *testing.B) {
						if mode == "first" {
							srv.gate = gate.New(st, studyID)
						} else {
							srv.gate = gate.New(st, studyID).EnableCache(0)
							f.get("/report", who, nil) // the first request
						}
						for b.Loop() {
							if rec := f.get("/report", who, nil); rec.Code != http.StatusOK {
								b.Fatalf("status %d", rec.Code)
							}
						}
					})
				}
			}
		})
	}
}

// TestReportPageConcurrentBuildsOnce: requests for the report page that
// arrive together build it once.
func TestReportPageConcurrentBuildsOnce(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	f.cookie(asAnalyst)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if rec := f.get("/report", asAnalyst, nil); rec.Code != http.StatusOK {
				t.Errorf("status %d", rec.Code)
			}
		})
	}
	wg.Wait()
	if s := f.srv.gate.CacheStats(); s != (gate.CacheStats{Loads: 1, Analyses: 1, Reports: 1}) {
		t.Errorf("builds %+v, want one of each", s)
	}
}
