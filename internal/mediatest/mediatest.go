// Package mediatest makes small synthetic recordings for tests with
// Debian's ffmpeg, and skips the test (saying why) when it is absent.
package mediatest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// envRequire is sqldbtest.EnvRequire: with it set to 1 (CI), a media test
// without ffmpeg fails instead of skipping.
const envRequire = "OWNWORDS_REQUIRE_SUITES"

// FFmpeg returns the path of ffmpeg, or skips tb with the reason (fails it
// when the suites are required).
func FFmpeg(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("ffmpeg")
	if err != nil {
		if os.Getenv(envRequire) == "1" {
			tb.Fatalf("media tests required (%s=1) but ffmpeg is not installed (apt-get install ffmpeg)", envRequire)
		}
		tb.Skip("ffmpeg is not installed (apt-get install ffmpeg): media tests skipped")
	}
	return p
}

// ESpeak returns the path of espeak-ng (the demo's synthetic voices), or
// skips tb with the reason (fails it when the suites are required).
func ESpeak(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("espeak-ng")
	if err != nil {
		if os.Getenv(envRequire) == "1" {
			tb.Fatalf("media tests required (%s=1) but espeak-ng is not installed (apt-get install espeak-ng)", envRequire)
		}
		tb.Skip("espeak-ng is not installed (apt-get install espeak-ng): speech tests skipped")
	}
	return p
}

// codecs are the ffmpeg arguments for each extension: a sine tone, with a
// test picture for the video containers.
var codecs = map[string][]string{
	".wav":  {"-c:a", "pcm_s16le"},
	".mp3":  {"-c:a", "libmp3lame", "-b:a", "32k"},
	".m4a":  {"-c:a", "aac", "-b:a", "32k"},
	".ogg":  {"-c:a", "libvorbis"},
	".opus": {"-c:a", "libopus", "-b:a", "16k"},
	".webm": {"-c:v", "libvpx", "-b:v", "50k", "-c:a", "libvorbis"},
	".mp4":  {"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k"},
	".mov":  {"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k"},
}

// IsVideo reports whether ext is made with a picture.
func IsVideo(ext string) bool { return ext == ".webm" || ext == ".mp4" || ext == ".mov" }

// Make writes dir/name, a recording of seconds seconds in the format its
// extension names, with title as its metadata title (a marker a disk
// sweep can look for), and returns its path.
func Make(tb testing.TB, dir, name string, seconds int, title string) string {
	tb.Helper()
	ff := FFmpeg(tb)
	ext := strings.ToLower(filepath.Ext(name))
	c, ok := codecs[ext]
	if !ok {
		tb.Fatalf("mediatest: no recipe for %s", ext)
	}
	dur := strconv.Itoa(max(seconds, 1))
	args := []string{"-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=" + dur}
	if IsVideo(ext) {
		args = append(args, "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration="+dur)
	}
	out := filepath.Join(dir, name)
	args = append(args, c...)
	if title != "" {
		args = append(args, "-metadata", "title="+title)
	}
	args = append(args, "-t", dur, out)
	var stderr bytes.Buffer
	cmd := exec.Command(ff, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("ffmpeg %s: %v\n%s", name, err, stderr.String())
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		tb.Fatalf("ffmpeg made no %s", name)
	}
	return out
}

// Signature is a container's signature and how to find it: the magic
// bytes and what must follow them in a real file, so that random-looking
// ciphertext of tens of megabytes matches by chance with odds far below
// one in a million (a bare four-byte magic would match 50 MB of it one
// time in ten).
type Signature struct {
	Name  string
	Magic []byte
	// Then checks the bytes after the magic.
	Then func(rest []byte) bool
}

