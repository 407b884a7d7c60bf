package qdpx

import (
	"archive/zip"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Limits of the archive reader. A .qdpx holds one XML file and its
// sources; these bounds leave room for hundreds of long transcripts and
// refuse zip bombs before anything is inflated.
const (
	// MaxArchiveBytes bounds the .qdpx file itself.
	MaxArchiveBytes = 1 << 30
	// MaxEntries bounds the number of archive entries.
	MaxEntries = 20000
	// MaxEntryBytes bounds one entry's uncompressed size.
	MaxEntryBytes = 256 << 20
	// MaxTotalBytes bounds the sum of uncompressed sizes.
	MaxTotalBytes = 1 << 30
	// MaxRatio bounds an entry's uncompressed/compressed ratio, above
	// ratioFloor bytes (small XML compresses very well).
	MaxRatio   = 100
	ratioFloor = 1 << 20
)

// archive is a checked .qdpx archive.
type archive struct {
	name  string
	files map[string]*zip.File // by lower-case name
	zr    *zip.Reader
}

// openArchive checks every entry of a .qdpx before any is inflated: sizes
// (declared per entry and in total, and compression ratios), names (no
// absolute path, no "..", no backslash, no drive letter, no duplicate) and
// types (no symlinks or other special files).
func openArchive(name string, r io.ReaderAt, size int64) (*archive, error) {
	if size > MaxArchiveBytes {
		return nil, invalidf(name, "the file is larger than %d MiB; refused", MaxArchiveBytes>>20)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && zr == nil {
		return nil, invalidf(name, "not a REFI-QDA project (not a readable ZIP archive: %v); export it again as .qdpx", err)
	}
	if len(zr.File) > MaxEntries {
		return nil, invalidf(name, "the archive lists %d entries, more than the %d allowed; refused as a possible zip bomb", len(zr.File), MaxEntries)
	}
	a := &archive{name: name, files: map[string]*zip.File{}, zr: zr}
	var total uint64
	for _, f := range zr.File {
		if err := checkEntryName(name, f.Name); err != nil {
			return nil, err
		}
		mode := f.Mode()
		if mode&fs.ModeSymlink != 0 {
			return nil, invalidf(name, "archive entry %q is a symbolic link; refused", f.Name)
		}
		if mode&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeCharDevice|fs.ModeIrregular) != 0 {
			return nil, invalidf(name, "archive entry %q is not a regular file; refused", f.Name)
		}
		if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		usize, packed := f.UncompressedSize64, f.CompressedSize64
		if usize > MaxEntryBytes {
			return nil, invalidf(name, "archive entry %q declares %d bytes uncompressed, more than the %d MiB allowed; refused as a possible zip bomb", f.Name, usize, MaxEntryBytes>>20)
		}
		total += usize
		if total > MaxTotalBytes {
			return nil, invalidf(name, "the archive declares more than %d MiB uncompressed in total; refused as a possible zip bomb", MaxTotalBytes>>20)
		}
		if usize > ratioFloor && (packed == 0 || usize/packed > MaxRatio) {
			return nil, invalidf(name, "archive entry %q is compressed more than %d:1; refused as a possible zip bomb", f.Name, MaxRatio)
		}
		key := strings.ToLower(f.Name)
		if a.files[key] != nil {
			return nil, invalidf(name, "the archive holds %q twice; refused as ambiguous", f.Name)
		}
		a.files[key] = f
	}
	return a, nil
}

// checkEntryName refuses names that could escape a directory if anyone
// unpacked the archive, even though we never write entries to disk.
func checkEntryName(name, entry string) error {
	bad := entry == "" || strings.ContainsAny(entry, "\\\x00") || strings.HasPrefix(entry, "/") ||
		(len(entry) >= 2 && entry[1] == ':')
	if !bad {
		for _, part := range strings.Split(entry, "/") {
			if part == ".." {
				bad = true
			}
		}
	}
	if bad {
		return invalidf(name, "archive entry %q has an unsafe path (absolute, with \"..\", a backslash or a drive letter); refused", entry)
	}
	return nil
}

// read returns an entry's bytes, reading at most its declared size:
// archive/zip fails when an entry inflates past the size it declares.
func (a *archive) read(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, invalidf(a.name, "cannot open archive entry %q (%v); the file is damaged", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return nil, invalidf(a.name, "cannot read archive entry %q (%v); the file is damaged", f.Name, err)
	}
	if uint64(len(b)) > f.UncompressedSize64 {
		return nil, invalidf(a.name, "archive entry %q inflates past its declared size; refused as a possible zip bomb", f.Name)
	}
	return b, nil
}

// projectEntry finds the project XML: project.qde, or the one .qde entry
// under another name (some tools name it after the project).
func (a *archive) projectEntry() (*zip.File, error) {
	if f := a.files["project.qde"]; f != nil {
		return f, nil
	}
	var found []*zip.File
	for _, f := range a.zr.File {
		if strings.EqualFold(path.Ext(f.Name), ".qde") {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 0:
		return nil, invalidf(a.name, "the archive holds no project.qde; this is not a REFI-QDA project")
	case 1:
		return found[0], nil
	}
	return nil, invalidf(a.name, "the archive holds %d .qde files; expected one project", len(found))
}

// source finds the entry of a source path as tools write it:
// internal://X (in sources/), relative://X, a bare relative name, or an
// absolute path or URL whose base name is in sources/.
func (a *archive) source(p string) *zip.File {
	p = strings.TrimSpace(p)
	for _, scheme := range []string{"internal://", "relative://", "file://"} {
		if len(p) >= len(scheme) && strings.EqualFold(p[:len(scheme)], scheme) {
			p = p[len(scheme):]
			break
		}
	}
	p = strings.ReplaceAll(p, `\`, "/")
	clean := strings.TrimPrefix(path.Clean("/"+p), "/")
	for _, c := range []string{"sources/" + clean, clean, "sources/" + path.Base(clean)} {
		if f := a.files[strings.ToLower(c)]; f != nil {
			return f
		}
	}
	return nil
}

// entryNames lists the regular entries, for the report of unused files.
func (a *archive) entryNames() []string {
	var out []string
	for _, f := range a.zr.File {
		if !f.FileInfo().IsDir() && !strings.HasSuffix(f.Name, "/") {
			out = append(out, f.Name)
		}
	}
	return out
}
