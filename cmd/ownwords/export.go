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
	"ownwords/gate"
	"ownwords/qdpx"
	"ownwords/report"
)

func init() {
	register(&command{name: "export", summary: "export the study as a REFI-QDA project (.qdpx) or codebook (.qdc), its participant × item matrix (.csv, .xlsx), or its analysis plans (.json): age-encrypted to the custodians, shaped by your export tier", run: runExport})
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
	fs := newFlags(e, "export", "--store S --format qdpx|qdc|csv|xlsx|plan -o OUT [--user U] [--audience public|team] [--tier T] [--shift-dates] [--plaintext]")
	sf.register(fs, false)
	uf.register(fs)
	mf.register(fs)
	xf.register(fs, true, true)
	format := fs.String("format", "", "qdpx (REFI-QDA project with transcripts: --user at tier limited or full), qdc (REFI-QDA codebook: --user at tier deidentified or more; deidentified leaves out code examples), csv or xlsx (participant × item matrix with a data dictionary), plan (the analysis plans as JSON, the file `ownwords import` reads: one plan object when --plan names one or the study has one, else {\"ownwords_plans\": 1, \"plans\": [...]}; owners and analysts)")
	out := fs.String("o", "", "output file (required; \"-\" for standard output); csv also writes OUT.dictionary.csv (OUT without .csv; X.csv.age gives X.dictionary.csv.age)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "qdpx", "qdc", "csv", "xlsx", "plan":
	default:
		return ownwords.Errorf(ownwords.EINVALID, "--format must be qdpx, qdc, csv, xlsx or plan")
	}
	if *out == "" {
		return ownwords.Errorf(ownwords.EINVALID, "-o OUT is required")
	}
	if *format == "plan" {
		return exportPlans(ctx, e, sf, &uf, xf, mf.plan, *out)
	}
	if *format == "csv" || *format == "xlsx" {
		return mf.export(ctx, e, sf, &uf, xf, *format, *out)
	}
	return exportREFIQDA(ctx, e, sf, &uf, xf, *format, *out)
}

// exportREFIQDA writes the study as a REFI-QDA project or codebook,
// shaped as the application layer decides (gate.Gate.ExportREFIQDA).
func exportREFIQDA(ctx context.Context, e *env, sf storeFlags, uf *userFlags, xf exportFlags, format, out string) error {
	if xf.shiftDates {
		return ownwords.Errorf(ownwords.EINVALID, "--shift-dates applies to the matrix (csv, xlsx) and events exports")
	}
	return writeExport(ctx, e, sf, uf, xf, "the "+format+" export", out, func(ctx context.Context, as *asCaller) (*gate.Export, string, error) {
		x, err := as.g.ExportREFIQDA(ctx, as.c, gate.REFIQDARequest{Format: format, Tier: xf.tier, File: filepath.Base(out)})
		if err != nil {
			return nil, "", err
		}
		return x, fmt.Sprintf("%q as %s at tier %s", as.study.Name, format, x.Tier), nil
	})
}

// exportPlans writes the study's analysis plans (the one named, or all)
// as a plan file, as the application layer prepares it
// (gate.Gate.ExportPlans).
func exportPlans(ctx context.Context, e *env, sf storeFlags, uf *userFlags, xf exportFlags, plan, out string) error {
	if xf.shiftDates || xf.tier != "" {
		return ownwords.Errorf(ownwords.EINVALID, "--tier and --shift-dates do not apply to analysis plans, which hold no personal data")
	}
	return writeExport(ctx, e, sf, uf, xf, "the analysis plans", out, func(ctx context.Context, as *asCaller) (*gate.Export, string, error) {
		x, err := as.g.ExportPlans(ctx, as.c, gate.PlansRequest{Plan: plan, File: filepath.Base(out)})
		if err != nil {
			return nil, "", err
		}
		return x, fmt.Sprintf("%s of %q", x.What, as.study.Name), nil
	})
}

