package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
)

// archiveLimits bound what a ZIP-based document (.docx, .odt, .xlsx) may
// make us unpack: a "zip bomb" declares or compresses to sizes far beyond
// any real document.
type archiveLimits struct {
	// Input is the largest archive file read into memory.
	Input int64
	// Entries is the most entries an archive may list.
	Entries int
	// Entry and Total bound declared uncompressed sizes, per entry and summed.
	Entry, Total uint64
	// Ratio is the largest uncompressed/compressed ratio, checked for
	// entries above RatioFloor (small XML parts compress very well).
	Ratio      uint64
	RatioFloor uint64
}

// defaultArchiveLimits leave room for a 16 MiB transcript wrapped in
// verbose XML (Word writes ~5 bytes of markup per byte of text) while
// refusing anything much larger; real documents compress 5-20:1.
var defaultArchiveLimits = archiveLimits{
	Input:      64 << 20,
	Entries:    10000,
	Entry:      128 << 20,
	Total:      256 << 20,
	Ratio:      100,
	RatioFloor: 1 << 20,
}

// archive is an opened ZIP file whose entries passed the limits.
type archive struct {
	name string
	zr   *zip.Reader
	data []byte
}

// openArchive reads a ZIP archive and checks every entry's declared sizes
// before anything is decompressed. kind names the expected format in
// errors ("a .docx file"); hint says what to do with a file that is not one.
func openArchive(name string, r io.Reader, lim archiveLimits, kind, hint string) (*archive, error) {
	b, err := io.ReadAll(io.LimitReader(r, lim.Input+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if int64(len(b)) > lim.Input {
		return nil, inputErrorf(name, "", "the file is larger than %d MiB; no %s of that size is plausible", lim.Input>>20, kind)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if errors.Is(err, zip.ErrInsecurePath) {
		return nil, inputErrorf(name, "", "the archive holds an entry with an unsafe path (absolute or with \"..\"); refused")
	}
	if err != nil {
		return nil, inputErrorf(name, "", "not %s (not a readable ZIP archive); %s", kind, hint)
	}
	if len(zr.File) > lim.Entries {
		return nil, inputErrorf(name, "", "the archive lists %d entries, more than the %d allowed; refused as a possible zip bomb", len(zr.File), lim.Entries)
	}
	var total uint64
	for _, f := range zr.File {
		size, packed := f.UncompressedSize64, f.CompressedSize64
		if size > lim.Entry {
			return nil, inputErrorf(name, "", "archive entry %q declares %d bytes uncompressed, more than the %d MiB allowed; refused as a possible zip bomb", f.Name, size, lim.Entry>>20)
		}
		total += size
		if total > lim.Total {
			return nil, inputErrorf(name, "", "the archive declares more than %d MiB uncompressed in total; refused as a possible zip bomb", lim.Total>>20)
		}
		if size > lim.RatioFloor && (packed == 0 || size/packed > lim.Ratio) {
			return nil, inputErrorf(name, "", "archive entry %q is compressed more than %d:1; refused as a possible zip bomb", f.Name, lim.Ratio)
		}
	}
	return &archive{name: name, zr: zr, data: b}, nil
}

// open returns the entry named part (matched ignoring case, as OPC
// requires), reading at most its declared size: archive/zip also fails
// when an entry inflates past the size it declares.
func (a *archive) open(part string) (io.ReadCloser, error) {
	var found *zip.File
	for _, f := range a.zr.File {
		if !strings.EqualFold(f.Name, part) {
			continue
		}
		if found != nil {
			return nil, inputErrorf(a.name, "", "the archive holds %q twice; refused as ambiguous", part)
		}
		found = f
	}
	if found == nil {
		return nil, errNoEntry
	}
	rc, err := found.Open()
	if err != nil {
		return nil, inputErrorf(a.name, "", "cannot open archive entry %q (%v); the file is damaged: open and save it again", part, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, int64(found.UncompressedSize64)), rc}, nil
}

// errNoEntry reports a missing archive entry; callers turn it into an
// error that says which document part is missing.
var errNoEntry = errors.New("no such archive entry")

// readEntry reads a whole (small) entry, or returns errNoEntry.
func (a *archive) readEntry(part string) ([]byte, error) {
	rc, err := a.open(part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, inputErrorf(a.name, "", "cannot read archive entry %q (%v); the file is damaged: open and save it again", part, err)
	}
	return b, nil
}
