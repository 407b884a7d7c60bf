package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ownwords"
	"ownwords/gate"
	"ownwords/sqldb"
	"ownwords/web"
)

// roles are the callers of the cross-front-end test: an account of every
// role of the demo study, and the public (no account).
var roles = []struct{ name, user string }{
	{"owner", "owner"}, {"coder", "coder-a"}, {"analyst", "analyst"}, {"viewer", "viewer"}, {"public", ""},
}

// frontends is the demo study open to both front ends at once: the CLI
// in-process on the study file, and the workbench serving the same file.
type frontends struct {
	x   *exportStudy
	st  ownwords.Store
	g   *gate.Gate
	srv *httptest.Server
	// web holds a logged-in client per account.
	web map[string]*http.Client
}

func newFrontends(t *testing.T) *frontends {
	t.Helper()
	f := &frontends{x: mustExportStudy(t), web: map[string]*http.Client{}}
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: f.x.store, Passphrase: []byte(demoPassphrase)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	study, err := resolveStudy(t.Context(), st, "")
	if err != nil {
		t.Fatal(err)
	}
	f.st, f.g = st, gate.New(st, study.ID)
	f.srv = httptest.NewServer(web.NewServer(st, study.ID, web.Options{}).Handler())
	t.Cleanup(f.srv.Close)
	for _, r := range roles {
		if r.user == "" {
			continue
		}
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		pw, err := os.ReadFile(f.x.pw[r.user])
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.PostForm(f.srv.URL+"/login", url.Values{"name": {r.user}, "password": {strings.TrimSpace(string(pw))}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: status %d", r.user, resp.StatusCode)
		}
		f.web[r.user] = c
	}
	return f
}

// caller is the gate's caller for an account ("" the public).
func (f *frontends) caller(t *testing.T, user string) gate.Caller {
	t.Helper()
	if user == "" {
		return gate.Public()
	}
	u, err := f.st.UserByName(t.Context(), user)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.g.Account(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// outcome is what a front end answered: the error code ("" for success)
// and the data as decoded JSON.
type outcome struct {
	code string
	data any
}

// cli runs a command as user with --format json and returns its outcome:
// the error code is read from the exit status and checked against the
// message (the code's class: 5 is EUNAUTHORIZED or EFORBIDDEN).
func (f *frontends) cli(t *testing.T, user string, args ...string) outcome {
	t.Helper()
	return f.run(t, user, true, args...)
}

// run runs the command args[0] as user, the store and account flags
// before the command's own (so that they precede any positional argument),
// with --format json when asJSON.
func (f *frontends) run(t *testing.T, user string, asJSON bool, args ...string) outcome {
	t.Helper()
	full := []string{args[0], "--store", f.x.store}
	if asJSON {
		full = append(full, "--format", "json")
	}
	if user != "" {
		full = append(full, "--user", user, "--password-file", f.x.pw[user])
	}
	full = append(full, args[1:]...)
	code, out, errOut := cli(t, f.x.vars, full...)
	if code != 0 {
		return outcome{code: exitClass(code), data: strings.TrimSpace(errOut)}
	}
	if !asJSON {
		return outcome{data: out}
	}
	return outcome{data: decode(t, []byte(out))}
}

// webGet asks the workbench as user for path with JSON, and returns its
// outcome. The public gets what an unauthenticated request gets.
func (f *frontends) webGet(t *testing.T, user, path string) outcome {
	t.Helper()
	return f.webDo(t, user, http.MethodGet, path, nil)
}

// webPost posts form to path as user with JSON, as the search page's
// JSON clients do (search terms never travel in an address).
func (f *frontends) webPost(t *testing.T, user, path string, form url.Values) outcome {
	t.Helper()
	return f.webDo(t, user, http.MethodPost, path, form)
}

// webDo sends a request to the workbench as user, asking for JSON, with
// form as its body when not nil, and returns its outcome.
func (f *frontends) webDo(t *testing.T, user, method, path string, form url.Values) outcome {
	t.Helper()
	c := http.DefaultClient
	if user != "" {
		c = f.web[user]
	}
	var send io.Reader
	if form != nil {
		send = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequestWithContext(t.Context(), method, f.srv.URL+path, send)
	req.Header.Set("Accept", "application/json")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		var e struct{ Code, Error string }
		json.Unmarshal(body, &e)
		return outcome{code: exitClass(ownwords.ExitCode(ownwords.Errorf(e.Code, "x"))), data: e.Error}
	}
	return outcome{data: decode(t, body)}
}

// gateOutcome turns a use case's answer into an outcome: v marshalled and
// decoded as the front ends' JSON is.
func gateOutcome(t *testing.T, v any, err error) outcome {
	t.Helper()
	if err != nil {
		return outcome{code: exitClass(ownwords.ExitCode(err)), data: ownwords.ErrorMessage(err)}
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatal(err)
	}
	return outcome{data: decode(t, buf.Bytes())}
}

// exitClass names an exit status's class of error codes.
func exitClass(code int) string {
	switch code {
	case 0:
		return ""
	case 2:
		return ownwords.EINVALID
	case 3:
		return ownwords.ENOTFOUND
	case 4:
		return ownwords.ECONFLICT
	case 5:
		return "EUNAUTHORIZED|EFORBIDDEN"
	}
	return ownwords.EINTERNAL
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return v
}

// same compares outcomes: the same decision, and for successes the same
// data; for refusals the CLI's message carries the other's.
func same(t *testing.T, what string, a, b outcome) {
	t.Helper()
	if a.code != b.code {
		t.Errorf("%s: decisions differ: %q (%v) vs %q (%v)", what, a.code, a.data, b.code, b.data)
		return
	}
	if a.code != "" {
		return
	}
	if !reflect.DeepEqual(a.data, b.data) {
		ja, _ := json.MarshalIndent(a.data, "", " ")
		jb, _ := json.MarshalIndent(b.data, "", " ")
		t.Errorf("%s: data differ:\n%s\nvs\n%s", what, clip(ja), clip(jb))
	}
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// TestFrontendsAgree runs every use case × every role through the CLI, the
// workbench and the application layer itself, and expects one decision
// and one answer: who may have what is decided in one place.
func TestFrontendsAgree(t *testing.T) {
	f := newFrontends(t)
	ctx := t.Context()
	for _, r := range roles {
		t.Run(r.name, func(t *testing.T) {
			c := f.caller(t, r.user)
			for _, audience := range []string{"public", "team"} {
				t.Run("report/"+audience, func(t *testing.T) {
					rep, err := f.g.Report(ctx, c, gate.ReportRequest{Audience: audience, Format: "json"})
					var want outcome
					if err != nil {
						want = gateOutcome(t, nil, err)
					} else {
						var buf bytes.Buffer
						mustReportJSON(t, &buf, rep)
						want = outcome{data: decode(t, buf.Bytes())}
					}
					same(t, "cli vs gate", f.cli(t, r.user, "report", "--audience", audience), want)
					if r.user != "" {
						same(t, "web vs gate", f.webGet(t, r.user, "/report?audience="+audience), want)
					}
				})
				t.Run("crosstab/"+audience, func(t *testing.T) {
					x, err := f.g.Crosstab(ctx, c, gate.CrosstabRequest{Rows: "gender", Cols: "origin", Audience: audience})
					same(t, "cli vs gate", f.cli(t, r.user, "crosstab", "--rows", "gender", "--cols", "origin", "--audience", audience), gateOutcome(t, x, err))
				})
				t.Run("crosstabs/"+audience, func(t *testing.T) {
					// several tables: a family, adjusted (or withheld) alike
					reqs := []gate.CrosstabRequest{{Rows: "gender", Cols: "origin", Audience: audience}, {Rows: "gender", Cols: "status", Audience: audience}}
					xs, err := f.g.Crosstabs(ctx, c, reqs)
					want := gateOutcome(t, nil, err)
					if err == nil {
						family := ""
						for _, x := range xs {
							if x.Adjusted != nil {
								family = x.Adjusted.Family
							}
						}
						if audience == "team" && family == "" {
							t.Errorf("the team family of two tables is not adjusted: %+v", xs)
						}
						want = gateOutcome(t, struct {
							Family string           `json:"family,omitempty"`
							Tables []*gate.Crosstab `json:"tables"`
						}{family, xs}, nil)
					}
					same(t, "cli vs gate", f.cli(t, r.user, "crosstab", "--rows", "gender", "--cols", "origin,status", "--audience", audience), want)
				})
				t.Run("timeline/"+audience, func(t *testing.T) {
					spec := gate.TimelineRequest{Audience: audience}
					spec.Spec.From, spec.Spec.To, spec.Spec.By = ownwords.EventJoined, ownwords.EventLeft, "gender"
					tl, err := f.g.Timeline(ctx, c, spec)
					var v any
					if err == nil {
						v = tl.Team
						if tl.Public != nil {
							v = tl.Public
						}
					}
					same(t, "cli vs gate", f.cli(t, r.user, "timeline", "--from", "joined", "--to", "left", "--by", "gender", "--audience", audience), gateOutcome(t, v, err))
				})
			}
			t.Run("search", func(t *testing.T) {
				for _, q := range []struct{ name, query string }{{"word", "emir"}, {"phrase", `"lack of food"`}, {"codeFilter", "food"}, {"byGender", "emir"}} {
					req := gate.SearchRequest{Query: q.query, Context: 60, Limit: 50}
					args := []string{"search", "--limit", "50", "--context", "60"}
					form := url.Values{"q": {q.query}}
					if q.name == "codeFilter" {
						req.Inside = []string{"vulnerabilities"}
						args = append(args, "--inside", "vulnerabilities")
						form.Set("inside", "vulnerabilities")
					}
					if q.name == "byGender" {
						req.By = "gender"
						args = append(args, "--by", "gender")
						form.Set("by", "gender")
					}
					out, err := f.g.Search(ctx, c, req)
					var v any
					if err == nil {
						v = out.JSON()
					}
					want := gateOutcome(t, v, err)
					same(t, q.name+": cli vs gate", f.cli(t, r.user, append(args, q.query)...), want)
					if r.user != "" {
						same(t, q.name+": web vs gate", f.webPost(t, r.user, "/search", form), want)
					}
				}
			})
			t.Run("quotes", func(t *testing.T) {
				for _, audience := range []string{"team", "public"} {
					bank, err := f.g.Quotes(ctx, c, gate.QuotesRequest{Item: "motivations/islamic_identity", Audience: audience})
					want := gateOutcome(t, bank, err)
					same(t, audience+": cli vs gate", f.cli(t, r.user, "quotes", "--item", "motivations/islamic_identity", "--audience", audience), want)
					if r.user != "" {
						same(t, audience+": web vs gate", f.webGet(t, r.user, "/quotes?item=motivations/islamic_identity&audience="+audience), want)
					}
				}
			})
			t.Run("reliability", func(t *testing.T) {
				rel, err := f.g.Reliability(ctx, c, nil, nil)
				want := gateOutcome(t, nil, err)
				if err == nil && rel.Table == nil {
					// No table (too few coders where c may look): the CLI
					// says why and exits as for invalid input.
					want = outcome{code: ownwords.EINVALID}
				} else if err == nil {
					want = gateOutcome(t, rel.Table, nil)
				}
				same(t, "cli vs gate", f.cli(t, r.user, "reliability"), want)
			})
			t.Run("drill", func(t *testing.T) {
				d, err := f.g.Drill(ctx, c, "", "committed", "beheading", "all")
				if r.user != "" {
					same(t, "web vs gate", f.webGet(t, r.user, "/report?section=committed&item=beheading&group=all"), gateOutcome(t, d, err))
				}
			})
			t.Run("participants", func(t *testing.T) {
				// Pseudonyms differ between sessions by design: the decision
				// must agree, and an analyst's list must carry no code.
				_, err := f.g.Participants(ctx, c, nil)
				want := gateOutcome(t, nil, err)
				if r.user == "" {
					return
				}
				got := f.webGet(t, r.user, "/participants")
				if got.code != want.code {
					t.Errorf("web vs gate: %q vs %q (%v)", got.code, want.code, want.data)
				}
				if r.name == "analyst" {
					b, _ := json.Marshal(got.data)
					if strings.Contains(string(b), `"P-0`) {
						t.Errorf("the analyst's participants list carries participant codes")
					}
				}
			})
			t.Run("settings", func(t *testing.T) {
				_, err := f.g.Settings(ctx, c, gate.SettingsChange{})
				got := f.cli(t, r.user, "settings")
				if want := gateOutcome(t, nil, err); got.code != want.code {
					t.Errorf("cli vs gate: %q (%v) vs %q (%v)", got.code, got.data, want.code, want.data)
				}
			})
			t.Run("export", func(t *testing.T) {
				for _, format := range []string{"qdpx", "qdc"} {
					_, err := f.g.ExportREFIQDA(ctx, c, gate.REFIQDARequest{Format: format})
					want := gateOutcome(t, nil, err)
					out := filepath.Join(t.TempDir(), "x."+format)
					if got := f.run(t, r.user, false, "export", "--format", format, "-o", out); got.code != want.code {
						t.Errorf("%s: cli vs gate: %q (%v) vs %q (%v)", format, got.code, got.data, want.code, want.data)
					}
				}
				_, err := f.g.ExportMatrix(ctx, c, gate.MatrixRequest{Audience: "team", Format: "csv"})
				want := gateOutcome(t, nil, err)
				out := filepath.Join(t.TempDir(), "m.csv")
				if got := f.run(t, r.user, false, "export", "--format", "csv", "--audience", "team", "-o", out); got.code != want.code {
					t.Errorf("team matrix: cli vs gate: %q (%v) vs %q (%v)", got.code, got.data, want.code, want.data)
				}
			})
			t.Run("plan/unknown", func(t *testing.T) {
				for _, args := range [][]string{
					{"report", "--plan", "no-such-plan"},
					{"crosstab", "--rows", "gender", "--cols", "origin", "--plan", "no-such-plan"},
					{"timeline", "--from", "joined", "--to", "left", "--plan", "no-such-plan"},
				} {
					if got := f.cli(t, r.user, args...); got.code != ownwords.ENOTFOUND {
						t.Errorf("%s --plan no-such-plan: %q %v, want ENOTFOUND", args[0], got.code, got.data)
					}
				}
				if r.user != "" {
					if got := f.webGet(t, r.user, "/report?plan=no-such-plan"); got.code != ownwords.ENOTFOUND {
						t.Errorf("web report ?plan=no-such-plan: %q %v, want ENOTFOUND", got.code, got.data)
					}
				}
			})
		})
	}
}

func mustReportJSON(t *testing.T, w io.Writer, rep *gate.Report) {
	t.Helper()
	if err := renderers["json"](w, rep.Report); err != nil {
		t.Fatal(err)
	}
}
