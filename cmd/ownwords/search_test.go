package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/quotes"
	"ownwords/sqldb"
)

// TestSearchAndQuotes runs search and quotes on the demo study: the owner
// sees hit text, the analyst only counts; the team quote bank carries
// participant codes, the public one does not.
func TestSearchAndQuotes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo study")
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "demo.ownwords")
	vars := map[string]string{EnvPassphrase: demoPassphrase}
	mustCLI(t, vars, "demo", "--store", store, "--no-serve")
	ownerPW := writeFile(t, dir, "owner.pw", "owner-demo-password\n")
	analystPW := writeFile(t, dir, "analyst.pw", "analyst-demo-password\n")

	var full ownwords.SearchResult
	out := mustCLI(t, vars, "search", "--store", store, "--format", "json", "--user", "owner", "--password-file", ownerPW, "hisbah")
	if err := json.Unmarshal([]byte(out), &full); err != nil {
		t.Fatalf("search json: %v\n%s", err, out)
	}
	if full.TotalHits == 0 || len(full.Interviews) == 0 || full.Interviews[0].Hits[0].Match == "" {
		t.Fatalf("owner search: %+v", full)
	}
	t.Run("AnalystGetsCountsOnly", func(t *testing.T) {
		out := mustCLI(t, vars, "search", "--store", store, "--format", "json", "--user", "analyst", "--password-file", analystPW, "hisbah")
		var counts ownwords.SearchCounts
		if err := json.Unmarshal([]byte(out), &counts); err != nil {
			t.Fatal(err)
		}
		if counts.Withheld || counts.Participants == nil || !counts.Approximate || *counts.Participants < 5 ||
			strings.Contains(strings.ToLower(out), `"match"`) || strings.Contains(out, "isbah ") || strings.Contains(out, "P-") {
			t.Fatalf("analyst view: %s", out)
		}
		text := mustCLI(t, vars, "search", "--store", store, "--user", "analyst", "--password-file", analystPW, "hisbah")
		if strings.Contains(text, "[") || !strings.Contains(text, "counts only") || !strings.Contains(text, "approximate") {
			t.Fatalf("analyst text view: %s", text)
		}
		byGender := mustCLI(t, vars, "search", "--store", store, "--user", "analyst", "--password-file", analystPW, "--by", "gender", "hisbah OR food")
		if !strings.Contains(byGender, "by Gender:") || !strings.Contains(byGender, "Man") && !strings.Contains(byGender, "man") {
			t.Fatalf("analyst breakdown: %s", byGender)
		}
		code, _, errOut := cli(t, vars, "search", "--store", store, "--user", "analyst", "--password-file", analystPW, "hisbah NOT food")
		if code != 5 || !strings.Contains(errOut, "NOT") {
			t.Fatalf("analyst's NOT: exit %d %s", code, errOut)
		}
	})
	t.Run("OwnerSeesKWIC", func(t *testing.T) {
		out := mustCLI(t, vars, "search", "--store", store, "--user", "owner", "--password-file", ownerPW, "--language", "en", "hisbah")
		if !strings.Contains(strings.ToLower(out), "[hisbah]") {
			t.Fatalf("text output: %s", out)
		}
	})
	t.Run("ErrPassphraseAloneRefused", func(t *testing.T) {
		code, out, errOut := cli(t, vars, "search", "--store", store, "hisbah")
		if code != 5 || strings.Contains(strings.ToLower(out), "hisbah") || !strings.Contains(errOut, "--user") {
			t.Fatalf("exit %d: %s%s", code, out, errOut)
		}
	})
	t.Run("ErrBadQuery", func(t *testing.T) {
		code, _, errOut := cli(t, vars, "search", "--store", store, "--user", "owner", "--password-file", ownerPW, `"unclosed`)
		if code == 0 || !strings.Contains(errOut, "at 1") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	})
	t.Run("QuotesTeamAndPublicPreview", func(t *testing.T) {
		var team, public quotes.Bank
		out := mustCLI(t, vars, "quotes", "--store", store, "--format", "json", "--item", "vulnerabilities/poverty",
			"--user", "owner", "--password-file", ownerPW)
		if err := json.Unmarshal([]byte(out), &team); err != nil {
			t.Fatal(err)
		}
		out = mustCLI(t, vars, "quotes", "--store", store, "--format", "json", "--item", "vulnerabilities/poverty",
			"--audience", "public", "--user", "owner", "--password-file", ownerPW)
		if err := json.Unmarshal([]byte(out), &public); err != nil || !strings.Contains(out, `"preview": true`) {
			t.Fatalf("public preview %v: %.200s", err, out)
		}
		if len(team.Quotes) == 0 || !strings.HasPrefix(team.Quotes[0].Attribution, "P-") || team.Quotes[0].Interview == "" {
			t.Fatalf("team quotes: %+v", team.Quotes[:min(2, len(team.Quotes))])
		}
		// Both quote each participant once: the public selection is the
		// team's, less the participants the disclosure rules withhold.
		people := map[string]bool{}
		for _, q := range team.Quotes {
			code, _, _ := strings.Cut(q.Attribution, ",")
			people[code] = true
		}
		if len(people) != len(team.Quotes) || len(public.Quotes)+public.Withheld != len(people) {
			t.Errorf("public %d + withheld %d, team %d quotes of %d participants", len(public.Quotes), public.Withheld, len(team.Quotes), len(people))
		}
		if text := mustCLI(t, vars, "quotes", "--store", store, "--item", "vulnerabilities/poverty", "--audience", "public",
			"--user", "owner", "--password-file", ownerPW); !strings.HasPrefix(text, "PREVIEW") {
			t.Errorf("the text preview is not marked as one: %.100s", text)
		}
		for _, q := range public.Quotes {
			if n := len([]rune(q.Text)); n > 600 {
				t.Errorf("public quote of %d code points", n)
			}
		}
		for _, q := range public.Quotes {
			if strings.Contains(q.Attribution, "P-") || q.Interview != "" {
				t.Fatalf("public quote identifies: %+v", q)
			}
		}
		for _, args := range [][]string{{"--user", "analyst", "--password-file", analystPW}, {"--audience", "public"}} {
			code, out, _ := cli(t, vars, append([]string{"quotes", "--store", store, "--item", "vulnerabilities/poverty"}, args...)...)
			if code != 5 || strings.Contains(out, "“") {
				t.Errorf("quotes %v: exit %d, want 5 and no quote", args, code)
			}
		}
	})
}

