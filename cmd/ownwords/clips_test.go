package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
	"ownwords/internal/mediatest"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// clipJSON is an entry of `clips --format json`.
type clipJSON struct {
	Participant string   `json:"participant"`
	Start       *float64 `json:"start"`
	End         *float64 `json:"end"`
	Mode        string   `json:"mode"`
	Allowed     string   `json:"allowed_by"`
	Excluded    string   `json:"excluded"`
	Attribution string   `json:"attribution"`
	Languages   []string `json:"subtitle_languages"`
}

// reelJSON is the manifest `clips --format json` prints.
type reelJSON struct {
	Clips     []clipJSON `json:"clips"`
	Included  int        `json:"included"`
	Languages []string   `json:"subtitle_languages"`
}

// TestClips goes from synthetic recordings to a reel, on both stores:
// import with timestamped transcripts (time anchors), consensus coding,
// consent through the CLI, the manifest (included and left out, and a
// withdrawal taking effect at once), a rendered reel age-encrypted to the
// custodian whose duration is the sum of the included spans, the roles
// refused, and no plaintext media on disk during or after rendering (temp
// files pointed into the swept directory).
func TestClips(t *testing.T) {
	mediatest.FFmpeg(t)
	stores := map[string]func(t *testing.T, dir string) string{
		"sqlite":   func(t *testing.T, dir string) string { return filepath.Join(dir, "c.ownwords") },
		"postgres": func(t *testing.T, _ string) string { return sqldbtest.FreshPostgresDSN(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) { testClips(t, stores[name]) })
	}
}

