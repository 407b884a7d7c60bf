package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"ownwords"
	"ownwords/qdpx"
)

func init() {
	register(&command{name: "export", summary: "export the study as a REFI-QDA project (.qdpx) or codebook (.qdc)", run: runExport})
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
	fs := newFlags(e, "export", "--store S --format qdpx|qdc -o OUT")
	sf.register(fs, false)
	format := fs.String("format", "", "qdpx (REFI-QDA project) or qdc (REFI-QDA codebook)")
	out := fs.String("o", "", "output file (required)")
	if err := parse(fs, args); err != nil {
		return err
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
	case "csv", "xlsx":
		return ownwords.Errorf(ownwords.ENOTIMPLEMENTED, "--format %s is not implemented yet; use qdpx or qdc", *format)
	default:
		return ownwords.Errorf(ownwords.EINVALID, "--format must be qdpx or qdc")
	}
	if *out == "" {
		return ownwords.Errorf(ownwords.EINVALID, "-o OUT is required")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	// Write next to the target and rename, so a failed export leaves no
	// half-written file under the requested name.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".ownwords-export-*")
	if err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "cannot write in the directory of %s: %v", *out, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(ctx, st, study.ID, tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	if err := st.Record(ctx, study.ID, "study.export", *format, filepath.Base(*out)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Exported %q as %s to %s\n", study.Name, *format, *out)
	return nil
}
