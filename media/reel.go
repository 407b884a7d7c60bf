// Package media renders reels of recording clips with Debian's ffmpeg, run
// as a subprocess. Recordings reach it decrypted through pipes only (one
// inherited pipe per clip, and one for the subtitles); the reel comes back
// on its standard output as a fragmented MP4 for the caller to encrypt.
// Nothing plaintext is written to disk, temporary files included.
package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/text/language"

	"ownwords"
	"ownwords/clips"
)

// OpenEndSeconds bounds a clip whose passage runs to the end of the
// recording (its span has no end): it is cut after this many seconds.
const OpenEndSeconds = 30

// Frame of the reel.
const (
	width, height = 640, 360
	rate          = 25
)

// Options change a reel.
type Options struct {
	// AlterVoice shifts the pitch of every voice up (asetrate, then
	// atempo to keep the duration): a mask against recognition by ear,
	// not against forensic analysis.
	AlterVoice bool
	// BurnSubtitles draws the subtitles into the picture (with libass,
	// which shapes and orders right-to-left scripts) as well as the soft
	// (mov_text) tracks that players may turn off: those of BurnLanguage,
	// by default the first of Languages.
	BurnSubtitles bool
	BurnLanguage  string
	// Font is the font family libass draws burned subtitles with (Font);
	// "" lets fontconfig choose.
	Font string
	// Languages are the subtitle tracks (BCP 47), one mov_text stream
	// each tagged with its ISO 639-2 code, made of the clips' Subtitles
	// in that language. Empty: one untagged track of the clips' Text.
	Languages []string
}

// FFmpeg returns the path of ffmpeg on PATH, or an error that says in one
// line how to get it.
func FFmpeg() (string, error) {
	p, err := exec.LookPath("ffmpeg")
	if err != nil {
		return "", ownwords.Errorf(ownwords.ENOTIMPLEMENTED, "clips need ffmpeg, which is not installed: apt-get install ffmpeg (Debian) and run again")
	}
	return p, nil
}

// Opener opens the plaintext of a recording by ID.
type Opener func(ctx context.Context, recordingID string) (io.ReadCloser, error)

// span returns a clip's start and end in seconds (an open end cut after
// OpenEndSeconds).
func span(c *clips.Clip) (float64, float64) {
	if c.End == nil {
		return *c.Start, *c.Start + OpenEndSeconds
	}
	return *c.Start, *c.End
}

// Length returns the reel's length in seconds: the sum of its clips'
// spans (open ends counted as OpenEndSeconds).
func Length(cs []clips.Clip) float64 {
	total := 0.0
	for i := range cs {
		if cs[i].Included() {
			s, e := span(&cs[i])
			total += e - s
		}
	}
	return total
}

