package media

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ownwords/clips"
	"ownwords/internal/mediatest"
)

func f(v float64) *float64 { return &v }

// probe returns the duration of the reel in b and its streams' codec
// types, read by ffprobe from a file (from a pipe it sees only the first
// fragment's duration). The reel here is made of synthetic media.
func probe(t *testing.T, b []byte) (float64, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "reel.mp4")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type", "-of", "csv=p=0", p).Output()
	if err != nil {
		t.Fatalf("ffprobe: %v", err)
	}
	var dur float64
	var kinds []string
	for _, l := range strings.Fields(string(out)) {
		if d, err := strconv.ParseFloat(l, 64); err == nil {
			dur = d
		} else {
			kinds = append(kinds, strings.Trim(l, ","))
		}
	}
	return dur, strings.Join(kinds, " ")
}

func TestRender(t *testing.T) {
	ff := mediatest.FFmpeg(t)
	dir := t.TempDir()
	files := map[string]string{
		"v": mediatest.Make(t, dir, "a.webm", 8, ""),
		"w": mediatest.Make(t, dir, "b.wav", 6, ""),
		"m": mediatest.Make(t, dir, "c.ogg", 6, ""),
	}
	open := func(_ context.Context, id string) (io.ReadCloser, error) { return os.Open(files[id]) }
	cs := []clips.Clip{
		{RecordingID: "v", Mode: clips.ModeVideo, Start: f(1), End: f(3.5), Attribution: "a foreign woman, returnee: [x]; 'y' \\ 100%", Text: "first passage\n\nsecond line"},
		{RecordingID: "w", Excluded: "no consent recorded for voice in public material", Start: f(0), End: f(4)},
		{RecordingID: "w", Mode: clips.ModeAudio, Start: f(2), End: f(4), Attribution: "a participant", Text: "audio passage"},
		{RecordingID: "m", Mode: clips.ModeAudio, Start: f(1), End: f(2.5), Text: ""},
	}
	for _, opt := range []Options{{}, {AlterVoice: true, BurnSubtitles: true}} {
		var out bytes.Buffer
		if err := Render(context.Background(), ff, cs, open, opt, &out); err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		dur, kinds := probe(t, out.Bytes())
		if want := Length(cs); want != 6 || math.Abs(dur-want) > 0.3 {
			t.Errorf("%+v: reel of %.3f s, want %.3f (Length) = 6", opt, dur, want)
		}
		if kinds != "video audio subtitle" {
			t.Errorf("%+v: streams %q", opt, kinds)
		}
	}
	// Nothing included: a clear error, no ffmpeg run.
	var out bytes.Buffer
	if err := Render(context.Background(), ff, cs[1:2], open, Options{}, &out); err == nil || !strings.Contains(err.Error(), "no passage may go into a reel") {
		t.Errorf("empty reel: %v", err)
	}
	// A recording that cannot be opened fails the reel.
	bad := func(_ context.Context, id string) (io.ReadCloser, error) {
		return os.Open(filepath.Join(dir, "missing"))
	}
	if err := Render(context.Background(), ff, cs, bad, Options{}, &out); err == nil {
		t.Errorf("a missing recording rendered")
	}
}

