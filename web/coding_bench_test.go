package web

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ownwords"
	"ownwords/demo"
	"ownwords/gate"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
	"ownwords/vault/vaulttest"
)

// BenchmarkCodingRequest sends what bench/load's coders send — a code
// applied to a random passage of a random transcript of the demo study,
// then removed at the version returned — through the workbench's handler
// in this process, one request at a time, and reports the CPU each
// request costs: this process's (handlers, store client) and, on
// PostgreSQL, that of the server processes of the store's connections
// (/proc, by application_name). Under bench/load's 50 coders with no
// think time, throughput is bounded by that CPU on a 2-core machine.
//
//	OWNWORDS_TEST_POSTGRES=… go test -run '^$' -bench CodingRequest -benchtime 2000x ./web/
func BenchmarkCodingRequest(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		db, _ := sqldbtest.OpenSQLite(b)
		benchCoding(b, db, nil)
	})
	b.Run("postgres", func(b *testing.B) {
		var tag [6]byte
		crand.Read(tag[:])
		app := "ownwords_bench_" + hex.EncodeToString(tag[:])
		u, err := url.Parse(sqldbtest.FreshPostgresDSN(b))
		must(b, err)
		q := u.Query()
		q.Set("application_name", app)
		u.RawQuery = q.Encode()
		vaulttest.UseTestCost(b)
		db, err := sqldb.Open(b.Context(), sqldb.Config{DSN: u.String()})
		must(b, err)
		b.Cleanup(func() { db.Close() })
		admin, err := sql.Open("pgx", sqldbtest.PostgresDSN(b))
		must(b, err)
		b.Cleanup(func() { admin.Close() })
		benchCoding(b, db, func() time.Duration { return backendCPU(b, admin, app) })
	})
}

func benchCoding(b *testing.B, st ownwords.Store, serverCPU func() time.Duration) {
	ctx := context.Background()
	studyID, err := demo.Load(ctx, st, demo.Generate(demo.DefaultSeed), vault.HashPassword, nil)
	must(b, err)
	coder := &ownwords.User{Name: "bench-coder", PasswordHash: mustCheapHash(b, "pw")}
	must(b, st.CreateUser(ctx, coder))
	must(b, st.SetRole(ctx, studyID, coder.ID, ownwords.RoleCoder))
	type source struct {
		id   string
		text []rune
	}
	list, err := gate.New(st, studyID).Interviews(ctx, gate.Member(coder, ownwords.RoleCoder))
	must(b, err)
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID, WithText: true})
	must(b, err)
	may := map[string]bool{}
	for _, row := range list.Interviews {
		may[row.ID] = row.ID != ""
	}
	var corpus []source
	for _, iv := range ivs {
		if t := []rune(iv.Transcript); len(t) > 0 && may[iv.ID] {
			corpus = append(corpus, source{iv.ID, t})
		}
	}
	cb, err := st.Codebook(ctx, studyID)
	must(b, err)
	var codes []string
	for _, c := range cb.Codes {
		if c.ParentID != "" && c.Derived == nil && !c.Deprecated {
			codes = append(codes, c.ID)
		}
	}
	h := NewServer(st, studyID, Options{}).Handler()
	status, cookie := loginCookie(h, coder.Name, "pw")
	if cookie == nil {
		b.Fatalf("login: %d", status)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pair := func() {
		src := corpus[rng.IntN(len(corpus))]
		n := min(len(src.text), 10+rng.IntN(200))
		start := rng.IntN(len(src.text) - n + 1)
		body := fmt.Sprintf(`{"code_id": %q, "start": %d, "end": %d, "text_hash": %q}`, codes[rng.IntN(len(codes))], start, start+n,
			ownwords.HashText(string(src.text[start:start+n])))
		req, _ := http.NewRequest(http.MethodPost, "/interviews/"+src.id+"/segments", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(cookie)
		code, resp := serveTo(h, req)
		var out struct{ Segment *ownwords.Segment }
		if code != http.StatusCreated || json.Unmarshal(resp, &out) != nil || out.Segment == nil {
			b.Fatalf("apply: %d %.300s", code, resp)
		}
		form := url.Values{"version": {strconv.Itoa(out.Segment.Version)}}
		req, _ = http.NewRequest(http.MethodPost, "/segments/"+out.Segment.ID+"/delete", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.AddCookie(cookie)
		if code, resp := serveTo(h, req); code != http.StatusOK {
			b.Fatalf("remove: %d %.300s", code, resp)
		}
	}
	for range 50 { // warm: connections, kept statements, codebook, consents
		pair()
	}
	if serverCPU == nil {
		serverCPU = func() time.Duration { return 0 }
	}
	cpu0, srv0 := selfCPU(), serverCPU()
	b.ResetTimer()
	for b.Loop() {
		pair()
	}
	b.StopTimer()
	reqs := float64(2 * b.N)
	b.ReportMetric(float64((selfCPU()-cpu0).Microseconds())/reqs, "go-cpu-µs/req")
	if srv := serverCPU() - srv0; srv > 0 {
		b.ReportMetric(float64(srv.Microseconds())/reqs, "pg-cpu-µs/req")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/reqs, "wall-µs/req")
}

// serveTo runs req through h and returns the status and body.
func serveTo(h http.Handler, req *http.Request) (int, []byte) {
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// loginCookie posts the login form and returns the status and session
// cookie (nil if none).
func loginCookie(h http.Handler, name, pw string) (int, *http.Cookie) {
	req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"name": {name}, "password": {pw}, "next": {"/"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "127.0.0.1:1234"
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Value != "" {
			return rec.Code, c
		}
	}
	return rec.Code, nil
}

// selfCPU is the CPU time (user and system) this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU is the CPU time (user and system, /proc/PID/stat) used by the
// PostgreSQL server processes whose application_name is app: the server
// runs on this machine in the benchmarks.
func backendCPU(tb testing.TB, admin *sql.DB, app string) time.Duration {
	rows, err := admin.Query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, app)
	must(tb, err)
	defer rows.Close()
	var total time.Duration
	for rows.Next() {
		var pid int
		must(tb, rows.Scan(&pid))
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue // not on this machine, or gone
		}
		// Fields after the command name (in parentheses): utime and
		// stime are the 14th and 15th of the line, in clock ticks.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(ut+st) * (time.Second / 100)
	}
	return total
}
