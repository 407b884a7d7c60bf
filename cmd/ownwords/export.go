package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/report"
)

func init() {
	register(&command{name: "export", summary: "export the study as a REFI-QDA project (.qdpx) or codebook (.qdc), or its participant × item matrix (.csv, .xlsx): age-encrypted to the custodians, shaped by your export tier", run: runExport})
}

// readREFIQDA reads a .qdpx or .qdc file for import.
func readREFIQDA(path string) (*qdpx.Project, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, ownwords.Errorf(ownwords.ENOTFOUND, "%s: no such file", path)
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return qdpx.Read(path, f, fi.Size())
}

func runExport(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var mf matrixFlags
	var xf exportFlags
	fs := newFlags(e, "export", "--store S --format qdpx|qdc|csv|xlsx -o OUT [--user U] [--audience public|team] [--tier T] [--shift-dates] [--plaintext]")
	sf.register(fs, false)
	uf.register(fs)
	mf.register(fs)
	xf.register(fs, true, true)
	format := fs.String("format", "", "qdpx (REFI-QDA project with transcripts: --user at tier limited or full), qdc (REFI-QDA codebook: --user at tier deidentified or more; deidentified leaves out code examples), csv or xlsx (participant × item matrix with a data dictionary)")
	out := fs.String("o", "", "output file (required; \"-\" for standard output); csv also writes OUT.dictionary.csv (OUT without .csv)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "qdpx", "qdc", "csv", "xlsx":
	default:
		return ownwords.Errorf(ownwords.EINVALID, "--format must be qdpx, qdc, csv or xlsx")
	}
	if *out == "" {
		return ownwords.Errorf(ownwords.EINVALID, "-o OUT is required")
	}
	if *format == "csv" || *format == "xlsx" {
		return mf.export(ctx, e, sf, &uf, xf, *format, *out)
	}
	return exportREFIQDA(ctx, e, sf, &uf, xf, *format, *out)
}

// exportREFIQDA writes the study as a REFI-QDA project or codebook shaped
// by the export tier of the account named by --user: a project needs
// limited or full (it holds transcripts), a codebook deidentified or more.
func exportREFIQDA(ctx context.Context, e *env, sf storeFlags, uf *userFlags, xf exportFlags, format, out string) error {
	if xf.shiftDates {
		return ownwords.Errorf(ownwords.EINVALID, "--shift-dates applies to the matrix (csv, xlsx) and events exports")
	}
	// A project holds every coder's layer and the consensus: while blind
	// coding hides them from coders, only owners take it.
	need, write, what, roles := ownwords.TierLimited, qdpx.ExportWith, "REFI-QDA project", []ownwords.Role{ownwords.RoleOwner}
	if format == "qdc" {
		need, write, what, roles = ownwords.TierDeidentified, qdpx.ExportCodebookWith, "REFI-QDA codebook", nil
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	tier, err := uf.exportTier(ctx, e, st, study, xf.tier, need, roles...)
	if err != nil {
		return err
	}
	ctx = ownwords.WithActor(ctx, uf.name)
	what = fmt.Sprintf("the %s at tier %s", what, tier)
	sink, err := newExportSink(ctx, e, st, study, xf.plaintext, nil, what, out)
	if err != nil {
		return err
	}
	err = sink.write(out, what, func(w io.Writer) error {
		return write(ctx, st, study.ID, w, qdpx.ExportOptions{Tier: tier})
	})
	if err != nil {
		return err
	}
	if err := st.Record(ctx, study.ID, "study.export", format, fmt.Sprintf("tier %s, file %s", tier, filepath.Base(out))); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported %q as %s at tier %s to %s%s\n", study.Name, format, tier, out, protection(xf.plaintext))
	return nil
}

// protection says how an export file was written, for the summary line.
func protection(plaintext bool) string {
	if plaintext {
		return " (UNENCRYPTED)"
	}
	return " (age-encrypted to the study's custodians)"
}

// matrixFlags choose the audience of a participant × item matrix export.
type matrixFlags struct {
	audience  string
	plan      string
	keepQuasi string
}

func (m *matrixFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.audience, "audience", report.AudiencePublic, "csv/xlsx: public (pseudonyms, identifiers withheld, years only, k-anonymous quasi-identifiers; the default, no account needed) or team (shaped by the export tier of --user)")
	fs.StringVar(&m.plan, "plan", "", "csv/xlsx: analysis plan whose sample and sections to export (default: the study's only plan, or \"reference\")")
	fs.StringVar(&m.keepQuasi, "keep-quasi", "", "csv/xlsx, public: comma-separated quasi-identifier attributes to keep; the export is refused if they single anyone out")
}

