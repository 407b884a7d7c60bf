package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"ownwords"
	"ownwords/demo"
	"ownwords/gate"
	"ownwords/sqldb"
	"ownwords/vault"
	"ownwords/web"
)

// passphrase opens the benchmark's study file, as the demo command's does:
// the demo holds synthetic data only.
const passphrase = "ownwords demo - synthetic data only"

// password is every simulated coder's password (hashed once, see addCoders).
const password = "bench-coder-password"

// bench is a prepared run: the store with the demo study, the workbench
// listening on loopback, the coders and the transcripts they code.
type bench struct {
	cfg        config
	st         ownwords.Store
	studyID    string
	url        string
	srv        *http.Server
	tmp        string
	corpus     []passageSource
	codes      []string
	coders     []*coder
	Dialect    string
	SetupTime  time.Duration
	LoginTime  time.Duration
	Interviews int
}

// passageSource is one transcript, in code points.
type passageSource struct {
	id   string
	text []rune
}

// setup opens (or builds) the demo study, creates the coders, reads the
// transcripts and codebook as the owner would, serves the workbench on
// 127.0.0.1 and logs every coder in.
func setup(ctx context.Context, cfg config, logw io.Writer) (_ *bench, err error) {
	start := time.Now()
	b := &bench{cfg: cfg}
	defer func() {
		if err != nil {
			b.close()
		}
	}()
	dsn := cfg.Postgres
	if dsn == "" {
		if dsn = cfg.Store; dsn == "" {
			if b.tmp, err = os.MkdirTemp("", "ownwords-load-"); err != nil {
				return nil, err
			}
			dsn = filepath.Join(b.tmp, "demo.ownwords")
		}
	}
	fmt.Fprintf(logw, "load: opening or building the demo study in %s\n", redact(dsn))
	if b.st, b.studyID, err = openOrBuildDemo(ctx, dsn); err != nil {
		return nil, err
	}
	b.Dialect = b.st.Dialect()
	users, err := addCoders(ctx, b.st, b.studyID, cfg.Coders)
	if err != nil {
		return nil, err
	}
	if err := b.readCorpus(ctx, users[0]); err != nil {
		return nil, err
	}
	// As web.Server.Run does when a team server starts.
	if w, ok := b.st.(interface{ Warm(context.Context) error }); ok {
		if err := w.Warm(ctx); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b.url = "http://" + ln.Addr().String()
	b.srv = &http.Server{Handler: web.NewServer(b.st, b.studyID, web.Options{}).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go b.srv.Serve(ln)
	b.SetupTime = time.Since(start)
	fmt.Fprintf(logw, "load: %s study ready with %d interviews in %v; logging in %d coders\n",
		b.Dialect, b.Interviews, b.SetupTime.Round(time.Millisecond), len(users))
	start = time.Now()
	tr := &http.Transport{MaxIdleConns: 2 * cfg.Coders, MaxIdleConnsPerHost: 2 * cfg.Coders, DisableCompression: true}
	for i, u := range users {
		c, err := newCoder(ctx, b, u, tr, cfg.Seed+uint64(i))
		if err != nil {
			return nil, err
		}
		b.coders = append(b.coders, c)
	}
	b.LoginTime = time.Since(start)
	return b, nil
}

// openOrBuildDemo opens the store at dsn and returns the demo study in it,
// loading the demo (default seed) first if the store has no such study.
func openOrBuildDemo(ctx context.Context, dsn string) (ownwords.Store, string, error) {
	cfg := sqldb.Config{DSN: dsn, Passphrase: []byte(passphrase)}
	st, err := sqldb.Open(ctx, cfg)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		st, err = sqldb.Create(ctx, cfg)
	}
	if err != nil {
		return nil, "", err
	}
	s := demo.Generate(demo.DefaultSeed)
	studies, err := st.Studies(ctx)
	if err != nil {
		st.Close()
		return nil, "", err
	}
	for _, have := range studies {
		if have.Name == s.Info.Name {
			return st, have.ID, nil
		}
	}
	id, err := demo.Load(ctx, st, s, vault.HashPassword, nil)
	if err != nil {
		st.Close()
		return nil, "", err
	}
	return st, id, nil
}

// addCoders creates (or reuses) the accounts bench-coder-01… with the coder
// role. Argon2id is slow on purpose, so the one password is hashed once.
func addCoders(ctx context.Context, st ownwords.Store, studyID string, n int) ([]*ownwords.User, error) {
	hash, err := vault.HashPassword([]byte(password))
	if err != nil {
		return nil, err
	}
	users := make([]*ownwords.User, n)
	for i := range users {
		u := &ownwords.User{Name: fmt.Sprintf("bench-coder-%02d", i+1), PasswordHash: hash}
		err := st.CreateUser(ctx, u)
		if ownwords.ErrorCode(err) == ownwords.ECONFLICT {
			if u, err = st.UserByName(ctx, u.Name); err == nil {
				u.PasswordHash, u.Disabled = hash, false
				err = st.UpdateUser(ctx, u)
			}
		}
		if err == nil {
			err = st.SetRole(ctx, studyID, u.ID, ownwords.RoleCoder)
		}
		if err != nil {
			return nil, fmt.Errorf("coder %s: %w", u.Name, err)
		}
		users[i] = u
	}
	return users, nil
}

// readCorpus reads the transcripts a coder may code and the applicable
// codes (neither sections, derived nor deprecated) through the store,
// before the run. Which interviews a coder may code is the gate's answer
// to coder (its interview list): the demo has participants who withdrew
// or refused analysis, whose interviews are withheld from coders.
func (b *bench) readCorpus(ctx context.Context, coder *ownwords.User) error {
	list, err := gate.New(b.st, b.studyID).Interviews(ctx, gate.Member(coder, ownwords.RoleCoder))
	if err != nil {
		return err
	}
	may := map[string]bool{}
	for _, row := range list.Interviews {
		may[row.ID] = row.ID != ""
	}
	ivs, err := b.st.Interviews(ctx, ownwords.InterviewFilter{StudyID: b.studyID, WithText: true})
	if err != nil {
		return err
	}
	for _, iv := range ivs {
		if text := []rune(iv.Transcript); len(text) > 0 && may[iv.ID] {
			b.corpus = append(b.corpus, passageSource{id: iv.ID, text: text})
		}
	}
	cb, err := b.st.Codebook(ctx, b.studyID)
	if err != nil {
		return err
	}
	for _, c := range cb.Codes {
		if c.ParentID != "" && c.Derived == nil && !c.Deprecated {
			b.codes = append(b.codes, c.ID)
		}
	}
	if b.Interviews = len(b.corpus); b.Interviews == 0 || len(b.codes) == 0 {
		return fmt.Errorf("the study has no transcripts or no applicable codes")
	}
	return nil
}

// close stops the server, closes the store and removes a temporary file.
func (b *bench) close() {
	if b.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		b.srv.Shutdown(ctx)
		cancel()
	}
	if b.st != nil {
		b.st.Close()
	}
	if b.tmp != "" {
		os.RemoveAll(b.tmp)
	}
}

// redact hides a password in a DSN for the progress line.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && sqldb.IsPostgres(dsn) {
		return u.Redacted()
	}
	return dsn
}
