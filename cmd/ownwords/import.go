package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"ownwords"
	"ownwords/analysis"
	"ownwords/ingest"
	"ownwords/qdpx"
)

func init() {
	register(&command{name: "import", summary: "import transcripts, attribute tables, codebooks and analysis plans, all in one transaction", run: runImport})
}

func runImport(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "import", "--store S [--user OWNER [--password-file F]] [flags] FILE…")
	sf.register(fs, true)
	uf.registerActing(fs, "password-file")
	var opt ingest.Options
	fs.StringVar(&opt.Meta.Participant, "participant", "", "participant code of the transcripts (overrides their sidecar)")
	fs.StringVar(&opt.Meta.Date, "date", "", "interview date YYYY[-MM[-DD]] (overrides the sidecar)")
	fs.StringVar(&opt.Meta.Place, "place", "", "interview place (overrides the sidecar)")
	fs.StringVar(&opt.Meta.Language, "language", "", "interview language, BCP 47 (overrides the sidecar)")
	fs.StringVar(&opt.Meta.Interpreter, "interpreter", "", "interpreter (overrides the sidecar)")
	fs.StringVar(&opt.Meta.Title, "title", "", "interview title (default: the file name without extension)")
	fs.StringVar(&opt.Text.Encoding, "encoding", "", "encoding of plain-text files without a BOM: utf-8, windows-1252, windows-1256, windows-1251")
	fs.BoolVar(&opt.Unaligned, "unaligned", false, "store a translation or original that does not align turn by turn with its transcript, to be aligned by hand in the workbench (else it is refused)")
	fs.StringVar(&opt.Table.Sheet, "sheet", "", "worksheet of .xlsx tables (default: the first)")
	schema := fs.String("schema", "", "JSON schema declaring attribute types and missing-value codes (the codebook JSON works too)")
	replacePlans := fs.Bool("replace-plans", false, "replace the study's analysis plans of the same names as the plan files imported (else such a plan is refused)")
	missing := fs.String("missing", "", "comma-separated missing-value codes (default: empty, NA, N/A, -99, -88)")
	maxRecording := fs.String("max-recording-size", "16GiB", "largest recording (audio, video) accepted, e.g. 500MiB, 4GiB")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "name at least one FILE to import")
	}
	opt.Table.Encoding = opt.Text.Encoding
	maxRecordingBytes, err := parseByteSize(*maxRecording)
	if err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "--max-recording-size: %s", ownwords.ErrorMessage(err))
	}
	if *missing != "" {
		opt.Table.Missing = strings.Split(*missing, ",")
	}
	if *schema != "" {
		f, err := os.Open(*schema)
		if err != nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "schema %s: %v", *schema, err)
		}
		opt.Table.Schema, err = ingest.ReadSchema(*schema, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	// Read and check every file before opening the store: a bad file
	// stops the import with nothing written.
	var b ingest.Batch
	var projects []*qdpx.Project
	var events []ingest.EventRecord
	var eventFiles []string
	var planFiles []planFile
	var recordings []*ingest.RecordingRecord
	batchFiles := 0 // tables, transcripts and codebooks
	readProgress := progress(e, "reading")
	ahead := readAhead(fs.Args(), opt)
	defer ahead.stop()
	for i, path := range fs.Args() {
		if kind, _ := ingest.Detect(path); kind == ingest.KindRecording {
			rec, err := ingest.ReadRecordingFile(path, maxRecordingBytes)
			if err != nil {
				return err
			}
			recordings = append(recordings, rec)
		} else if kind == ingest.KindEvents {
			recs, err := readEventsFile(path)
			if err != nil {
				return err
			}
			events = append(events, recs...)
			eventFiles = append(eventFiles, path)
		} else if kind == ingest.KindPlan {
			pf, err := readPlanFile(path)
			if err != nil {
				return err
			}
			planFiles = append(planFiles, pf)
		} else if kind == ingest.KindREFIQDA {
			p, err := readREFIQDA(path)
			if err != nil {
				return err
			}
			projects = append(projects, p)
		} else if got, err := ahead.take(i); err != nil {
			return err
		} else {
			b.Append(got)
			batchFiles++
		}
		readProgress(i+1, fs.NArg())
	}
	// Who imports: analysis plans are an owner's decision, taken by the
	// application layer (gate.Gate.SavePlans).
	as, err := sf.openAdmin(ctx, e, &uf)
	if err != nil {
		return err
	}
	st, study := as.st, as.study
	defer st.Close()
	write := progress(e, "importing")
	b.Progress = func(done, total int, _ string) { write(done, total) }
	var sum *ingest.Summary
	reports := make([]*qdpx.Report, len(projects))
	var evCounts, planCounts ingest.Counts
	var stored []*ownwords.Recording
	storing := progressBytes(e, "storing recordings")
	// One transaction, the store's bulk one: a study file writes its
	// pages once (see sqldb.DB.UpdateBulk).
	err = ownwords.UpdateBulk(ctx, st, func(tx ownwords.Services) error {
		if sum, err = ingest.Apply(ctx, tx, study.ID, &b); err != nil {
			return err
		}
		for i, p := range projects { // REFI-QDA projects land in the same transaction
			if reports[i], err = qdpx.Apply(ctx, tx, study.ID, p); err != nil {
				return err
			}
		}
		// Events after: their participants may come from this import.
		if evCounts, err = ingest.ApplyEvents(ctx, tx, study.ID, events); err != nil {
			return err
		}
		// Recordings after the transcripts: they name their interviews.
		if stored, err = ingest.ApplyRecordings(ctx, tx, study.ID, recordings, storing); err != nil {
			return err
		}
		// Plans last: they name the codebook and attributes imported above.
		for _, pf := range planFiles {
			c, err := as.g.SavePlans(ctx, as.c, tx, pf.path, pf.plans, *replacePlans)
			if err != nil {
				return err
			}
			planCounts.Created, planCounts.Updated, planCounts.Unchanged = planCounts.Created+c.Created, planCounts.Updated+c.Updated, planCounts.Unchanged+c.Unchanged
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Each kind of file reports what it did, and only the kinds imported
	// report (a summary of zeros for a project-only import would deny what
	// it made): tables, transcripts and codebooks in the summary, events
	// and plans in a line, REFI-QDA projects in their reports.
	out := importOutput{REFIQDA: reports, Plans: planNames(planFiles), Recordings: stored}
	if batchFiles > 0 {
		out.Summary = sum
	}
	if len(eventFiles) > 0 {
		out.Events = &evCounts
	}
	if len(planFiles) > 0 {
		out.PlanCounts = &planCounts
	}
	if sf.json() {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "Imported %d file(s) into %q:\n", fs.NArg(), study.Name)
	fmt.Fprint(e.stdout, out.text())
	return nil
}

// importOutput is what import prints: the counts of each kind of file
// imported, nil or empty for the kinds not imported.
type importOutput struct {
	*ingest.Summary
	REFIQDA    []*qdpx.Report        `json:"refi_qda,omitempty"`
	Events     *ingest.Counts        `json:"events,omitempty"`
	Plans      []string              `json:"plans,omitempty"`
	PlanCounts *ingest.Counts        `json:"plan_counts,omitempty"`
	Recordings []*ownwords.Recording `json:"recordings,omitempty"`
}

// text formats the output for the terminal, after the "Imported" line.
func (o importOutput) text() string {
	var sb strings.Builder
	if o.Summary != nil {
		sb.WriteString(o.Summary.String())
	}
	if c := o.Events; c != nil {
		fmt.Fprintf(&sb, "events: %d created, %d unchanged\n", c.Created, c.Unchanged)
	}
	if c := o.PlanCounts; c != nil {
		fmt.Fprintf(&sb, "analysis plans: %s: %d created, %d updated, %d unchanged\n", strings.Join(o.Plans, ", "), c.Created, c.Updated, c.Unchanged)
	}
	for _, r := range o.Recordings {
		fmt.Fprintf(&sb, "recording: %s (%s, %d bytes), encrypted\n", r.Name, r.MediaType, r.Size)
	}
	for _, r := range o.REFIQDA {
		fmt.Fprintf(&sb, "\n%s", r)
	}
	return sb.String()
}

// planFile is an analysis plan file read for import.
type planFile struct {
	path  string
	plans []*analysis.Plan
}

// maxPlanFileBytes bounds a plan file: plans are a few kilobytes.
const maxPlanFileBytes = 1 << 20

// readPlanFile reads and parses an analysis plan file (one plan, or the
// wrapper of several: analysis.ParsePlanFile); errors name the file.
func readPlanFile(path string) (planFile, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return planFile{}, ownwords.Errorf(ownwords.ENOTFOUND, "%s: no such file", path)
		}
		return planFile{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPlanFileBytes+1))
	if err != nil {
		return planFile{}, err
	}
	if len(data) > maxPlanFileBytes {
		return planFile{}, ownwords.Errorf(ownwords.EINVALID, "%s: larger than %d KiB; not an analysis plan file", path, maxPlanFileBytes>>10)
	}
	plans, err := analysis.ParsePlanFile(data)
	if err != nil {
		return planFile{}, ownwords.Errorf(ownwords.EINVALID, "%s: %s", path, ownwords.ErrorMessage(err))
	}
	return planFile{path: path, plans: plans}, nil
}

// planNames lists the plans of the files imported, for the summary.
func planNames(files []planFile) []string {
	var names []string
	for _, pf := range files {
		for _, p := range pf.plans {
			names = append(names, p.Name)
		}
	}
	return names
}

// fileReader reads an import's transcripts, tables and codebooks
// (ingest.ReadFile) on every core, ahead of the loop that takes them in
// the order given: reading, decoding and checking the texts is the import's
// CPU work before the store opens. What is taken, and the first error in
// file order, are those of reading the files one by one.
type fileReader struct {
	slots []readSlot
	quit  chan struct{}
	wg    sync.WaitGroup
}

type readSlot struct {
	done  chan struct{}
	batch *ingest.Batch
	err   error
}

// readAhead starts reading the files of paths that ingest.Batch.AddFile
// reads (not recordings, events, plans or REFI-QDA projects).
func readAhead(paths []string, opt ingest.Options) *fileReader {
	r := &fileReader{slots: make([]readSlot, len(paths)), quit: make(chan struct{})}
	next := make(chan int)
	for i := range r.slots {
		r.slots[i].done = make(chan struct{})
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(next)
		for i, path := range paths {
			switch kind, _ := ingest.Detect(path); kind {
			case ingest.KindRecording, ingest.KindEvents, ingest.KindPlan, ingest.KindREFIQDA:
				continue
			}
			select {
			case next <- i:
			case <-r.quit:
				return
			}
		}
	}()
	for range runtime.GOMAXPROCS(0) {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for i := range next {
				r.slots[i].batch, r.slots[i].err = ingest.ReadFile(paths[i], opt)
				close(r.slots[i].done)
			}
		}()
	}
	return r
}

// take waits for the file at index i of paths and returns its batch.
func (r *fileReader) take(i int) (*ingest.Batch, error) {
	<-r.slots[i].done
	b, err := r.slots[i].batch, r.slots[i].err
	r.slots[i].batch = nil
	return b, err
}

// stop ends the reading (after an error, the files not read yet are not)
// and waits for the files being read.
func (r *fileReader) stop() {
	close(r.quit)
	r.wg.Wait()
}
