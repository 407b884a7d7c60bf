package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestRecordingsCheck checks a study's two recordings after damaging
// one's file in each way a disk or a hand can (and leaving a file no
// recording names), on a study file and on PostgreSQL: damage exits
// non-zero naming the recording, its interview and its file; an unknown
// file is listed and left; a coder is refused.
func TestRecordingsCheck(t *testing.T) {
	for _, c := range []struct {
		name     string
		postgres bool
		// damage damages the file of the second recording (a study
		// file's) and returns what the output must then say.
		damage func(t *testing.T, file string) string
		failed bool
	}{
		{"Whole", false, nil, false},
		{"FileMissing", false, func(t *testing.T, file string) string {
			mustDo(t, os.Remove(file))
			return "is missing"
		}, true},
		{"Truncated", false, func(t *testing.T, file string) string {
			mustDo(t, os.Truncate(file, 100))
			return "holds 100 bytes"
		}, true},
		{"Flipped", false, func(t *testing.T, file string) string {
			b, err := os.ReadFile(file)
			mustDo(t, err)
			b[len(b)/2] ^= 1
			mustDo(t, os.WriteFile(file, b, 0o600))
			return "fails authentication"
		}, true},
		{"UnknownFile", false, func(t *testing.T, file string) string {
			name := strings.Repeat("ab", 16)
			mustDo(t, os.WriteFile(filepath.Join(filepath.Dir(file), name), []byte("x"), 0o600))
			return "unknown  study.ownwords.media/" + name
		}, false},
		{"Postgres", true, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			store := filepath.Join(dir, "study.ownwords")
			if c.postgres {
				store = sqldbtest.FreshPostgresDSN(t)
			}
			vars := map[string]string{EnvPassphrase: "correct horse battery"}
			pw := writeFile(t, dir, "pw", "a long enough password\n")
			mustCLI(t, vars, "init", "--store", store, "--name", "Check")
			mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
			mustCLI(t, vars, "user", "add", "--store", store, "--role", "coder", "--password-file", pw, "--user", "own", "--user-password-file", pw, "cod")
			mustCLI(t, vars, "import", "--store", store, "--participant", "P-1", writeFile(t, dir, "iv-1.txt", "Interviewer: Why?\nP-1: Friends.\n"))
			file := putCheckRecordings(t, store, vars[EnvPassphrase])
			want := "2 recordings checked, 0 damaged; 0 unknown files"
			if c.damage != nil {
				want = c.damage(t, file)
			}
			args := []string{"recordings", "check", "--store", store, "--user", "own", "--password-file", pw}
			code, out, errOut := cli(t, vars, args...)
			if (code != 0) != c.failed || !strings.Contains(out+errOut, want) {
				t.Fatalf("exit %d\n%s%s\nwant failed %v, with %q", code, out, errOut, c.failed, want)
			}
			if c.failed {
				for _, w := range []string{"1 of 2 recordings are damaged", "recording b.wav", `interview "iv-1"`, "file study.ownwords.media/" + filepath.Base(file)} {
					if !strings.Contains(errOut, w) {
						t.Errorf("the error %q does not say %q", errOut, w)
					}
				}
				if strings.Contains(out+errOut, dir) {
					t.Errorf("the output names the study's directory %s", dir)
				}
			}
			if c.name == "UnknownFile" && !anyFile(filepath.Join(filepath.Dir(file), strings.Repeat("ab", 16))) {
				t.Error("the unknown file was removed")
			}
			code, js, _ := cli(t, vars, append(args, "--format", "json")...)
			var res struct {
				Recordings []struct{ Name, File, Damage string }
				Damaged    int
				Unknown    []string `json:"unknown_files"`
			}
			if err := json.Unmarshal([]byte(js), &res); err != nil || (code != 0) != c.failed || len(res.Recordings) != 2 || (res.Damaged == 1) != c.failed || (res.Recordings[0].File == "") != c.postgres {
				t.Errorf("--format json: exit %d, %v\n%s", code, err, js)
			}
			if code, _, _ := cli(t, vars, "recordings", "check", "--store", store, "--user", "cod", "--password-file", pw); code == 0 {
				t.Error("a coder checked the recordings")
			}
		})
	}
}

// putCheckRecordings stores two recordings, a.wav and b.wav, in the
// study's one interview and returns b.wav's file ("" on PostgreSQL).
func putCheckRecordings(t *testing.T, store, pass string) string {
	t.Helper()
	db, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(pass)})
	mustDo(t, err)
	defer db.Close()
	studies, err := db.Studies(t.Context())
	mustDo(t, err)
	ivs, err := db.Interviews(t.Context(), ownwords.InterviewFilter{StudyID: studies[0].ID})
	mustDo(t, err)
	data := bytes.Repeat([]byte("RIFF....WAVE"), 200000)
	var before []string
	for _, name := range []string{"a.wav", "b.wav"} {
		if !sqldb.IsPostgres(store) {
			entries, _ := os.ReadDir(sqldb.MediaDir(store))
			before = before[:0]
			for _, e := range entries {
				before = append(before, e.Name())
			}
		}
		rec := &ownwords.Recording{StudyID: studies[0].ID, InterviewID: ivs[0].ID, Name: name, MediaType: "audio/wav", Size: int64(len(data))}
		mustDo(t, db.PutRecording(t.Context(), rec, bytes.NewReader(data)))
	}
	if sqldb.IsPostgres(store) {
		return ""
	}
	entries, err := os.ReadDir(sqldb.MediaDir(store))
	mustDo(t, err)
	for _, e := range entries {
		if !strings.Contains(strings.Join(before, " "), e.Name()) {
			return filepath.Join(sqldb.MediaDir(store), e.Name())
		}
	}
	t.Fatal("no file for b.wav")
	return ""
}

// anyFile reports whether path exists.
func anyFile(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