// writeExport is the path of a one-file export the application layer
// prepares: open the store as the account, ready the sink (encrypted, or
// plaintext confirmed) before the use case runs, write the file and print
// "Exported <summary> to OUT". what names the file in the confirmation.
func writeExport(ctx context.Context, e *env, sf storeFlags, uf *userFlags, xf exportFlags, what, out string,
	prepare func(context.Context, *asCaller) (*gate.Export, string, error)) error {
	as, err := sf.openAs(ctx, e, uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	ctx = as.c.Context(ctx)
	sink, err := newExportSink(ctx, e, as.st, as.study, xf.plaintext, nil, what, out)
	if err != nil {
		return err
	}
	x, summary, err := prepare(ctx, as)
	if err != nil {
		return err
	}
	if err := sink.write(out, x.What, x.Write); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported %s to %s%s\n", summary, out, protection(xf.plaintext))
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
	fs.StringVar(&m.plan, "plan", "", "csv/xlsx: analysis plan whose sample and sections to export (default: the study's only plan, or \"reference\"); plan: the one plan to export (default: every plan)")
	fs.StringVar(&m.keepQuasi, "keep-quasi", "", "csv/xlsx, public: comma-separated quasi-identifier attributes to keep; the export is refused if they single anyone out")
}

// export writes the matrix as OUT (xlsx: sheets data and dictionary; csv:
// OUT and OUT.dictionary.csv, both encrypted), as the application layer
// shapes it (gate.Gate.ExportMatrix); the summary lists what was withheld.
func (m *matrixFlags) export(ctx context.Context, e *env, sf storeFlags, uf *userFlags, xf exportFlags, format, out string) error {
	if format == "csv" && out == "-" {
		return ownwords.Errorf(ownwords.EINVALID, "a csv export is two files, the data and its dictionary: name them with -o FILE")
	}
	as, err := sf.openAs(ctx, e, uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	ctx = as.c.Context(ctx)
	dictPath := dictionaryPath(out)
	paths := []string{out}
	if format == "csv" {
		paths = []string{dictPath, out}
	}
	sink, err := newExportSink(ctx, e, as.st, as.study, xf.plaintext, nil, "the "+m.audience+" participant × item matrix", paths...)
	if err != nil {
		return err
	}
	req := gate.MatrixRequest{Audience: m.audience, Plan: m.plan, Tier: xf.tier, ShiftDates: xf.shiftDates, Format: format, File: filepath.Base(out)}
	if m.keepQuasi != "" {
		req.KeepQuasi = strings.Split(m.keepQuasi, ",")
	}
	mx, err := as.g.ExportMatrix(ctx, as.c, req)
	if err != nil {
		return err
	}
	what := "the " + matrixName(mx)
	if format == "xlsx" {
		err = sink.write(out, what, func(w io.Writer) error { return report.WriteMatrixXLSX(w, mx) })
	} else {
		err = writeMatrixCSV(sink, out, dictPath, what, mx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported the %s of %q (plan %s): %d participants, %d variables, to %s%s\n",
		matrixName(mx), as.study.Name, mx.Plan, len(mx.Rows), len(mx.Variables), out, protection(xf.plaintext))
	if format == "csv" {
		fmt.Fprintf(e.stdout, "Data dictionary: %s\n", dictPath)
	}
	for _, w := range mx.Withheld {
		fmt.Fprintf(e.stdout, "Withheld %s: %s\n", w.Attribute, w.Reason)
	}
	return nil
}

// dictionaryPath is where a CSV matrix export to out writes its data
// dictionary: X.csv and X give X.dictionary.csv, and an encrypted X.csv.age
// gives X.dictionary.csv.age.
func dictionaryPath(out string) string {
	if base, ok := strings.CutSuffix(out, ".age"); ok {
		return strings.TrimSuffix(base, ".csv") + ".dictionary.csv.age"
	}
	return strings.TrimSuffix(out, ".csv") + ".dictionary.csv"
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
