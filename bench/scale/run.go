package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"ownwords/demo"
	"ownwords/sqldb"
	"ownwords/vault"
)

// passphrase opens the benchmark's study files (synthetic data only).
const passphrase = "ownwords scale benchmark - synthetic data only"

// owner is the demo's owner account, which the study load creates.
const owner, ownerPassword = "owner", "owner-demo-password"

type runner struct {
	cfg   config
	dir   string
	log   io.Writer
	bin   string   // the ownwords binary
	files []string // the transcript files
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.log, "scale: %s "+format+"\n", append([]any{time.Now().UTC().Format("15:04:05")}, args...)...)
}

// measured logs a figure as soon as it is measured, so that a run that is
// stopped or dies before the table still leaves every figure in its log.
func (r *runner) measured(store, name string, d time.Duration, err error) {
	if err != nil {
		r.logf("%s: %s: failed: %v", store, name, err)
		return
	}
	r.logf("%s: %s: %s", store, name, d.Round(100*time.Microsecond))
}

// build compiles the ownwords command into the working directory, so that
// every figure is of the product as a user runs it.
func (r *runner) build(ctx context.Context) error {
	r.bin = filepath.Join(r.dir, "ownwords")
	r.logf("building ownwords")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", r.bin, "ownwords/cmd/ownwords")
	cmd.Stderr = r.log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ownwords/cmd/ownwords (run from the repository): %w", err)
	}
	return nil
}

