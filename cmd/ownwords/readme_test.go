package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ownwords/demo"
)

// firstHourMarker opens README's first-hour block: "```sh first-hour".
const firstHourMarker = "```sh first-hour"

// TestReadmeFirstHour runs README's "First hour" block as a new user
// would, in an empty directory — demo, export, decrypt — and opens what it
// wrote: the workbook's data sheet has the analysis sample, categories as
// their labels and dates as date cells; the CSV has the codes its
// dictionary labels. Every line of the block must be one the test can run
// (a command, or an export of a variable), so the README cannot grow a
// step nobody checks. The one thing the test does for the user is type
// an account's password at the prompt: it gives the password `demo`
// printed as a password file.
func TestReadmeFirstHour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo study")
	}
	lines := firstHourLines(t, filepath.Join("..", "..", "README.md"))
	t.Chdir(t.TempDir())
	vars := map[string]string{}
	passwords := map[string]string{}
	var decrypted []string
	for _, l := range lines {
		words, err := shellWords(l.text)
		if err != nil {
			t.Fatalf("README.md:%d: %v", l.no, err)
		}
		switch {
		case len(words) == 0:
			continue
		case len(words) == 2 && words[0] == "export" && strings.Contains(words[1], "="):
			name, value, _ := strings.Cut(words[1], "=")
			vars[name] = value
			continue
		case len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/ownwords":
			words = words[3:]
		case words[0] == "ownwords":
			words = words[1:]
		default:
			t.Fatalf("README.md:%d: %q is not an ownwords command or a variable export: the test cannot check it", l.no, l.text)
		}
		if i := slices.Index(words, "--user"); i >= 0 && i+1 < len(words) && !slices.Contains(words, "--password-file") {
			pw, ok := passwords[words[i+1]]
			if !ok {
				t.Fatalf("README.md:%d: no password for %s was printed before", l.no, words[i+1])
			}
			words = append(words, "--password-file", writeFile(t, ".", words[i+1]+".pw", pw))
		}
		code, out, errOut := cli(t, vars, words...)
		if code != 0 {
			t.Fatalf("README.md:%d: %s: exit %d\n%s%s", l.no, l.text, code, out, errOut)
		}
		if words[0] == "demo" {
			for _, m := range printedPassword.FindAllStringSubmatch(out, -1) {
				passwords[m[1]] = m[2]
			}
		}
		if i := slices.Index(words, "-o"); words[0] == "decrypt" && i >= 0 {
			decrypted = append(decrypted, words[i+1])
		}
	}
	var book, data, dict string
	for _, p := range decrypted {
		switch {
		case strings.HasSuffix(p, ".xlsx"):
			book = p
		case strings.HasSuffix(p, ".dictionary.csv"):
			dict = p
		case strings.HasSuffix(p, ".csv"):
			data = p
		}
	}
	if book == "" || data == "" || dict == "" {
		t.Fatalf("the first hour decrypts %q: want a workbook, a CSV and its dictionary", decrypted)
	}
	checkFirstHourBook(t, book)
	checkFirstHourCSV(t, data, dict)
}

// printedPassword matches an account line of the demo's output.
var printedPassword = regexp.MustCompile(`(?m)^  (\S+) +\S+ +password "([^"]+)"$`)

// checkFirstHourBook opens the decrypted workbook: one row per participant
// of the sample, gender as labels, interview dates as date cells.
func checkFirstHourBook(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows("data")
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) != demo.SampleSize+1 {
		t.Fatalf("%s: %d rows, want the header and %d participants", path, len(rows), demo.SampleSize)
	}
	header := rows[0]
	col := func(name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("%s: no column %s in %q", path, name, header)
		}
		return i
	}
	id, gender, date := col("participant"), col("gender"), col("interview_date")
	codes, genders := map[string]bool{}, map[string]int{}
	for _, r := range rows[1:] {
		codes[r[id]] = true
		genders[r[gender]]++
	}
	if len(codes) != demo.SampleSize || !regexp.MustCompile(`^P-\d{4}$`).MatchString(rows[1][id]) {
		t.Fatalf("%s: %d distinct participant codes (first %q)", path, len(codes), rows[1][id])
	}
	if len(genders) != 2 || genders["man"] == 0 || genders["woman"] == 0 {
		t.Fatalf("%s: gender cells %v, want the labels man and woman", path, genders)
	}
	cell, _ := excelize.CoordinatesToCellName(date+1, 2)
	raw, _ := f.GetCellValue("data", cell, excelize.Options{RawCellValue: true})
	if shown := rows[1][date]; raw == shown || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(shown) {
		t.Fatalf("%s %s: shows %q, holds %q: want a date cell", path, cell, shown, raw)
	}
}

