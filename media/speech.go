package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os/exec"
	"strings"

	"ownwords"
)

// Line is one spoken turn of a synthetic recording.
type Line struct {
	Text string
	// Voice is an espeak-ng voice, e.g. "en-us+m3" or "en+f2".
	Voice string
}

// Synthetic is a synthetic recording made in memory.
type Synthetic struct {
	Data      []byte
	MediaType string // "video/webm" or "audio/ogg"
	Ext       string // ".webm" or ".ogg"
	// Starts are the times (ms) at which each line begins; End is the
	// recording's length (ms).
	Starts []int64
	End    int64
}

// Synthesize speaks lines with espeak-ng, one after the other, and
// encodes them with ffmpeg: as Ogg Vorbis audio, or with video set as
// WebM over a plain card showing card. Nothing is written to disk:
// espeak-ng and ffmpeg talk through pipes. For the demo's synthetic
// interviews only.
func Synthesize(ctx context.Context, espeak, ffmpeg string, lines []Line, video bool, card string) (*Synthetic, error) {
	var pcm []byte
	rate := 0
	out := &Synthetic{}
	for _, l := range lines {
		wav, err := run(ctx, nil, espeak, "-v", l.Voice, "-s", "165", "--stdout", l.Text)
		if err != nil {
			return nil, fmt.Errorf("espeak-ng: %w", err)
		}
		r, data, err := wavPCM(wav)
		if err != nil {
			return nil, err
		}
		if rate != 0 && r != rate {
			return nil, ownwords.Errorf(ownwords.EINVALID, "espeak-ng: voices speak at %d and %d Hz", rate, r)
		}
		rate = r
		out.Starts = append(out.Starts, int64(len(pcm))*1000/int64(2*rate))
		pcm = append(pcm, data...)
		pcm = append(pcm, make([]byte, 2*rate*4/10)...) // a pause of 0.4 s
	}
	if rate == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "synthesize: no lines")
	}
	out.End = int64(len(pcm)) * 1000 / int64(2*rate)
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-f", "s16le", "-ar", fmt.Sprint(rate), "-ac", "1", "-i", "pipe:0"}
	if video {
		args = append(args, "-f", "lavfi", "-i", "color=c=0x33415c:s=320x180:r=5",
			"-vf", "drawtext=expansion=none:text="+filterText(card)+":fontcolor=white:fontsize=18:x=(w-text_w)/2:y=(h-text_h)/2",
			"-shortest", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "40k", "-c:a", "libvorbis", "-f", "webm", "pipe:1")
		out.MediaType, out.Ext = "video/webm", ".webm"
	} else {
		args = append(args, "-c:a", "libvorbis", "-f", "ogg", "pipe:1")
		out.MediaType, out.Ext = "audio/ogg", ".ogg"
	}
	data, err := run(ctx, pcm, ffmpeg, args...)
	if err != nil {
		return nil, fmt.Errorf("ffmpeg: %w", err)
	}
	out.Data = data
	return out, nil
}

// run runs a tool with stdin and returns its stdout.
func run(ctx context.Context, stdin []byte, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout bytes.Buffer
	var stderr tail
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// wavPCM returns the sample rate and samples of a 16-bit mono WAV (as
// espeak-ng writes it: the data chunk's size field may be a placeholder,
// so the data runs to the end).
func wavPCM(b []byte) (int, []byte, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return 0, nil, ownwords.Errorf(ownwords.EINVALID, "espeak-ng: not a WAV")
	}
	rate := 0
	for i := 12; i+8 <= len(b); {
		id, size := string(b[i:i+4]), int(binary.LittleEndian.Uint32(b[i+4:i+8]))
		body := b[i+8:]
		switch id {
		case "fmt ":
			if len(body) < 16 || binary.LittleEndian.Uint16(body[2:4]) != 1 || binary.LittleEndian.Uint16(body[14:16]) != 16 {
				return 0, nil, ownwords.Errorf(ownwords.EINVALID, "espeak-ng: want 16-bit mono WAV")
			}
			rate = int(binary.LittleEndian.Uint32(body[4:8]))
		case "data":
			if rate == 0 {
				return 0, nil, ownwords.Errorf(ownwords.EINVALID, "espeak-ng: WAV data before its format")
			}
			return rate, body[:len(body)&^1], nil
		}
		if size < 0 || size > len(body) {
			break
		}
		i += 8 + size + size&1
	}
	return 0, nil, ownwords.Errorf(ownwords.EINVALID, "espeak-ng: WAV without data")
}