// timeIt runs f once to warm up and then runs times, returning the median
// and every duration.
func timeIt(runs int, f func() error) (time.Duration, []time.Duration, error) {
	if err := f(); err != nil {
		return 0, nil, err
	}
	ds := make([]time.Duration, runs)
	for i := range ds {
		start := time.Now()
		if err := f(); err != nil {
			return 0, nil, err
		}
		ds[i] = time.Since(start)
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return sorted[len(sorted)/2], ds, nil
}

// command runs a command, returning its output; its stderr is in the error.
func command(ctx context.Context, env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args[:min(len(args), 4)], " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// baselines times the tools the figures are compared with: Debian's
// sqlite3 loading the files into a plain FTS5 table in one transaction,
// ripgrep over the files for each query, and (with -postgres) psql's
// \copy of the texts into a plain table.
func (r *runner) baselines(ctx context.Context, res *results) error {
	corpus := filepath.Join(r.dir, "corpus")
	if _, err := exec.LookPath("sqlite3"); err != nil {
		res.Notes = append(res.Notes, "sqlite3 not on PATH (Debian package sqlite3): no FTS5 load baseline")
	} else {
		r.logf("baseline: sqlite3 FTS5 bulk load")
		db := filepath.Join(r.dir, "baseline-fts5.db")
		start := time.Now()
		_, err := command(ctx, nil, "sqlite3", db, "CREATE VIRTUAL TABLE t USING fts5(body); BEGIN; "+
			"INSERT INTO t(body) SELECT readfile(name) FROM fsdir('"+corpus+"') WHERE name LIKE '%.txt'; COMMIT;")
		if err != nil {
			return err
		}
		res.BaselineFTS5 = time.Since(start)
		r.measured("baseline", "sqlite3 FTS5 load", res.BaselineFTS5, nil)
		res.BaselineFTS5Bytes = fileSize(db)
	}
	if err := r.ripgrep(ctx, res); err != nil {
		return err
	}
	if r.cfg.Postgres == "" {
		return nil
	}
	return r.copyBaseline(ctx, res)
}

// ripgrep times ripgrep over the corpus's files for each query that has a
// pattern.
func (r *runner) ripgrep(ctx context.Context, res *results) error {
	corpus := filepath.Join(r.dir, "corpus")
	if _, err := exec.LookPath("rg"); err != nil {
		res.Notes = append(res.Notes, "rg not on PATH (Debian package ripgrep): no search baseline")
	} else {
		for _, q := range queries() {
			if q.rg == "" {
				continue
			}
			r.logf("baseline: ripgrep %s", q.rg)
			var hits int
			med, _, err := timeIt(r.cfg.Runs, func() error {
				out, err := command(ctx, nil, "rg", "--count-matches", "--no-filename", "-i", "-w", "-F", q.rg, corpus)
				if err != nil && len(out) == 0 { // rg exits 1 when nothing matches
					var ee *exec.ExitError
					if !errors.As(err, &ee) || ee.ExitCode() != 1 {
						return err
					}
				}
				hits = 0
				for f := range strings.FieldsSeq(string(out)) {
					n, _ := strconv.Atoi(f)
					hits += n
				}
				return nil
			})
			if err != nil {
				return err
			}
			r.measured("baseline", fmt.Sprintf("ripgrep %s (%d hits)", q.rg, hits), med, nil)
			res.Ripgrep = append(res.Ripgrep, rgResult{Query: q.name, Pattern: q.rg, Median: med, Hits: hits})
		}
	}
	return nil
}

// copyBaseline times psql's \copy of the texts into a plain table.
func (r *runner) copyBaseline(ctx context.Context, res *results) error {
	if _, err := exec.LookPath("psql"); err != nil {
		res.Notes = append(res.Notes, "psql not on PATH: no \\copy baseline")
		return nil
	}
	r.logf("baseline: psql \\copy")
	csvPath := filepath.Join(r.dir, "corpus.csv")
	if err := r.writeCSV(csvPath); err != nil {
		return err
	}
	base, schema := plainDSN(r.cfg.Postgres), r.cfg.Schemas+"_baseline"
	if _, err := command(ctx, nil, "psql", base, "-q", "-v", "ON_ERROR_STOP=1", "-c",
		"DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema+"; CREATE TABLE "+schema+".t (body text)"); err != nil {
		return err
	}
	start := time.Now()
	if _, err := command(ctx, nil, "psql", base, "-q", "-v", "ON_ERROR_STOP=1", "-c",
		`\copy `+schema+`.t (body) FROM '`+csvPath+`' WITH (FORMAT csv)`); err != nil {
		return err
	}
	res.BaselineCopy = time.Since(start)
	r.measured("baseline", "psql \\copy", res.BaselineCopy, nil)
	_, err := command(ctx, nil, "psql", base, "-q", "-c", "DROP SCHEMA "+schema+" CASCADE")
	return err
}

// writeCSV writes every transcript as one CSV field per line, for \copy.
func (r *runner) writeCSV(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	for _, name := range r.files {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if err := w.Write([]string{string(b)}); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// plainDSN drops the query parameters psql does not know.
func plainDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String()
}

// withSchema empties schema on the server and returns dsn using it.
func withSchema(ctx context.Context, dsn, schema string) (string, error) {
	if _, err := command(ctx, nil, "psql", plainDSN(dsn), "-q", "-v", "ON_ERROR_STOP=1", "-c",
		"DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
		return "", err
	}
	return schemaDSN(dsn, schema)
}

// schemaDSN returns dsn with its search_path set to schema.
func schemaDSN(dsn, schema string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func fileSize(path string) int64 {
	var n int64
	for _, f := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(f); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// storeTarget names the two studies of one store: the one `ownwords
// import` fills with the transcripts, and the whole study.
type storeTarget struct {
	name                string
	importDSN, studyDSN string
}

func (r *runner) env() []string { return []string{"OWNWORDS_PASSPHRASE=" + passphrase} }

// ow runs the ownwords command.
func (r *runner) ow(ctx context.Context, args ...string) ([]byte, error) {
	return command(ctx, r.env(), r.bin, args...)
}

// measureStore imports, loads, serves and runs the commands on one store.
func (r *runner) measureStore(ctx context.Context, st storeTarget, study *demo.Study) (*storeResult, error) {
	res := &storeResult{Store: st.name}
	r.logf("%s: ownwords init + import of %d transcripts", st.name, len(r.files))
	if _, err := r.ow(ctx, "init", "--store", st.importDSN, "--name", "Scale import"); err != nil {
		return nil, err
	}
	args := append([]string{"import", "--store", st.importDSN, "--format", "json", filepath.Join(r.dir, "participants.csv")}, r.files...)
	start := time.Now()
	if _, err := r.ow(ctx, args...); err != nil {
		return nil, err
	}
	res.Import = time.Since(start)
	r.measured(st.name, "import", res.Import, nil)
	if size, err := r.size(ctx, st.name, st.importDSN); err == nil {
		res.ImportBytes = size
	}

	r.logf("%s: loading the whole study (codings, events, users) through the store", st.name)
	start = time.Now()
	if err := loadStudy(ctx, st.studyDSN, study); err != nil {
		return nil, err
	}
	res.LoadStudy = time.Since(start)
	r.measured(st.name, "whole study load", res.LoadStudy, nil)
	if size, err := r.size(ctx, st.name, st.studyDSN); err == nil {
		res.StudyBytes = size
	}
	// Exports are age-encrypted to the study's custodians: give it one
	// (the identity is thrown away; only the writing is measured).
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	pw := filepath.Join(r.dir, "owner.pw")
	if err := os.WriteFile(pw, []byte(ownerPassword), 0o600); err != nil {
		return nil, err
	}
	as := []string{"--store", st.studyDSN, "--user", owner, "--password-file", pw}
	if _, err := r.ow(ctx, "key", "custodian", "add", "--store", st.studyDSN, id.Recipient().String()); err != nil {
		return nil, err
	}
	cmds := []struct {
		name string
		args []string
	}{
		{"open only (plan list)", append([]string{"plan", "list"}, as...)},
		{"report (team, json)", append([]string{"report", "--audience", "team", "--format", "json"}, as...)},
		{"report (public, html)", append([]string{"report", "--format", "html"}, as...)},
		{"crosstab gender × origin", append([]string{"crosstab", "--rows", "gender", "--cols", "origin", "--audience", "team", "--format", "json"}, as...)},
		{"reliability", append([]string{"reliability", "--format", "json"}, as...)},
		{"timeline joined → left by gender", append([]string{"timeline", "--from", "joined", "--to", "left", "--by", "gender", "--audience", "team", "--format", "json"}, as...)},
		{"export matrix (csv)", append([]string{"export", "--format", "csv", "--audience", "team", "-o", filepath.Join(r.dir, "matrix.csv.age")}, as...)},
		{"export REFI-QDA (qdpx)", append([]string{"export", "--format", "qdpx", "-o", filepath.Join(r.dir, "study.qdpx.age")}, as...)},
	}
	for _, c := range cmds {
		r.logf("%s: %s", st.name, c.name)
		med, _, err := timeIt(r.cfg.Runs, func() error {
			cctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
			defer cancel()
			_, err := r.ow(cctx, c.args...)
			if cctx.Err() == context.DeadlineExceeded {
				return fmt.Errorf("took longer than -timeout %s", r.cfg.Timeout)
			}
			return err
		})
		r.measured(st.name, c.name, med, err)
		if err != nil {
			res.Commands = append(res.Commands, timing{Name: c.name, Error: err.Error()})
			continue
		}
		res.Commands = append(res.Commands, timing{Name: c.name, Median: med})
	}
	if err := r.serveAndSearch(ctx, st, res); err != nil {
		return nil, err
	}
	return res, nil
}

// loadStudy writes the whole study into a new store, as the demo does.
func loadStudy(ctx context.Context, dsn string, s *demo.Study) error {
	cfg := sqldb.Config{DSN: dsn, Passphrase: []byte(passphrase)}
	st, err := sqldb.Create(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = demo.Load(ctx, st, s, vault.HashPassword, nil)
	return err
}

// size is a study's size on disk: the SQLite file with its WAL, or the
// total size of the schema's relations on PostgreSQL.
func (r *runner) size(ctx context.Context, store, dsn string) (int64, error) {
	if store == "sqlite" {
		return fileSize(dsn), nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return 0, err
	}
	schema := u.Query().Get("search_path")
	out, err := command(ctx, nil, "psql", plainDSN(dsn), "-At", "-c",
		"SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"+schema+"' AND c.relkind IN ('r', 'm')")
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
}

// query is a search the benchmark times: form values of the search page
// and the ripgrep pattern it is compared with ("" for none).
type query struct {
	name string
	form url.Values
	rg   string
}

func queries() []query {
	return []query{
		{"rare word (" + rareWord + ")", url.Values{"q": {rareWord}}, rareWord},
		{"medium word (" + mediumWord + ")", url.Values{"q": {mediumWord}}, mediumWord},
		{"word in every interview (the)", url.Values{"q": {"the"}}, "the"},
		{`phrase ("` + plantedPhr + `")`, url.Values{"q": {`"` + plantedPhr + `"`}}, plantedPhr},
		{"prefix (famil*)", url.Values{"q": {"famil*"}}, ""},
		{"word, women only (the, gender=woman)", url.Values{"q": {"the"}, "a.gender": {"woman"}}, ""},
	}
}

// serveAndSearch starts `ownwords serve` on the study, logs the owner in
// and times each query's search page (the form posted, the kept search's
// page rendered), then reads serve's peak resident memory.
func (r *runner) serveAndSearch(ctx context.Context, st storeTarget, res *storeResult) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.CommandContext(ctx, r.bin, "serve", "--store", st.studyDSN, "--addr", addr)
	cmd.Env = append(os.Environ(), r.env()...)
	var stderr bytes.Buffer
	cmd.Stderr, cmd.Stdout = &stderr, io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	base := "http://" + addr
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: r.cfg.Timeout, // a page as long as a command
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := client.Get(base + "/login")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("serve did not answer on %s: %s", addr, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := client.PostForm(base+"/login", url.Values{"name": {owner}, "password": {ownerPassword}, "next": {"/"}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login: status %d", resp.StatusCode)
	}
	for _, q := range queries() {
		r.logf("%s: search %s", st.name, q.name)
		var size int
		cpu := processCPU(cmd.Process.Pid)
		med, ds, err := timeIt(r.cfg.Runs, func() error {
			n, err := searchPage(ctx, client, base, q.form)
			size = n
			return err
		})
		r.measured(st.name, "search "+q.name, med, err)
		if err != nil { // the row says so, and the run goes on
			res.Searches = append(res.Searches, searchTiming{timing: timing{Name: q.name, Error: err.Error()}})
			continue
		}
		res.Searches = append(res.Searches, searchTiming{timing: timing{Name: q.name, Median: med}, Runs: ds, PageBytes: size,
			ServeCPU: perRun(processCPU(cmd.Process.Pid)-cpu, cpu, r.cfg.Runs+1)})
	}
	res.ServeSearchRSS = peakRSS(cmd.Process.Pid)
	// The report page: the first request builds the analysis, later ones
	// are served from the cache kept per study version (issue 16 item 4).
	for _, audience := range []string{"team", "public"} {
		page := base + "/report?audience=" + audience
		r.logf("%s: report page (%s)", st.name, audience)
		start := time.Now()
		firstName, laterName := "report page, "+audience+", first request", "report page, "+audience+", later requests"
		if _, err := getPage(ctx, client, page); err != nil { // the rows say so, and the run goes on
			res.Pages = append(res.Pages, searchTiming{timing: timing{Name: firstName, Error: err.Error()}},
				searchTiming{timing: timing{Name: laterName, Error: "no first request"}})
			continue
		}
		first := time.Since(start)
		r.measured(st.name, firstName, first, nil)
		var size int
		cpu := processCPU(cmd.Process.Pid)
		med, ds, err := timeIt(r.cfg.Runs, func() error {
			n, err := getPage(ctx, client, page)
			size = n
			return err
		})
		r.measured(st.name, laterName, med, err)
		if err != nil {
			res.Pages = append(res.Pages, searchTiming{timing: timing{Name: firstName, Median: first}, Runs: []time.Duration{first}},
				searchTiming{timing: timing{Name: laterName, Error: err.Error()}})
			continue
		}
		res.Pages = append(res.Pages,
			searchTiming{timing: timing{Name: firstName, Median: first}, Runs: []time.Duration{first}, PageBytes: size},
			searchTiming{timing: timing{Name: laterName, Median: med}, Runs: ds, PageBytes: size,
				ServeCPU: perRun(processCPU(cmd.Process.Pid)-cpu, cpu, r.cfg.Runs+1)})
	}
	res.ServePeakRSS = peakRSS(cmd.Process.Pid)
	return nil
}

// getPage fetches a page, returning its size; any status but 200 is an
// error.
func getPage(ctx context.Context, client *http.Client, page string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, page, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: status %d: %.300s", page, resp.StatusCode, b)
	}
	return len(b), nil
}

// searchPage posts the search form and renders the kept search's page,
// returning the page's size.
func searchPage(ctx context.Context, client *http.Client, base string, form url.Values) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/search", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc == "" {
		return 0, fmt.Errorf("search form: status %d", resp.StatusCode)
	}
	return getPage(ctx, client, base+loc)
}

// processCPU reads a process's CPU time so far (user+system, from
// /proc/PID/stat, in clock ticks of 10 ms); -1 where unknown.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from after it. utime and stime are fields 14 and 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return -1
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// perRun divides the CPU time d spent over n runs; zero when the reading
// before (from) was unknown.
func perRun(d, from time.Duration, n int) time.Duration {
	if from < 0 || d < 0 {
		return 0
	}
	return d / time.Duration(n)
}

// peakRSS reads a process's peak resident set size (VmHWM), in bytes.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
