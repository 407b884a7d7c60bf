package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"ownwords"
)

func init() {
	register(&command{name: "recordings list", summary: "list the study's recordings (audio, video) and their interviews (roles that read transcripts)", run: runRecordingsList})
	register(&command{name: "recordings show", summary: "show one recording: interview, type, size, SHA-256 (roles that read transcripts)", run: runRecordingsShow})
}

// recordingRow is a recording as the commands print it.
type recordingRow struct {
	*ownwords.Recording
	Interview string `json:"interview"`
}

// recordingRows names the interviews of recs.
func recordingRows(ctx context.Context, st ownwords.Store, recs []*ownwords.Recording) ([]recordingRow, error) {
	out := make([]recordingRow, 0, len(recs))
	titles := map[string]string{}
	for _, r := range recs {
		if _, ok := titles[r.InterviewID]; !ok {
			iv, err := st.Interview(ctx, r.InterviewID)
			if err != nil {
				return nil, err
			}
			titles[r.InterviewID] = iv.Title
		}
		out = append(out, recordingRow{Recording: r, Interview: titles[r.InterviewID]})
	}
	return out, nil
}

func runRecordingsList(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "recordings list", "--store S --user U [--password-file F] [--interview ID] [--format json]")
	sf.register(fs, true)
	uf.registerActing(fs, "password-file")
	interview := fs.String("interview", "", "only the recordings of this interview (ID)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return ownwords.Errorf(ownwords.EINVALID, "recordings list takes no arguments")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	recs, err := as.g.Recordings(ctx, as.c, *interview)
	if err != nil {
		return err
	}
	rows, err := recordingRows(ctx, as.st, recs)
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.stdout, "The study has no recordings: import them with their transcripts (ownwords import interview-3.txt interview-3.mp4).")
	}
	for _, r := range rows {
		fmt.Fprintf(e.stdout, "%s  %-24s %-16s %12d bytes  %s\n", r.ID, r.Interview, r.MediaType, r.Size, r.Name)
	}
	return nil
}

func runRecordingsShow(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "recordings show", "--store S --user U [--password-file F] [--format json] ID")
	sf.register(fs, false)
	uf.registerActing(fs, "password-file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return ownwords.Errorf(ownwords.EINVALID, "give exactly one recording ID (ownwords recordings list shows them)")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	rec, err := as.g.Recording(ctx, as.c, fs.Arg(0))
	if err != nil {
		return err
	}
	rows, err := recordingRows(ctx, as.st, []*ownwords.Recording{rec})
	if err != nil {
		return err
	}
	r := rows[0]
	if sf.json() {
		return writeJSON(e.stdout, r)
	}
	fmt.Fprintf(e.stdout, "recording  %s\nfile       %s\ninterview  %s (%s)\ntype       %s\nsize       %d bytes\nsha256     %s\nimported   %s\n",
		r.ID, r.Name, r.Interview, r.InterviewID, r.MediaType, r.Size, r.SHA256, r.Created.Format("2006-01-02 15:04:05 UTC"))
	return nil
}

// parseByteSize reads a size such as 1048576, 500MiB, 4GiB or 2GB (units
// are binary: KB and KiB are both 1024).
func parseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"TIB", 1 << 40}, {"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"T", 1 << 40}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(strings.ToUpper(t), u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, ownwords.Errorf(ownwords.EINVALID, "%q is not a size; write e.g. 500MiB or 4GiB", s)
	}
	return n * mult, nil
}

// progressBytes returns a progress bar for bytes on a terminal, nil
// elsewhere: "what: 1.2 of 4.0 GiB (30%)".
func progressBytes(e *env, what string) func(done, total int64) {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(done, total int64) {
		const width = 30
		filled := 0
		if total > 0 {
			filled = int(done * width / total)
		}
		fmt.Fprintf(f, "\r%s: [%s%s] %.1f of %.1f MiB (%d%%)", what, strings.Repeat("#", filled), strings.Repeat(" ", width-filled),
			float64(done)/(1<<20), float64(total)/(1<<20), done*100/max(total, 1))
		if done == total {
			fmt.Fprintln(f)
		}
	}
}