// TestSearchTextOutputIsTerminalSafe imports a transcript holding terminal
// escape sequences and bidi overrides: the text output of search shows the
// hit without letting any of them reach the terminal.
func TestSearchTextOutputIsTerminalSafe(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "hostile.ownwords")
	people := writeFile(t, dir, "people.csv", "id\nP-0001\n")
	iv := writeFile(t, dir, "iv-0001.txt", "P-0001: \x1b[2J\x1b]0;owned\x07 the hisbah \u202Ecame\u202C again\x1b[0m.\n")
	writeFile(t, dir, "iv-0001.json", `{"participant": "P-0001"}`)
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, dir, "pw", "a long enough password\n")
	mustCLI(t, vars, "init", "--store", store, "--name", "Hostile")
	mustCLI(t, vars, "import", "--store", store, people, iv)
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "coder", "--password-file", pw, "cod")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
	out := mustCLI(t, vars, "search", "--store", store, "--user", "cod", "--password-file", pw, "hisbah")
	if !strings.Contains(out, "[hisbah]") {
		t.Fatalf("no hit shown:\n%q", out)
	}
	if strings.ContainsAny(out, "\x1b\x07\u202E") {
		t.Fatalf("escape or override reaches the terminal:\n%q", out)
	}
}

// TestSearchRoleRules: an analyst may not filter by an identifier
// attribute, and a coder's code filter on the consensus layer searches
// only interviews whose comparison is open (blind coding), as in the
// workbench, saying how many of the study's interviews it left out.
func TestSearchRoleRules(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "roles.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, dir, "pw", "a long enough password\n")
	people := writeFile(t, dir, "people.csv", "id,gender,alias\nP-0001,woman,Umm X\nP-0002,woman,Umm Y\n")
	var ivs []string
	for _, code := range []string{"P-0001", "P-0002"} {
		ivs = append(ivs, writeFile(t, dir, "iv-"+code+".txt", code+": The hisbah came to the market.\n"))
		writeFile(t, dir, "iv-"+code+".json", `{"participant": "`+code+`"}`)
	}
	mustCLI(t, vars, "init", "--store", store, "--name", "Roles")
	mustCLI(t, vars, append([]string{"import", "--store", store, "../../demo/codebook.json", people}, ivs...)...)
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "analyst", "--password-file", pw, "ana")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "coder", "--password-file", pw, "cod")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")

	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(vars[EnvPassphrase])})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	studies, err := st.Studies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sid := studies[0].ID
	attrs, _ := st.Attributes(ctx, sid)
	for _, a := range attrs {
		if a.Slug == "alias" {
			a.Tag = ownwords.TagIdentifier
			if err := st.UpdateAttribute(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	cb, _ := st.Codebook(ctx, sid)
	var code *ownwords.Code
	for _, c := range cb.Codes {
		if c.ParentID != "" {
			code = c
			break
		}
	}
	ivList, _ := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: sid})
	owner, _ := st.UserByName(ctx, "cod")
	for _, iv := range ivList {
		full, err := st.Interview(ctx, iv.ID)
		if err != nil {
			t.Fatal(err)
		}
		start := strings.Index(full.Transcript, "The hisbah")
		if err := st.CreateSegment(ctx, &ownwords.Segment{StudyID: sid, InterviewID: iv.ID, CodeID: code.ID, CoderID: owner.ID,
			Layer: ownwords.LayerConsensus, Start: start, End: start + len("The hisbah"), TextHash: ownwords.HashText("The hisbah")}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.OpenComparison(ctx, ivList[0].ID); err != nil {
		t.Fatal(err)
	}
	st.Close()

	if code, _, errOut := cli(t, vars, "search", "--store", store, "--user", "ana", "--password-file", pw, "--where", "alias=Umm X", "hisbah"); code != 5 || !strings.Contains(errOut, "may not filter by attributes") {
		t.Errorf("analyst filtering by an identifier: exit %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, vars, "search", "--store", store, "--user", "ana", "--password-file", pw, "--by", "alias", "hisbah"); code != 2 || !strings.Contains(errOut, "category or yes/no") {
		t.Errorf("analyst's breakdown by an identifier: exit %d %s", code, errOut)
	}
	var res ownwords.SearchResult
	out := mustCLI(t, vars, "search", "--store", store, "--user", "cod", "--password-file", pw, "--format", "json", "--inside", cb.Path(code), "hisbah")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Interviews) != 1 || res.Interviews[0].InterviewID != ivList[0].ID || res.TotalHits != 1 || !strings.Contains(out, `"blind_interviews_not_searched": 1`) {
		t.Fatalf("coder's consensus-filtered search: %s", out)
	}
	if text := mustCLI(t, vars, "search", "--store", store, "--user", "cod", "--password-file", pw, "--inside", cb.Path(code), "hisbah"); !strings.Contains(text, "1 interview still in blind coding is not searched") {
		t.Errorf("coder's text output does not say what was left out:\n%s", text)
	}
	// The owner (no blind coding) finds both.
	res = ownwords.SearchResult{}
	if err := json.Unmarshal([]byte(mustCLI(t, vars, "search", "--store", store, "--user", "own", "--password-file", pw, "--format", "json", "--inside", cb.Path(code), "hisbah")), &res); err != nil || res.TotalHits != 2 {
		t.Fatalf("owner's search: %+v %v", res, err)
	}
}

// TestSearchCountsBudget: an analyst's searches beyond the study's daily
// budget of counts are refused with EFORBIDDEN's exit code, saying the
// budget and when the next is possible, and nothing of the study.
func TestSearchCountsBudget(t *testing.T) {
	_, store, vars, pw := ownerAndAnalyst(t, "Budget")
	mustCLI(t, vars, "settings", "--store", store, "--user", "own", "--password-file", pw, "--search-counts-per-day", "2")
	search := []string{"search", "--store", store, "--user", "ana", "--password-file", pw, "hunger"}
	for range 2 {
		mustCLI(t, vars, search...)
	}
	code, out, errOut := cli(t, vars, search...)
	if code != 5 || out != "" || !strings.Contains(errOut, "the 2 searches a day") || !strings.Contains(errOut, "next is possible at") ||
		strings.Contains(errOut, "hunger") {
		t.Fatalf("third search: exit %d, %q %q", code, out, errOut)
	}
	mustCLI(t, vars, "search", "--store", store, "--user", "own", "--password-file", pw, "hunger")
}

// TestSearchTranslations searches an interview held in Arabic and coded
// in English: an Arabic word is found in the original, reported as a hit
// there with the transcript's aligned turn beside it, in text and JSON.
func TestSearchTranslations(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "texts.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, dir, "pw", "a long enough password\n")
	mustCLI(t, vars, "init", "--store", store, "--name", "Translations")
	iv := writeFile(t, dir, "iv-1.txt", "Interviewer: Why?\nP-1: Friends at the market.\n")
	writeFile(t, dir, "iv-1.json", `{"participant": "P-1", "language": "en"}`)
	ar := writeFile(t, dir, "iv-1.ar.txt", "المحاور: لماذا؟\nP-1: الأصدقاء في السوق.\n")
	writeFile(t, dir, "iv-1.ar.txt.json", `{"interview": "iv-1", "language": "ar", "role": "original"}`)
	mustCLI(t, vars, "import", "--store", store, "--participant", "P-1", iv, ar)
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")

	out := mustCLI(t, vars, "search", "--store", store, "--user", "own", "--password-file", pw, "السوق")
	for _, want := range []string{"(original, ar)", "[السوق]", "aligned transcript, en 18-45: P-1: Friends at the market.", "1 hit in 1 interview"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	var res ownwords.SearchResult
	out = mustCLI(t, vars, "search", "--store", store, "--format", "json", "--user", "own", "--password-file", pw, "market")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Interviews) != 1 || len(res.Interviews[0].Hits) != 1 {
		t.Fatalf("json: %s", out)
	}
	h := res.Interviews[0].Hits[0]
	if h.Text != nil || h.Aligned == nil || h.Aligned.Role != ownwords.TextOriginal || h.Aligned.Language != "ar" || h.Aligned.Text != "P-1: الأصدقاء في السوق." {
		t.Errorf("a transcript hit's aligned original: %s", out)
	}
}