func testClips(t *testing.T, storeAt func(*testing.T, string) string) {
	const marker = "zorbliquaclipcanary"
	in := t.TempDir() // plaintext inputs, apart from the study
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir) // any temporary file of ffmpeg or ours lands where the sweep looks
	store := storeAt(t, dir)
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, in, "pw", "a-long-enough-password\n")
	mustCLI(t, vars, "init", "--store", store, "--name", "Clips")
	custodian, _ := age.GenerateX25519Identity()
	mustCLI(t, vars, "key", "custodian", "add", "--store", store, custodian.Recipient().String())
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
	for _, u := range []string{"coder", "analyst"} {
		mustCLI(t, vars, "user", "add", "--store", store, "--role", u, "--password-file", pw, "--user", "own", "--user-password-file", pw, u[:3])
	}
	mustCLI(t, vars, "import", "--store", store, writeFile(t, in, "people.csv", "participant,gender\nP-1,woman\nP-2,man\nP-3,woman\nP-4,man\nP-5,woman\n"))
	const passage = "We had no food at home."
	const translated = "لم يكن لدينا طعام في البيت."
	const redacted = "Abu Hamza"
	timed := "[00:00:00] Interviewer: Why did you go?\n[00:00:03] %s: " + passage + "\n[00:00:07] Interviewer: And then?\n"
	media := map[string]string{"P-1": "p1.webm", "P-2": "p2.webm", "P-3": "p3.wav", "P-4": "p4.ogg", "P-5": "p5.wav"}
	for _, p := range []string{"P-1", "P-2", "P-3", "P-4", "P-5"} {
		text := strings.ReplaceAll(timed, "%s", p)
		switch p {
		case "P-4":
			text = "Interviewer: Why did you go?\nP-4: " + passage + "\n" // no timestamps
		case "P-5": // the clip would play a redacted name said after the passage
			text = strings.Replace(text, passage, passage+" "+redacted+" fed us.", 1)
		}
		base := strings.TrimSuffix(media[p], filepath.Ext(media[p]))
		mustCLI(t, vars, "import", "--store", store, "--participant", p, "--language", "en", writeFile(t, in, base+".txt", text), mediatest.Make(t, in, media[p], 10, marker))
	}
	mediatest.SweepMust(t, in, marker)

	// The consensus coding of the passage, in each interview.
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(vars[EnvPassphrase])})
	mustDo(t, err)
	ctx := t.Context()
	study, err := resolveStudy(ctx, st, "")
	mustDo(t, err)
	section := &ownwords.Code{StudyID: study.ID, Slug: "vulnerabilities", Label: "Vulnerabilities"}
	mustDo(t, st.CreateCode(ctx, section))
	poverty := &ownwords.Code{StudyID: study.ID, ParentID: section.ID, Slug: "poverty", Label: "Poverty"}
	mustDo(t, st.CreateCode(ctx, poverty))
	coder, err := st.UserByName(ctx, "cod")
	mustDo(t, err)
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID, WithText: true})
	mustDo(t, err)
	for _, iv := range ivs {
		i := strings.Index(iv.Transcript, passage)
		start := len([]rune(iv.Transcript[:i]))
		mustDo(t, st.CreateSegment(ctx, &ownwords.Segment{StudyID: study.ID, InterviewID: iv.ID, CodeID: poverty.ID, CoderID: coder.ID,
			Layer: ownwords.LayerConsensus, Start: start, End: start + len([]rune(passage)), TextHash: ownwords.HashText(passage)}))
		if strings.Contains(iv.Transcript, "P-1:") { // P-1's interview has an Arabic translation
			mustDo(t, st.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: study.ID, InterviewID: iv.ID, Language: "ar", Role: ownwords.TextTranslation,
				Method: ownwords.MethodTranslation, Text: "Interviewer: لماذا ذهبت؟\nP-1: " + translated + "\nInterviewer: ثم ماذا؟\n"}))
		}
	}
	st.Close()

	asOwner := []string{"--store", store, "--user", "own", "--password-file", pw}
	mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-1", "--voice", "yes", "--face", "yes", "--date", "2024-02-03"}, asOwner...)...)
	mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-2", "--voice", "yes", "--face", "no"}, asOwner...)...)
	mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-3", "--face", "yes"}, asOwner...)...)
	mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-4", "--voice", "yes"}, asOwner...)...)
	mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-5", "--voice", "yes"}, asOwner...)...)
	// The redaction list, with the name in Arabic script too: without a
	// term in its script, P-1's Arabic translation could not be scanned
	// and would give no subtitles.
	mustCLI(t, vars, append([]string{"settings", "--redact-file", writeFile(t, in, "redact.txt", redacted+"\nأبو حمزة\n")}, asOwner...)...)

	manifest := func() map[string]clipJSON {
		t.Helper()
		out := mustCLI(t, vars, append([]string{"clips", "--code", "vulnerabilities/poverty", "--format", "json"}, asOwner...)...)
		if strings.Contains(out, "Hamza") || strings.Contains(out, "fed us") {
			t.Errorf("the manifest repeats the redacted term or the passage:\n%s", out)
		}
		var reel reelJSON
		if err := json.Unmarshal([]byte(out), &reel); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if strings.Join(reel.Languages, " ") != "en ar" && reel.Included > 1 {
			t.Errorf("subtitle languages %q, want en ar (the transcripts', then P-1's translation)", reel.Languages)
		}
		m := map[string]clipJSON{}
		for _, c := range reel.Clips {
			m[c.Participant] = c
		}
		return m
	}
	m := manifest()
	for p, want := range map[string][2]string{
		"P-1": {"video", ""},
		"P-2": {"audio", ""},
		"P-3": {"", "no consent recorded for voice in public material"},
		"P-4": {"", "no time anchors in the transcript"},
		"P-5": {"", "names a term of the redaction list (in the transcript of its time span)"},
	} {
		if c := m[p]; c.Mode != want[0] || c.Excluded != want[1] {
			t.Errorf("%s: mode %q excluded %q, want %q %q", p, c.Mode, c.Excluded, want[0], want[1])
		}
	}
	if l1, l2 := strings.Join(m["P-1"].Languages, " "), strings.Join(m["P-2"].Languages, " "); l1 != "en ar" || l2 != "en" {
		t.Errorf("clips' subtitle languages: P-1 %q, P-2 %q, want \"en ar\" and \"en\"", l1, l2)
	}
	if c := m["P-1"]; c.Start == nil || *c.Start != 3 || c.End == nil || *c.End != 7 || c.Allowed != "voice yes (2024-02-03), face yes (2024-02-03)" || c.Attribution != "a participant" {
		t.Errorf("P-1: %+v", c)
	}
	// Only owners make reels.
	for _, who := range []string{"cod", "ana"} {
		code, out, errOut := cli(t, vars, "clips", "--store", store, "--user", who, "--password-file", pw, "--code", "vulnerabilities/poverty", "--format", "json")
		if code == 0 || strings.Contains(out, "P-1") {
			t.Errorf("%s: exit %d\n%s%s", who, code, out, errOut)
		}
	}
	code, _, errOut := cli(t, vars, append([]string{"clips", "--code", "vulnerabilities/nothing", "--format", "json"}, asOwner...)...)
	if code == 0 || !strings.Contains(errOut, "no code vulnerabilities/nothing") {
		t.Errorf("unknown code: exit %d %s", code, errOut)
	}

	reelPath := filepath.Join(dir, "reel.mp4")
	// Sweep again and again while the reel renders: a plaintext file
	// written and removed during rendering is caught too.
	done, swept := make(chan struct{}), make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-done:
				swept <- n
				return
			default:
			}
			mediatest.Sweep(t, dir, []string{marker, passage, translated}, nil)
			n++
		}
	}()
	code, out, errOut := cli(t, vars, append([]string{"clips", "--code", "vulnerabilities/poverty", "--alter-voice", "--burn-subtitles", "--burn-language", "ar", "-o", reelPath}, asOwner...)...)
	close(done)
	if n := <-swept; n < 2 {
		t.Errorf("only %d sweeps while rendering", n)
	}
	if code != 0 {
		t.Fatalf("clips: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "a reel of 2 clips") || !strings.Contains(out, "age-encrypted") {
		t.Errorf("clips printed %q", out)
	}
	mediatest.Sweep(t, dir, []string{marker, passage, translated}, nil)
	enc, err := os.ReadFile(reelPath)
	mustDo(t, err)
	r, err := age.Decrypt(bytes.NewReader(enc), custodian)
	mustDo(t, err)
	var plain bytes.Buffer
	_, err = plain.ReadFrom(r)
	mustDo(t, err)
	if d := mediatest.Duration(t, plain.Bytes()); math.Abs(d-8) > 0.3 {
		t.Errorf("reel of %.3f s, want 8 (3..7 of P-1 and of P-2)", d)
	}
	// Two subtitle tracks: English of both clips, Arabic of P-1's alone
	// (P-2's interview has no translation).
	langs, cues := mediatest.Subtitles(t, plain.Bytes())
	if strings.Join(langs, " ") != "eng ara" || len(cues) != 2 || cues[0] != "0 "+passage+"|4 "+passage || cues[1] != "0 "+translated {
		t.Errorf("subtitles %q: %q", langs, cues)
	}
	st, err = sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(vars[EnvPassphrase])})
	mustDo(t, err)
	actions := map[string]string{}
	mustDo(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool { actions[e.Action] = e.Object; return true }))
	st.Close()
	if actions["clips.manifest"] != "vulnerabilities/poverty" || actions["export.encrypted"] != reelPath {
		t.Errorf("audit: manifest %q, export %q", actions["clips.manifest"], actions["export.encrypted"])
	}

	// A withdrawal takes effect at once.
	mustCLI(t, vars, append([]string{"consent", "set", "--participant", "P-2", "--withdraw"}, asOwner...)...)
	if c := manifest()["P-2"]; c.Mode != "" || !strings.HasPrefix(c.Excluded, "withdrew from the study") {
		t.Errorf("after withdrawal: %+v", c)
	}

	// Without a font for the burned language (no fontconfig to list
	// one), the reel keeps its soft tracks and says why.
	bin := t.TempDir()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		p, err := exec.LookPath(tool)
		mustDo(t, err)
		mustDo(t, os.Symlink(p, filepath.Join(bin, tool)))
	}
	t.Setenv("PATH", bin)
	code, out, errOut = cli(t, vars, append([]string{"clips", "--code", "vulnerabilities/poverty", "--burn-subtitles", "--burn-language", "ar", "-o", filepath.Join(dir, "soft.mp4")}, asOwner...)...)
	if code != 0 || !strings.Contains(errOut, "no installed font has the glyphs of ar") || !strings.Contains(out, "a reel of 1 clips") {
		t.Errorf("without a font: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = cli(t, vars, append([]string{"clips", "--code", "vulnerabilities/poverty", "--burn-language", "ar", "-o", filepath.Join(dir, "x.mp4")}, asOwner...)...)
	if code == 0 || !strings.Contains(errOut, "--burn-language needs --burn-subtitles") {
		t.Errorf("--burn-language alone: exit %d %s", code, errOut)
	}
}