// checkFirstHourCSV opens the decrypted CSV and its dictionary: gender as
// numeric codes, labelled in the dictionary.
func checkFirstHourCSV(t *testing.T, dataPath, dictPath string) {
	t.Helper()
	data, dict := readCSVFile(t, dataPath), readCSVFile(t, dictPath)
	if len(data) != demo.SampleSize+1 {
		t.Fatalf("%s: %d rows", dataPath, len(data))
	}
	gender := slices.Index(data[0], "gender")
	if gender < 0 || !slices.Contains([]string{"1", "2"}, data[1][gender]) {
		t.Fatalf("%s: gender column %d, first cell %q: want a numeric code", dataPath, gender, data[1][gender])
	}
	i := slices.IndexFunc(dict, func(r []string) bool { return r[0] == "gender" })
	values := slices.Index(dict[0], "values")
	if i < 0 || values < 0 || !strings.Contains(dict[i][values], "=man") || !strings.Contains(dict[i][values], "=woman") {
		t.Fatalf("%s: no value labels for gender", dictPath)
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %d rows, %v", path, len(rows), err)
	}
	return rows
}

// readmeLine is a line of README.md and its number.
type readmeLine struct {
	no   int
	text string
}

// firstHourLines returns the lines of README's first-hour block.
func firstHourLines(t *testing.T, path string) []readmeLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []readmeLine
	in := false
	sc := bufio.NewScanner(f)
	for no := 1; sc.Scan(); no++ {
		switch line := sc.Text(); {
		case line == firstHourMarker:
			if in || out != nil {
				t.Fatalf("%s:%d: a second first-hour block", path, no)
			}
			in = true
		case in && strings.HasPrefix(line, "```"):
			in = false
		case in:
			out = append(out, readmeLine{no, line})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 || in {
		t.Fatalf("%s: no closed block opened by %q", path, firstHourMarker)
	}
	return out
}

// shellWords splits a line of a POSIX shell script into words: blanks
// separate them, single and double quotes group (no expansions inside
// double quotes are supported: the test refuses $ and `), and # starts a
// comment.
func shellWords(line string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
		case c == '#' && !inWord:
			return words, nil
		case c == '$' || c == '`' || c == '\\' || c == '|' || c == ';' || c == '&' || c == '<' || c == '>':
			return nil, fmt.Errorf("%q: the test runs no shell, and %q needs one", line, c)
		case c == '\'' || c == '"':
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("%q: unclosed quote", line)
			}
			if c == '"' && strings.ContainsAny(line[i+1:i+1+end], "$`\\") {
				return nil, fmt.Errorf("%q: the test runs no shell, and a double-quoted $, ` or \\ needs one", line)
			}
			w.WriteString(line[i+1 : i+1+end])
			i += end + 1
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		line string
		want []string
		err  bool
	}{
		{"go run ./cmd/ownwords demo --no-serve", []string{"go", "run", "./cmd/ownwords", "demo", "--no-serve"}, false},
		{"export OWNWORDS_PASSPHRASE='a b - c'", []string{"export", "OWNWORDS_PASSPHRASE=a b - c"}, false},
		{`ownwords x "two words"  # a comment`, []string{"ownwords", "x", "two words"}, false},
		{"a#b", []string{"a#b"}, false},
		{"   ", nil, false},
		{"ownwords x > out", nil, true},
		{`echo "$HOME"`, nil, true},
		{"echo $HOME", nil, true},
		{"echo 'open", nil, true},
	}
	for _, tt := range tests {
		got, err := shellWords(tt.line)
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("shellWords(%q) = %q, %v", tt.line, got, err)
		}
	}
}

// TestDictionaryPath: a CSV export's dictionary sits beside it under a
// name that says what it is, encrypted or not.
func TestDictionaryPath(t *testing.T) {
	for out, want := range map[string]string{
		"demo.csv":           "demo.dictionary.csv",
		"demo":               "demo.dictionary.csv",
		"demo.csv.age":       "demo.dictionary.csv.age",
		"dir/demo.age":       "dir/demo.dictionary.csv.age",
		"x.csv.age.csv":      "x.csv.age.dictionary.csv",
		"/tmp/a.b/study.csv": "/tmp/a.b/study.dictionary.csv",
	} {
		if got := dictionaryPath(out); got != want {
			t.Errorf("dictionaryPath(%q) = %q, want %q", out, got, want)
		}
	}
}