// export writes the matrix as OUT (xlsx: sheets data and dictionary; csv:
// OUT and OUT.dictionary.csv, both encrypted). The public matrix is the
// same for anyone; the team matrix is shaped by the export tier of the
// account named by --user. The export is audited before any file appears
// under its name; the summary lists what was withheld.
func (m *matrixFlags) export(ctx context.Context, e *env, sf storeFlags, uf *userFlags, xf exportFlags, format, out string) error {
	if m.audience != report.AudiencePublic && m.audience != report.AudienceTeam {
		return ownwords.Errorf(ownwords.EINVALID, "--audience must be public or team")
	}
	if format == "csv" && out == "-" {
		return ownwords.Errorf(ownwords.EINVALID, "a csv export is two files, the data and its dictionary: name them with -o FILE")
	}
	team := m.audience == report.AudienceTeam
	if !team && (xf.tier != "" || xf.shiftDates) {
		return ownwords.Errorf(ownwords.EINVALID, "--tier and --shift-dates apply to the team audience; the public matrix is the same for everyone")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	actor := ownwords.SystemActor
	opt := report.MatrixOptions{Audience: m.audience, Plan: m.plan}
	if team {
		// The team matrix holds the consensus codings per participant,
		// which blind coding hides from coders: owners and analysts only.
		if opt.Tier, err = uf.exportTier(ctx, e, st, study, xf.tier, ownwords.TierDeidentified, ownwords.RoleOwner, ownwords.RoleAnalyst); err != nil {
			return err
		}
		if opt.Deidentifier, err = xf.deidentifier(opt.Tier); err != nil {
			return err
		}
		actor = uf.name
	}
	ctx = ownwords.WithActor(ctx, actor)
	if m.keepQuasi != "" {
		opt.KeepQuasi = strings.Split(m.keepQuasi, ",")
	}
	mx, err := report.MatrixForStudy(ctx, st, study.ID, opt)
	if err != nil {
		return err
	}
	var withheld []string
	for _, w := range mx.Withheld {
		withheld = append(withheld, w.Attribute)
	}
	dictPath := strings.TrimSuffix(out, ".csv") + ".dictionary.csv"
	paths := []string{out}
	if format == "csv" {
		paths = []string{dictPath, out}
	}
	what := "the " + matrixName(mx)
	sink, err := newExportSink(ctx, e, st, study, xf.plaintext, nil, what, paths...)
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("participant × item matrix, audience %s, plan %s, %d rows, file %s", mx.Audience, mx.Plan, len(mx.Rows), filepath.Base(out))
	if mx.Tier != "" {
		detail += ", tier " + string(mx.Tier)
	}
	if len(withheld) > 0 {
		detail += ", withheld " + strings.Join(withheld, ",")
	}
	if err := st.Record(ctx, study.ID, "study.export", format, detail); err != nil {
		return err
	}
	if format == "xlsx" {
		err = sink.write(out, what, func(w io.Writer) error { return report.WriteMatrixXLSX(w, mx) })
	} else {
		err = writeMatrixCSV(sink, out, dictPath, what, mx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported the %s of %q (plan %s): %d participants, %d variables, to %s%s\n",
		matrixName(mx), study.Name, mx.Plan, len(mx.Rows), len(mx.Variables), out, protection(xf.plaintext))
	if format == "csv" {
		fmt.Fprintf(e.stdout, "Data dictionary: %s\n", dictPath)
	}
	for _, w := range mx.Withheld {
		fmt.Fprintf(e.stdout, "Withheld %s: %s\n", w.Attribute, w.Reason)
	}
	return nil
}

// matrixName names a matrix export by audience and tier.
func matrixName(mx *report.Matrix) string {
	if mx.Tier != "" {
		return fmt.Sprintf("%s participant × item matrix at tier %s", mx.Audience, mx.Tier)
	}
	return mx.Audience + " participant × item matrix"
}

// writeMatrixCSV writes the dictionary, then the data CSV, each renamed
// into place once complete: a data file never appears without its
// dictionary.
func writeMatrixCSV(sink *exportSink, dataPath, dictPath, what string, mx *report.Matrix) error {
	var data, dict bytes.Buffer
	if err := report.WriteMatrixCSV(&data, &dict, mx); err != nil {
		return err
	}
	if err := sink.write(dictPath, what+" (data dictionary)", func(w io.Writer) error { _, err := w.Write(dict.Bytes()); return err }); err != nil {
		return err
	}
	return sink.write(dataPath, what, func(w io.Writer) error { _, err := w.Write(data.Bytes()); return err })
}