func TestFilterText(t *testing.T) {
	for in, want := range map[string]string{
		"a woman, 2017":  `a woman\, 2017`,
		"x:y":            `x\\:y`,
		"it's":           `it\\\'s`,
		`a\b`:            `a\\\\b`,
		"[a];b":          `\[a\]\;b`,
		"":               "a participant",
		"line\nbreak\t.": "line break .",
	} {
		if got := filterText(in); got != want {
			t.Errorf("filterText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCues(t *testing.T) {
	long := strings.Repeat("word ", 40) // 200 runes: 5 lines of 39
	tests := []struct {
		text     string
		n        int
		from, to float64
	}{
		{"", 1, 2, 5},
		{"short passage", 1, 0, 3},
		{long, 3, 10, 20},
	}
	for _, tt := range tests {
		cs := cues(tt.text, tt.from, tt.to)
		if len(cs) != tt.n {
			t.Fatalf("%q: %d cues, want %d", tt.text, len(cs), tt.n)
		}
		if cs[0].from != tt.from || cs[len(cs)-1].to != tt.to {
			t.Errorf("%q: cues run %v..%v, want %v..%v", tt.text, cs[0].from, cs[len(cs)-1].to, tt.from, tt.to)
		}
		for i, q := range cs {
			if len(q.lines) == 0 || len(q.lines) > 2 || q.to <= q.from || (i > 0 && q.from != cs[i-1].to) {
				t.Errorf("%q: cue %d %+v", tt.text, i, q)
			}
			for _, l := range q.lines {
				if len([]rune(l)) > lineRunes {
					t.Errorf("line %q longer than %d", l, lineRunes)
				}
			}
		}
	}
}

// TestRenderLanguages renders a reel with an English and an Arabic
// subtitle track (the Arabic burned in with libass): two mov_text streams
// tagged eng and ara, each holding its language's cues at the reel's
// times, and a clip without an Arabic text showing nothing in that track.
func TestRenderLanguages(t *testing.T) {
	ff := mediatest.FFmpeg(t)
	dir := t.TempDir()
	files := map[string]string{"v": mediatest.Make(t, dir, "a.webm", 8, ""), "w": mediatest.Make(t, dir, "b.wav", 6, "")}
	open := func(_ context.Context, id string) (io.ReadCloser, error) { return os.Open(files[id]) }
	cs := []clips.Clip{
		{RecordingID: "v", Mode: clips.ModeVideo, Start: f(1), End: f(5), Subtitles: []clips.Subtitle{
			{Language: "en", Cues: []clips.Cue{{From: 1, To: f(3), Text: "We had no food at home."}, {From: 3, To: f(5), Text: "My father was ill."}}},
			{Language: "ar", Cues: []clips.Cue{{From: 1, To: f(3), Text: "لم يكن لدينا طعام في البيت."}, {From: 3, To: f(5), Text: "كان أبي مريضا."}}},
		}},
		{RecordingID: "w", Mode: clips.ModeAudio, Start: f(2), End: f(4), Subtitles: []clips.Subtitle{
			{Language: "en", Cues: []clips.Cue{{From: 0, Text: "We left."}}}, // from before the clip, to its end
		}},
	}
	font, ok := Font(context.Background(), "ar")
	if !ok {
		t.Logf("no font with Arabic glyphs (fc-list :lang=ar): soft subtitles only")
	}
	var strips [2][2][]byte // per render: the bottom and the top of the picture at 1 s
	for r, opt := range []Options{{Languages: []string{"en", "ar"}}, {Languages: []string{"en", "ar"}, BurnSubtitles: ok, BurnLanguage: "ar", Font: font}} {
		var out bytes.Buffer
		if err := Render(context.Background(), ff, cs, open, opt, &out); err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		strips[r] = [2][]byte{strip(t, ff, out.Bytes(), 290), strip(t, ff, out.Bytes(), 0)}
		langs, texts := mediatest.Subtitles(t, out.Bytes())
		if strings.Join(langs, " ") != "eng ara" {
			t.Fatalf("%+v: subtitle languages %q, want eng ara", opt, langs)
		}
		for i, want := range []string{
			"0 We had no food at home.|2 My father was ill.|4 We left.",
			"0 لم يكن لدينا طعام في البيت.|2 كان أبي مريضا.",
		} {
			if got := texts[i]; got != want {
				t.Errorf("%+v: %s track %q, want %q", opt, langs[i], got, want)
			}
		}
	}
	// Burned in, the Arabic cue changes the bottom of the picture (its
	// box and letters), not the top.
	if ok {
		if n := differ(strips[0][0], strips[1][0]); n < 500 {
			t.Errorf("burned subtitles changed %d pixels of the picture's bottom", n)
		}
		if n := differ(strips[0][1], strips[1][1]); n > 100 {
			t.Errorf("burned subtitles changed %d pixels of the picture's top", n)
		}
	}
	if err := Render(context.Background(), ff, cs, open, Options{Languages: []string{"en"}, BurnSubtitles: true, BurnLanguage: "fr"}, io.Discard); err == nil || !strings.Contains(err.Error(), "none of the reel's subtitle languages") {
		t.Errorf("burning a language without a track: %v", err)
	}
}

func TestISO639(t *testing.T) {
	for in, want := range map[string]string{"ar": "ara", "en-GB": "eng", "fr": "fra", "ar-SY": "ara", "und": "und", "": "und", "x!": "und", "fa": "fas"} {
		if got := ISO639(in); got != want {
			t.Errorf("ISO639(%q) = %q, want %q", in, got, want)
		}
	}
}

// strip returns the grey pixels of the 70 rows from y of the reel's frame
// at 1 s, decoded from a pipe.
func strip(t *testing.T, ff string, reel []byte, y int) []byte {
	t.Helper()
	cmd := exec.Command(ff, "-v", "error", "-i", "pipe:0", "-ss", "1", "-frames:v", "1", "-vf", "crop=640:70:0:"+strconv.Itoa(y)+",format=gray", "-f", "rawvideo", "-")
	cmd.Stdin = bytes.NewReader(reel)
	out, err := cmd.Output()
	if err != nil || len(out) != 640*70 {
		t.Fatalf("a frame of the reel: %v (%d bytes)", err, len(out))
	}
	return out
}

// differ counts the pixels of a and b more than 48 grey levels apart.
func differ(a, b []byte) int {
	n := 0
	for i := range a {
		if d := int(a[i]) - int(b[i]); d > 48 || d < -48 {
			n++
		}
	}
	return n
}

// TestFont: a font for Arabic where fontconfig lists one (DejaVu Sans in
// fonts-dejavu-core covers it), none for a script no installed font has
// (Burmese, as Debian's base fonts go), and none without fontconfig.
func TestFont(t *testing.T) {
	if _, err := exec.LookPath("fc-list"); err != nil {
		if os.Getenv("OWNWORDS_REQUIRE_SUITES") == "1" {
			t.Fatal("fc-list (fontconfig) missing")
		}
		t.Skip("fc-list (fontconfig) missing")
	}
	for lang, want := range map[string]bool{"ar": true, "en-GB": true, "my": false} {
		has, _ := exec.Command("fc-list", ":lang="+strings.Split(lang, "-")[0], "family").Output()
		f, ok := Font(t.Context(), lang)
		if ok != (len(strings.TrimSpace(string(has))) > 0) || (ok && f == "") {
			t.Errorf("Font(%s) = %q %v, fc-list says %q", lang, f, ok, has)
		}
		if ok != want {
			t.Logf("Font(%s): %v on this machine, %v on the CI's", lang, ok, want)
		}
	}
	t.Setenv("PATH", t.TempDir())
	if f, ok := Font(t.Context(), "ar"); ok {
		t.Errorf("without fontconfig: %q", f)
	}
}

// TestRenderSourceMetadata: a recording's container metadata (its title,
// comments, stream titles, chapters and their names) stays out of the
// reel; only the subtitle tracks' languages are tagged.
func TestRenderSourceMetadata(t *testing.T) {
	ff := mediatest.FFmpeg(t)
	dir := t.TempDir()
	src := mediatest.Make(t, dir, "a.webm", 8, "")
	meta := filepath.Join(dir, "meta.txt")
	if err := os.WriteFile(meta, []byte(";FFMETADATA1\ntitle=Marker Title\ncomment=Marker Comment\n"+
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=3000\ntitle=Marker Chapter\n"+
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=3000\nEND=8000\ntitle=Marker Chapter Two\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, "Marker-Name.mkv")
	if out, err := exec.Command(ff, "-v", "error", "-i", src, "-i", meta, "-map", "0", "-map_metadata", "1", "-map_chapters", "1",
		"-metadata:s:v", "title=Marker Stream", "-c", "copy", rec).CombinedOutput(); err != nil {
		t.Fatalf("making the recording: %v\n%s", err, out)
	}
	open := func(context.Context, string) (io.ReadCloser, error) { return os.Open(rec) }
	cs := []clips.Clip{
		{RecordingID: "r", Mode: clips.ModeVideo, Start: f(1), End: f(5), Attribution: "a participant", Text: "a passage"},
		{RecordingID: "r", Mode: clips.ModeAudio, Start: f(4), End: f(6), Attribution: "a participant", Text: "another"},
	}
	var out bytes.Buffer
	if err := Render(context.Background(), ff, cs, open, Options{Languages: []string{"en"}}, &out); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out.Bytes(), []byte("Marker")) {
		t.Errorf("the reel holds the recording's metadata")
	}
	p := filepath.Join(dir, "reel.mp4")
	if err := os.WriteFile(p, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := exec.Command("ffprobe", "-v", "error", "-show_chapters", "-show_entries", "stream=codec_type", "-of", "csv=p=0", p).Output()
	if err != nil {
		t.Fatalf("ffprobe: %v", err)
	}
	if kinds := strings.Join(strings.Fields(string(got)), " "); kinds != "video audio subtitle" {
		t.Errorf("the reel's chapters and streams: %q, want the video, audio and one subtitle stream, no chapter", kinds)
	}
}

// TestRenderNoReport: ffmpeg writes a report of its run (the recordings'
// metadata, at debug level) to a file when FFREPORT is set; a reel's run
// writes none, whatever the caller's environment.
func TestRenderNoReport(t *testing.T) {
	ff := mediatest.FFmpeg(t)
	dir := t.TempDir()
	src := mediatest.Make(t, dir, "a.wav", 3, "")
	report := filepath.Join(dir, "ffreport.log")
	t.Setenv("FFREPORT", "file="+report)
	open := func(context.Context, string) (io.ReadCloser, error) { return os.Open(src) }
	cs := []clips.Clip{{RecordingID: "r", Mode: clips.ModeAudio, Start: f(0), End: f(2), Attribution: "a participant", Text: "a passage"}}
	var out bytes.Buffer
	if err := Render(context.Background(), ff, cs, open, Options{}, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(report); !os.IsNotExist(err) {
		t.Errorf("ffmpeg wrote a report of the reel's run to disk (%v)", err)
	}
}