// Render writes to out the reel of the included clips of cs, in order: for
// each, its span of the recording (the picture when the clip's mode is
// video, else a still card), its attribution drawn over it, and its text
// as a subtitle. Nothing of the recordings' containers is kept: no
// metadata and no chapters (ffmpeg would copy the first recording's
// chapters, their times and a chapter track). ffmpeg is the path of the binary (FFmpeg). EINVALID when
// no clip is included; ffmpeg's failure otherwise, with the end of what
// it said.
func Render(ctx context.Context, ffmpeg string, cs []clips.Clip, open Opener, opt Options, out io.Writer) error {
	var inc []clips.Clip
	for _, c := range cs {
		if c.Included() {
			inc = append(inc, c)
		}
	}
	if len(inc) == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "clips: no passage may go into a reel (see the manifest, --format json, for why each was left out)")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var feeds []feed
	var cmdFiles []*os.File // after the feeds' pipes
	defer func() {
		for _, f := range feeds {
			f.r.Close()
			f.w.Close()
		}
	}()
	addFeed := func(src func() (io.ReadCloser, error)) (int, error) {
		r, w, err := os.Pipe()
		if err != nil {
			return 0, err
		}
		feeds = append(feeds, feed{r: r, w: w, src: src})
		return 2 + len(feeds), nil // ExtraFiles[i] is fd 3+i
	}

	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error"}
	var graph []string
	at := 0.0
	tracks := make([][]cue, max(len(opt.Languages), 1))
	for i, c := range inc {
		s, e := span(&c)
		fd, err := addFeed(func() (io.ReadCloser, error) { return open(ctx, c.RecordingID) })
		if err != nil {
			return err
		}
		args = append(args, "-t", seconds(e), "-i", "pipe:"+strconv.Itoa(fd))
		graph = append(graph, clipGraph(i, &c, s, e, opt)...)
		if len(opt.Languages) == 0 {
			tracks[0] = append(tracks[0], cues(c.Text, at, at+e-s)...)
		}
		for k, l := range opt.Languages {
			tracks[k] = append(tracks[k], subtitleCues(&c, l, s, at, at+e-s)...)
		}
		at += e - s
	}
	burnTrack := -1
	for k, l := range opt.Languages {
		if burnTrack < 0 && (opt.BurnLanguage == "" || strings.EqualFold(l, opt.BurnLanguage)) {
			burnTrack = k
		}
	}
	if opt.BurnSubtitles && opt.BurnLanguage != "" && burnTrack < 0 {
		return ownwords.Errorf(ownwords.EINVALID, "clips: burned subtitles in %q, which is none of the reel's subtitle languages (%s)", opt.BurnLanguage, strings.Join(opt.Languages, ", "))
	}
	burnTrack = max(burnTrack, 0)
	var maps, meta []string
	var burnSRT []byte
	for k, q := range tracks {
		subs := srt(q)
		if k == burnTrack {
			burnSRT = subs
		}
		subFd, err := addFeed(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(subs)), nil })
		if err != nil {
			return err
		}
		args = append(args, "-f", "srt", "-i", "pipe:"+strconv.Itoa(subFd))
		maps = append(maps, "-map", strconv.Itoa(len(inc)+k)+":s")
		if k < len(opt.Languages) {
			meta = append(meta, "-metadata:s:s:"+strconv.Itoa(k), "language="+ISO639(opt.Languages[k]))
		}
	}
	var cat strings.Builder
	for i := range inc {
		fmt.Fprintf(&cat, "[v%d][a%d]", i, i)
	}
	fmt.Fprintf(&cat, "concat=n=%d:v=1:a=1[vc][a]", len(inc))
	graph = append(graph, cat.String())
	if opt.BurnSubtitles {
		// libass opens the subtitles by name and seeks in them, which a
		// pipe does not allow: they are an anonymous file in memory.
		mf, err := memFile("subtitles", burnSRT)
		if err != nil {
			return err
		}
		defer mf.Close()
		cmdFiles = append(cmdFiles, mf)
		graph = append(graph, "[vc]"+burn(2+len(feeds)+len(cmdFiles), opt.Font)+"[v]")
	} else {
		graph = append(graph, "[vc]null[v]")
	}
	args = append(args, "-filter_complex", strings.Join(graph, ";"), "-map", "[v]", "-map", "[a]")
	args = append(append(args, maps...), meta...)
	args = append(args,
		"-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-c:s", "mov_text",
		"-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-f", "mp4", "pipe:1")

	cmd := exec.CommandContext(ctx, ffmpeg, args...)
	// FFREPORT would have ffmpeg log its run, the recordings' metadata
	// included, to a file on disk.
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "FFREPORT=") })
	for _, f := range feeds {
		cmd.ExtraFiles = append(cmd.ExtraFiles, f.r)
	}
	cmd.ExtraFiles = append(cmd.ExtraFiles, cmdFiles...)
	cmd.Stdout = out
	var stderr tail
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("clips: starting ffmpeg: %w", err)
	}
	// ffmpeg holds the read ends now; ours close so that its exit ends
	// the writers (EPIPE).
	var wg sync.WaitGroup
	errs := make([]error, len(feeds))
	for i := range feeds {
		feeds[i].r.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = feeds[i].run()
		}()
	}
	werr := cmd.Wait()
	cancel()
	for _, f := range feeds {
		f.w.Close() // unblocks a writer ffmpeg stopped reading
	}
	wg.Wait()
	if werr != nil {
		return fmt.Errorf("clips: ffmpeg failed (%v): %s", werr, strings.TrimSpace(stderr.String()))
	}
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("clips: reading a recording: %w", err)
		}
	}
	return nil
}

