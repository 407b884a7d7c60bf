package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/report"
)

func init() {
	register(&command{name: "export", summary: "export the study as a REFI-QDA project (.qdpx) or codebook (.qdc), or its participant × item matrix (.csv, .xlsx)", run: runExport})
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
	var mf matrixFlags
	fs := newFlags(e, "export", "--store S --format qdpx|qdc|csv|xlsx -o OUT [--audience public|team]")
	sf.register(fs, false)
	mf.register(fs)
	format := fs.String("format", "", "qdpx (REFI-QDA project), qdc (REFI-QDA codebook), csv or xlsx (participant × item matrix with a data dictionary)")
	out := fs.String("o", "", "output file (required); csv also writes OUT.dictionary.csv (OUT without .csv)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format == "csv" || *format == "xlsx" {
		if *out == "" {
			return ownwords.Errorf(ownwords.EINVALID, "-o OUT is required")
		}
		return mf.export(ctx, e, sf, *format, *out)
	}
	var write func(context.Context, ownwords.Services, string, *os.File) error
	switch *format {
	case "qdpx":
		write = func(ctx context.Context, svc ownwords.Services, id string, f *os.File) error {
			return qdpx.Export(ctx, svc, id, f)
		}
	case "qdc":
		write = func(ctx context.Context, svc ownwords.Services, id string, f *os.File) error {
			return qdpx.ExportCodebook(ctx, svc, id, f)
		}
	default:
		return ownwords.Errorf(ownwords.EINVALID, "--format must be qdpx, qdc, csv or xlsx")
	}
	if *out == "" {
		return ownwords.Errorf(ownwords.EINVALID, "-o OUT is required")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	err = writeReplacing(*out, func(f *os.File) error { return write(ctx, st, study.ID, f) })
	if err != nil {
		return err
	}
	if err := st.Record(ctx, study.ID, "study.export", *format, filepath.Base(*out)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported %q as %s to %s\n", study.Name, *format, *out)
	return nil
}

// writeReplacing writes path through write: into a file beside it, renamed
// into place only when write succeeds, so a failed export leaves no
// half-written file under the requested name.
func writeReplacing(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ownwords-export-*")
	if err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "cannot write in the directory of %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// matrixFlags choose the audience of a participant × item matrix export.
type matrixFlags struct {
	user      userFlags
	audience  string
	plan      string
	keepQuasi string
}

func (m *matrixFlags) register(fs *flag.FlagSet) {
	m.user.register(fs)
	fs.StringVar(&m.audience, "audience", report.AudiencePublic, "csv/xlsx: public (pseudonyms, identifiers withheld, k-anonymous quasi-identifiers; the default) or team (participant codes, exact values; needs --user, owner or analyst)")
	fs.StringVar(&m.plan, "plan", "", "csv/xlsx: analysis plan whose sample and sections to export (default: the study's only plan, or \"reference\")")
	fs.StringVar(&m.keepQuasi, "keep-quasi", "", "csv/xlsx, public: comma-separated quasi-identifier attributes to keep; the export is refused if they single anyone out")
}

// export writes the matrix as OUT (xlsx: sheets data and dictionary; csv:
// OUT and OUT.dictionary.csv). The export is audited before any file
// appears under its name; the public one lists what it withheld.
func (m *matrixFlags) export(ctx context.Context, e *env, sf storeFlags, format, out string) error {
	if m.audience != report.AudiencePublic && m.audience != report.AudienceTeam {
		return ownwords.Errorf(ownwords.EINVALID, "--audience must be public or team")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	actor := ownwords.SystemActor
	if m.audience == report.AudienceTeam {
		if _, err := m.user.authorize(ctx, e, st, study, ownwords.RoleOwner, ownwords.RoleAnalyst); err != nil {
			return err
		}
		actor = m.user.name
	}
	opt := report.MatrixOptions{Audience: m.audience, Plan: m.plan}
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
	detail := fmt.Sprintf("participant × item matrix, audience %s, plan %s, %d rows, file %s", mx.Audience, mx.Plan, len(mx.Rows), filepath.Base(out))
	if len(withheld) > 0 {
		detail += ", withheld " + strings.Join(withheld, ",")
	}
	if err := st.Record(ownwords.WithActor(ctx, actor), study.ID, "study.export", format, detail); err != nil {
		return err
	}
	if format == "xlsx" {
		err = writeReplacing(out, func(f *os.File) error { return report.WriteMatrixXLSX(f, mx) })
	} else {
		err = writeMatrixCSV(out, dictPath, mx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported the %s participant × item matrix of %q (plan %s): %d participants, %d variables, to %s\n",
		mx.Audience, study.Name, mx.Plan, len(mx.Rows), len(mx.Variables), out)
	if format == "csv" {
		fmt.Fprintf(e.stdout, "Data dictionary: %s\n", dictPath)
	}
	for _, w := range mx.Withheld {
		fmt.Fprintf(e.stdout, "Withheld %s: %s\n", w.Attribute, w.Reason)
	}
	return nil
}

// writeMatrixCSV writes the dictionary, then the data CSV, each renamed
// into place once complete: a data file never appears without its
// dictionary.
func writeMatrixCSV(dataPath, dictPath string, mx *report.Matrix) error {
	var data, dict bytes.Buffer
	if err := report.WriteMatrixCSV(&data, &dict, mx); err != nil {
		return err
	}
	if err := writeReplacing(dictPath, func(f *os.File) error { _, err := f.Write(dict.Bytes()); return err }); err != nil {
		return err
	}
	return writeReplacing(dataPath, func(f *os.File) error { _, err := f.Write(data.Bytes()); return err })
}
