package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"ownwords"
	"ownwords/gate"
	"ownwords/media"
)

func init() {
	register(&command{name: "clips", summary: "make a subtitled reel of a code's passages from the recordings, with consent to voice and face (owners); --format json prints the manifest", run: runClips})
}

func runClips(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var xf exportFlags
	var where multiFlag
	fs := newFlags(e, "clips", "--store S --user U --code SECTION/ITEM [--where attr=value …] [--subtitle-languages en,ar] [--alter-voice] [--burn-subtitles [--burn-language L]] -o reel.mp4 | --format json")
	sf.register(fs, true)
	uf.registerActing(fs, "password-file")
	xf.register(fs, false, false)
	code := fs.String("code", "", "the code whose consensus passages make the reel, as section/item")
	fs.Var(&where, "where", "keep participants with attribute=value (repeatable)")
	plan := fs.String("plan", "", "the analysis plan whose sample the attributions count (default: as every output)")
	alter := fs.Bool("alter-voice", false, "shift the pitch of every voice (a mask against recognition by ear, not against analysis)")
	burnSubs := fs.Bool("burn-subtitles", false, "draw the subtitles into the picture too (the soft subtitle tracks are always there)")
	burnLang := fs.String("burn-language", "", "the language of the burned subtitles (default: the first of the subtitle languages)")
	subLangs := fs.String("subtitle-languages", "", "the subtitle tracks, comma-separated BCP 47 tags, e.g. en,ar (default: the transcripts' languages, then every language of the interviews' originals and translations)")
	out := fs.String("o", "", "the reel to write (MP4, age-encrypted to the study's custodians)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return ownwords.Errorf(ownwords.EINVALID, "clips takes no arguments")
	}
	attrs, err := whereFilter(where)
	if err != nil {
		return err
	}
	req := gate.ClipsRequest{Item: *code, Where: attrs, Plan: *plan}
	for _, l := range strings.Split(*subLangs, ",") {
		if l = strings.TrimSpace(l); l != "" {
			req.Languages = append(req.Languages, l)
		}
	}
	if *burnLang != "" && !*burnSubs {
		return ownwords.Errorf(ownwords.EINVALID, "clips: --burn-language needs --burn-subtitles")
	}
	if sf.json() {
		as, err := sf.openAs(ctx, e, &uf)
		if err != nil {
			return err
		}
		defer as.st.Close()
		reel, err := as.g.Clips(ctx, as.c, req)
		if err != nil {
			return err
		}
		return writeJSON(e.stdout, reel)
	}
	if *out == "" {
		return ownwords.Errorf(ownwords.EINVALID, "clips: -o reel.mp4 is required (or --format json for the manifest alone)")
	}
	ff, err := media.FFmpeg()
	if err != nil {
		return err
	}
	opt := media.Options{AlterVoice: *alter, BurnSubtitles: *burnSubs, BurnLanguage: *burnLang}
	return writeExport(ctx, e, sf, &uf, xf, "the reel of "+*code, *out, func(ctx context.Context, as *asCaller) (*gate.Export, string, error) {
		reel, err := as.g.Clips(ctx, as.c, req)
		if err != nil {
			return nil, "", err
		}
		if reel.Included == 0 {
			return nil, "", ownwords.Errorf(ownwords.EINVALID, "clips: none of the %d passages of %s may go into a reel (run with --format json to see why)", len(reel.Clips), *code)
		}
		open := func(ctx context.Context, id string) (io.ReadCloser, error) { return as.g.OpenClip(ctx, as.c, id) }
		opt.Languages = reel.Languages
		if opt.BurnSubtitles {
			burned := cmp.Or(opt.BurnLanguage, reel.Languages[0])
			if !slices.ContainsFunc(reel.Languages, func(l string) bool { return strings.EqualFold(l, burned) }) {
				return nil, "", ownwords.Errorf(ownwords.EINVALID, "clips: --burn-language %s is none of the reel's subtitle languages (%s)", burned, strings.Join(reel.Languages, ", "))
			}
			font, ok := media.Font(ctx, burned)
			if !ok {
				fmt.Fprintf(e.stderr, "clips: no installed font has the glyphs of %s (see fc-list :lang=%s), so the subtitles are not burned in: the reel has its soft subtitle tracks only. Install one (e.g. apt-get install fonts-noto-core) to burn them.\n", burned, burned)
				opt.BurnSubtitles = false
			}
			opt.Font = font
		}
		summary := fmt.Sprintf("a reel of %d clips of %s (%.1f s; %d passages left out; subtitles in %s)", reel.Included, *code, media.Length(reel.Clips), len(reel.Clips)-reel.Included, strings.Join(reel.Languages, ", "))
		return &gate.Export{What: "the reel of " + *code, Write: func(w io.Writer) error {
			return media.Render(ctx, ff, reel.Clips, open, opt, w)
		}}, summary, nil
	})
}