// feed streams one input into ffmpeg through a pipe.
type feed struct {
	r, w *os.File
	src  func() (io.ReadCloser, error)
}

// run copies the source into the pipe and closes it. ffmpeg closing its
// end early (it reads a clip only up to its end) is not an error.
func (f feed) run() error {
	defer f.w.Close()
	src, err := f.src()
	if err != nil {
		return err
	}
	defer src.Close()
	_, err = io.Copy(f.w, src)
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) {
		return nil
	}
	return err
}

// clipGraph returns the filter chains of clip i: [v<i>] and [a<i>], of
// length e-s, in the reel's frame and audio format.
func clipGraph(i int, c *clips.Clip, s, e float64, opt Options) []string {
	title := fmt.Sprintf("drawtext=expansion=none:text=%s:fontcolor=white:fontsize=22:box=1:boxcolor=black@0.6:boxborderw=8:x=24:y=24", filterText(c.Attribution))
	audio := fmt.Sprintf("[%d:a]atrim=start=%s:end=%s,asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo", i, seconds(s), seconds(e))
	if opt.AlterVoice {
		// Up by a factor 1.2 in pitch, the tempo put back.
		audio += ",asetrate=57600,aresample=48000,atempo=0.8333333"
	}
	if c.Mode == clips.ModeVideo {
		return []string{
			audio + fmt.Sprintf("[a%d]", i),
			fmt.Sprintf("[%d:v]trim=start=%s:end=%s,setpts=PTS-STARTPTS,scale=%d:%d:force_original_aspect_ratio=decrease,pad=%d:%d:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=%d,format=yuv420p,%s[v%d]",
				i, seconds(s), seconds(e), width, height, width, height, rate, title, i),
		}
	}
	// A still card as long as the audio: the waveform's frames painted
	// over, the attribution in the middle.
	card := fmt.Sprintf("drawtext=expansion=none:text=%s:fontcolor=white:fontsize=28:x=(w-text_w)/2:y=(h-text_h)/2", filterText(c.Attribution))
	return []string{
		audio + fmt.Sprintf(",asplit[a%d][w%d]", i, i),
		fmt.Sprintf("[w%d]showwaves=s=%dx%d:r=%d,drawbox=c=0x202830:t=fill,setsar=1,format=yuv420p,%s[v%d]", i, width, height, rate, card, i),
	}
}