// Signatures are the container signatures that must never be on disk in a
// study's files.
var Signatures = []Signature{
	{"ftyp box (MP4/QuickTime)", []byte("ftyp"), func(r []byte) bool { return len(r) >= 4 && printable(r[:4]) }},
	{"ID3v2 tag (MP3)", []byte("ID3"), func(r []byte) bool { return len(r) >= 2 && r[0] >= 2 && r[0] <= 4 && r[1] == 0 }},
	{"OggS page (Ogg)", []byte("OggS"), func(r []byte) bool { return len(r) >= 2 && r[0] == 0 && r[1] <= 7 }},
	{"RIFF/WAVE header (WAV)", []byte("RIFF"), func(r []byte) bool { return len(r) >= 8 && string(r[4:8]) == "WAVE" }},
	{"EBML header (WebM, Matroska)", []byte{0x1A, 0x45, 0xDF, 0xA3}, func(r []byte) bool {
		return bytes.Contains(r[:min(len(r), 10)], []byte{0x42, 0x86})
	}},
	{"Lavf mark (ffmpeg)", []byte("Lavf"), func(r []byte) bool { return len(r) >= 2 && isDigit(r[0]) && isDigit(r[1]) }},
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// In reports whether b holds the signature.
func (sg Signature) In(b []byte) bool {
	for i := 0; i < len(b); {
		j := bytes.Index(b[i:], sg.Magic)
		if j < 0 {
			return false
		}
		k := i + j + len(sg.Magic)
		if sg.Then(b[k:]) {
			return true
		}
		i += j + 1
	}
	return false
}

// Sweep fails tb for every file under dir (recursively) that holds a
// signature or one of markers; skip, if set, exempts the inputs.
func Sweep(tb testing.TB, dir string, markers []string, skip func(path string) bool) {
	tb.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed while walking (a WAL, a temp file)
		}
		if d.IsDir() || (skip != nil && skip(p)) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		for _, sig := range Signatures {
			if sig.In(b) {
				tb.Errorf("%s holds the %s in the clear", p, sig.Name)
			}
		}
		for _, m := range markers {
			if bytes.Contains(b, []byte(m)) {
				tb.Errorf("%s holds the marker %q in the clear", p, m)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// SweepMust fails tb unless the files under dir hold marker and at least
// one signature: the check that a sweep's inputs carry what it looks for.
func SweepMust(tb testing.TB, dir, marker string) {
	tb.Helper()
	var sig, mark bool
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		mark = mark || bytes.Contains(b, []byte(marker))
		for _, s := range Signatures {
			sig = sig || s.In(b)
		}
		return nil
	})
	if !sig || !mark {
		tb.Fatalf("the inputs in %s hold no signature (%v) or no marker %q (%v): the sweep would prove nothing", dir, sig, marker, mark)
	}
}

// Duration returns the duration of the recording b in seconds: ffmpeg
// decodes it from a pipe and reports the time it reached (a WebM or a
// fragmented MP4 written to a pipe carries no duration that ffprobe
// would read from one).
func Duration(tb testing.TB, b []byte) float64 {
	tb.Helper()
	cmd := exec.Command(FFmpeg(tb), "-hide_banner", "-nostdin", "-i", "pipe:0", "-f", "null", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("decoding: %v\n%s", err, out)
	}
	s := string(out)
	i := strings.LastIndex(s, "time=")
	if i < 0 {
		tb.Fatalf("no time in ffmpeg's output:\n%s", s)
	}
	var h, m int
	var sec float64
	if _, err := fmt.Sscanf(s[i+len("time="):], "%d:%d:%f", &h, &m, &sec); err != nil {
		tb.Fatalf("time %q: %v", s[i:min(len(s), i+20)], err)
	}
	return float64(h*3600+m*60) + sec
}

// Subtitles returns the language tags of the subtitle streams of the
// recording b (ffprobe) and, for each, its cues as "start text|…", the
// start in whole seconds (ffmpeg reading the stream back as SubRip), both
// read from pipes. A fragmented MP4 keeps a cue's start, each cue lasting
// until the next sample (an empty one at its end), and its muxer shifts
// the cues by a few frames: a start more than 0.15 s after a whole second
// fails the test. Each stream must be mov_text.
func Subtitles(tb testing.TB, b []byte) ([]string, []string) {
	tb.Helper()
	FFmpeg(tb)
	probe := exec.Command("ffprobe", "-v", "error", "-select_streams", "s", "-show_entries", "stream=codec_name:stream_tags=language", "-of", "csv=p=0", "-i", "pipe:0")
	probe.Stdin = bytes.NewReader(b)
	out, err := probe.Output()
	if err != nil {
		tb.Fatalf("ffprobe: %v", err)
	}
	var langs, cues []string
	for i, l := range strings.Fields(string(out)) {
		codec, lang, _ := strings.Cut(l, ",")
		if codec != "mov_text" {
			tb.Errorf("subtitle stream %d: %s, want mov_text", i, codec)
		}
		langs = append(langs, lang)
		cmd := exec.Command("ffmpeg", "-v", "error", "-i", "pipe:0", "-map", "0:s:"+strconv.Itoa(i), "-f", "srt", "-")
		cmd.Stdin = bytes.NewReader(b)
		srt, err := cmd.Output()
		if err != nil {
			tb.Fatalf("ffmpeg reading subtitle stream %d: %v", i, err)
		}
		cues = append(cues, srtStarts(tb, string(srt)))
	}
	return langs, cues
}

// srtStarts writes the cues of a SubRip file as "start text|…".
func srtStarts(tb testing.TB, srt string) string {
	tb.Helper()
	var out []string
	for _, block := range strings.Split(strings.TrimSpace(strings.ReplaceAll(srt, "\r", "")), "\n\n") {
		lines := strings.Split(block, "\n")
		if len(lines) < 3 {
			tb.Fatalf("cue %q", block)
		}
		var h, m, sec, ms int
		if _, err := fmt.Sscanf(lines[1], "%d:%d:%d,%d", &h, &m, &sec, &ms); err != nil {
			tb.Fatalf("cue time %q: %v", lines[1], err)
		}
		if ms > 150 {
			tb.Errorf("cue %q starts at %s, not at a whole second", strings.Join(lines[2:], " "), lines[1])
		}
		out = append(out, fmt.Sprintf("%d %s", h*3600+m*60+sec, strings.Join(lines[2:], " ")))
	}
	return strings.Join(out, "|")
}
