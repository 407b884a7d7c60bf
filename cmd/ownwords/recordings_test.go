package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords/internal/mediatest"
	"ownwords/sqldb"
)

// recordingRowJSON is a row of `recordings list --format json`.
type recordingRowJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Interview string `json:"interview"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
}

// TestImportRecordings imports recordings linked by base name and by
// sidecar, refuses a mismatched type, an oversized file and a recording
// of no interview (the whole import then lands nothing), lists and shows
// them for a coder and refuses an analyst.
func TestImportRecordings(t *testing.T) {
	in := t.TempDir() // the inputs (plaintext media), apart from the study
	dir := t.TempDir()
	store := filepath.Join(dir, "study.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, dir, "pw", "a long enough password\n")
	mustCLI(t, vars, "init", "--store", store, "--name", "Recordings")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "coder", "--password-file", pw, "cod")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "analyst", "--password-file", pw, "ana")
	iv1 := writeFile(t, in, "iv-1.txt", "Interviewer: Why?\nP-1: Friends.\n")
	iv2 := writeFile(t, in, "iv-2.txt", "Interviewer: When?\nP-1: Later.\n")
	wav := mediatest.Make(t, in, "iv-1.wav", 2, "")
	webm := mediatest.Make(t, in, "visit.webm", 1, "")
	writeFile(t, in, "visit.webm.json", `{"interview": "iv-2"}`)
	orphan := mediatest.Make(t, in, "nobody.mp3", 1, "")
	wavBytes, _ := os.ReadFile(wav)
	fake := writeFile(t, in, "fake.mp4", string(wavBytes))

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"Mismatch", []string{iv1, fake}, "fake.mp4: the content is WAV"},
		{"Oversize", []string{"--max-recording-size", "1KiB", iv1, wav}, "KiB is larger than the limit of 1.0 KiB for a recording"},
		{"NoInterview", []string{iv1, orphan}, `nobody.mp3: no interview titled "nobody"`},
		{"BadSize", []string{"--max-recording-size", "lots", iv1}, "is not a size"},
	} {
		code, out, errOut := cli(t, vars, append([]string{"import", "--store", store, "--participant", "P-1"}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Fatalf("%s: exit %d\n%s%s\nwant an error with %q", c.name, code, out, errOut, c.want)
		}
	}
	// Nothing landed: the failed imports held iv-1's transcript too.
	if out := mustCLI(t, vars, "search", "--store", store, "--user", "cod", "--password-file", pw, "Friends"); strings.Contains(out, "iv-1") {
		t.Fatalf("a failed import left its transcript:\n%s", out)
	}
	out := mustCLI(t, vars, "import", "--store", store, "--participant", "P-1", iv1, iv2, wav, webm)
	if !strings.Contains(out, "recording: iv-1.wav (audio/wav") || !strings.Contains(out, "recording: visit.webm (video/webm") {
		t.Fatalf("import output:\n%s", out)
	}
	var rows []recordingRowJSON
	list := mustCLI(t, vars, "recordings", "list", "--store", store, "--user", "cod", "--password-file", pw, "--format", "json")
	if err := json.Unmarshal([]byte(list), &rows); err != nil {
		t.Fatalf("%v\n%s", err, list)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Name] = r.Interview
	}
	if len(rows) != 2 || got["iv-1.wav"] != "iv-1" || got["visit.webm"] != "iv-2" {
		t.Fatalf("recordings %+v", rows)
	}
	show := mustCLI(t, vars, "recordings", "show", "--store", store, "--user", "cod", "--password-file", pw, rows[0].ID)
	if !strings.Contains(show, rows[0].SHA256) || !strings.Contains(show, rows[0].Name) {
		t.Fatalf("show:\n%s", show)
	}
	for _, args := range [][]string{
		{"recordings", "list", "--store", store, "--user", "ana", "--password-file", pw},
		{"recordings", "list", "--store", store},
		{"recordings", "show", "--store", store, "--user", "ana", "--password-file", pw, rows[0].ID},
	} {
		if code, out, errOut := cli(t, vars, args...); code == 0 || strings.Contains(out, "iv-1.wav") {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	// The bytes stored are the file's.
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(vars[EnvPassphrase])})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.OpenRecording(t.Context(), got2id(rows, "iv-1.wav"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil || !bytes.Equal(buf.Bytes(), wavBytes) {
		t.Fatalf("stored bytes differ (%v)", err)
	}
	r.Close()
}

func got2id(rows []recordingRowJSON, name string) string {
	for _, r := range rows {
		if r.Name == name {
			return r.ID
		}
	}
	return ""
}

// TestCanaryMediaSweep extends the canary sweep to recordings: after
// importing one of every container format (each with a marker in its
// metadata), listing them, rotating the key and taking a backup, no
// container signature and no marker is anywhere in the study's directory,
// its media directory included.
func TestCanaryMediaSweep(t *testing.T) {
	const marker = "quorblaxmediacanary"
	in := t.TempDir()
	dir := t.TempDir()
	store := filepath.Join(dir, "study.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, dir, "pw", "a long enough password\n")
	mustCLI(t, vars, "init", "--store", store, "--name", "Canary media")
	mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
	args := []string{"import", "--store", store, "--participant", "P-1"}
	for i, ext := range []string{".wav", ".mp3", ".m4a", ".ogg", ".opus", ".webm", ".mp4", ".mov"} {
		name := "iv-" + string(rune('a'+i))
		args = append(args, writeFile(t, in, name+".txt", "Interviewer: Why?\nP-1: Because.\n"), mediatest.Make(t, in, name+ext, 1, marker))
	}
	// The inputs do hold what the sweep looks for, or it proves nothing.
	mediatest.SweepMust(t, in, marker)
	mustCLI(t, vars, args...)
	// The recordings are sealed files in the media directory beside the
	// study (which the sweeps walk), one per recording.
	if files, err := os.ReadDir(sqldb.MediaDir(store)); err != nil || len(files) != 8 {
		t.Fatalf("media directory: %d files (%v), want 8", len(files), err)
	}
	mediatest.Sweep(t, dir, []string{marker}, nil)
	mustCLI(t, vars, "recordings", "list", "--store", store, "--user", "own", "--password-file", pw)
	mustCLI(t, vars, "key", "rotate", "--store", store)
	mediatest.Sweep(t, dir, []string{marker}, nil)
	mustCLI(t, vars, "backup", "--store", store, "-o", filepath.Join(dir, "study.backup"))
	mediatest.Sweep(t, dir, []string{marker}, nil)
	list := mustCLI(t, vars, "recordings", "list", "--store", store, "--user", "own", "--password-file", pw, "--format", "json")
	var rows []recordingRowJSON
	if err := json.Unmarshal([]byte(list), &rows); err != nil || len(rows) != 8 {
		t.Fatalf("after rotation: %v\n%s", err, list)
	}
}