// filterText quotes s as a filter option value inside a filter graph: the
// option level escapes \ ' :, the graph level \ ' [ ] , ;. Control
// characters become spaces.
func filterText(s string) string {
	if s == "" {
		s = "a participant"
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			r = ' '
		case r == ':':
			b.WriteString(`\\`) // \\: (option level \:, its backslash escaped for the graph)
		case r == '\'':
			b.WriteString(`\\\`) // \\\' (option \', both escaped for the graph)
		case r == '\\':
			b.WriteString(`\\\`) // \\\\ (option \\, both escaped for the graph)
		case r == '[' || r == ']' || r == ',' || r == ';':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cue is one subtitle: at most two lines, shown from..to (reel seconds).
type cue struct {
	from, to float64
	lines    []string
}

// Subtitle lines are at most lineRunes long, cues at most two lines.
const lineRunes = 42

// cues splits a passage into subtitles over [from, to): its words wrapped
// into lines, two lines a cue, each cue's time in proportion to its
// length (an empty passage is one cue, a dash).
func cues(text string, from, to float64) []cue {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > lineRunes {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, cmpOr(line, "–"))
	}
	total := 0
	for _, l := range lines {
		total += len([]rune(l))
	}
	var out []cue
	at, done := from, 0
	for i := 0; i < len(lines); i += 2 {
		q := cue{from: at, lines: lines[i:min(i+2, len(lines))]}
		for _, l := range q.lines {
			done += len([]rune(l))
		}
		q.to = from + (to-from)*float64(done)/float64(total)
		if i+2 >= len(lines) {
			q.to = to
		}
		out = append(out, q)
		at = q.to
	}
	return out
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// burn returns the filter that draws the subtitles of the file at
// descriptor fd (SubRip) into the picture with libass, in font.
func burn(fd int, font string) string {
	style := "FontSize=20,Outline=1,Shadow=0,BorderStyle=3,MarginV=18"
	if font != "" {
		style = "FontName=" + font + "," + style
	}
	return "subtitles=filename=" + filterText("/dev/fd/"+strconv.Itoa(fd)) + ":force_style=" + filterText(style)
}

// srt formats cues as a SubRip file.
func srt(cs []cue) []byte {
	var b bytes.Buffer
	for i, q := range cs {
		fmt.Fprintf(&b, "%d\n%s --> %s\n%s\n\n", i+1, srtTime(q.from), srtTime(q.to), strings.Join(q.lines, "\n"))
	}
	return b.Bytes()
}

// subtitleCues returns the cues of clip c's subtitle in lang, the clip
// running from s in its recording and from..to in the reel: each of its
// Cues wrapped (cues) over its time, cut to the clip. None when the clip
// has no subtitle in lang.
func subtitleCues(c *clips.Clip, lang string, s, from, to float64) []cue {
	var out []cue
	for _, sub := range c.Subtitles {
		if !strings.EqualFold(sub.Language, lang) {
			continue
		}
		for _, q := range sub.Cues {
			f, t := min(max(from+q.From-s, from), to), to
			if q.To != nil {
				t = min(max(from+*q.To-s, from), to)
			}
			if t > f {
				out = append(out, cues(q.Text, f, t)...)
			}
		}
	}
	return out
}

// ISO639 returns the ISO 639-2 code of a BCP 47 tag, as MP4 tags a
// stream's language ("ar" → "ara", "en-GB" → "eng"); "und" when the tag
// names no known language.
func ISO639(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "und"
	}
	b, conf := t.Base()
	if conf != language.Exact || len(b.ISO3()) != 3 {
		return "und"
	}
	return b.ISO3()
}

// seconds formats a time for ffmpeg's options.
func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

// srtTime formats seconds as an SRT time, 00:01:02,345.
func srtTime(s float64) string {
	ms := int64(s*1000 + 0.5)
	return fmt.Sprintf("%02d:%02d:%02d,%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// tail keeps the last 2 KB written to it: ffmpeg's last words.
type tail struct{ b []byte }

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2048 {
		t.b = t.b[len(t.b)-2048:]
	}
	return len(p), nil
}

func (t *tail) String() string { return string(t.b) }

// Font returns a font family with glyphs for the language lang (BCP 47),
// as fontconfig lists them (fc-list :lang=…), DejaVu Sans when it is one
// of them, for libass to burn subtitles in; ok is false when no installed
// font covers the language (or fontconfig is missing), so that the
// caller can keep to soft subtitles and say why.
func Font(ctx context.Context, lang string) (family string, ok bool) {
	fc, err := exec.LookPath("fc-list")
	if err != nil {
		return "", false
	}
	base := "und"
	if t, err := language.Parse(lang); err == nil {
		if b, conf := t.Base(); conf == language.Exact {
			base = b.String()
		}
	}
	if base == "und" {
		base = "en"
	}
	out, err := exec.CommandContext(ctx, fc, ":lang="+base, "family").Output()
	if err != nil {
		return "", false
	}
	var fams []string
	for _, l := range strings.Split(string(out), "\n") {
		if f, _, _ := strings.Cut(l, ","); strings.TrimSpace(f) != "" {
			fams = append(fams, strings.TrimSpace(f))
		}
	}
	if len(fams) == 0 {
		return "", false
	}
	slices.Sort(fams)
	if slices.Contains(fams, "DejaVu Sans") {
		return "DejaVu Sans", true
	}
	return fams[0], true
}
