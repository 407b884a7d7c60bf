package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"ownwords/internal/mediatest"
)

// TestDemoClips builds the demo with its synthetic recordings (espeak-ng
// speaking each transcript's language, ffmpeg) and reads the clips
// manifest the demo prints the command of: the demo's redaction list
// leaves out the two passages whose recording spans a planted name,
// without repeating it, and the clip of the Arabic interview carries
// subtitles in Arabic and in its English translation, that of an
// interpreted English one in English and in its Arabic original.
func TestDemoClips(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo study")
	}
	mediatest.FFmpeg(t)
	mediatest.ESpeak(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "demo.ownwords")
	vars := map[string]string{EnvPassphrase: demoPassphrase}
	out := mustCLI(t, vars, "demo", "--store", store, "--no-serve")
	const want = "ownwords clips --store " // the command the demo prints
	if !strings.Contains(out, "Recorded 10 interviews") || !strings.Contains(out, want) || !strings.Contains(out, "--code vulnerabilities/poverty --format json") {
		t.Fatalf("the demo made no recordings or printed no clips command:\n%s", out)
	}
	pw := writeFile(t, dir, "owner.pw", "owner-demo-password")
	js := mustCLI(t, vars, "clips", "--store", store, "--user", "owner", "--password-file", pw, "--code", "vulnerabilities/poverty", "--format", "json")
	for _, term := range []string{"Faltuq", "Zarnouqa"} {
		if strings.Contains(js, term) {
			t.Errorf("the manifest repeats the redacted %q", term)
		}
	}
	var reel reelJSON
	if err := json.Unmarshal([]byte(js), &reel); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	got := map[string]string{}
	for _, c := range reel.Clips {
		switch {
		case c.Mode != "":
			got[c.Participant] = strings.Join(c.Languages, " ")
		case strings.Contains(c.Excluded, "redaction list"):
			got[c.Participant] = c.Excluded
		}
	}
	named := "names a term of the redaction list (in the transcript of its time span)"
	for p, w := range map[string]string{"P-0018": named, "P-0035": named, "P-0033": "ar en", "P-0042": "ar en", "P-0050": "en"} {
		if got[p] != w {
			t.Errorf("%s: %q, want %q", p, got[p], w)
		}
	}
	if reel.Included != 5 || strings.Join(reel.Languages, " ") != "ar en" {
		t.Errorf("%d clips included, subtitle languages %q: %v", reel.Included, reel.Languages, got)
	}
}
