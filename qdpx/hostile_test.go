package qdpx_test

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io/fs"
	"strings"
	"testing"

	"ownwords"
	"ownwords/qdpx"
)

// entry is one file of a synthetic archive.
type entry struct {
	name string
	body string
	mode fs.FileMode
	// declared, if set, is the uncompressed size written into the headers
	// instead of the body's (a lying zip bomb); the body is stored raw.
	declared uint64
}

func mustZip(tb testing.TB, entries ...entry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var err error
		switch {
		case e.declared > 0:
			h := &zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(e.body)),
				CompressedSize64: e.declared / 50, UncompressedSize64: e.declared}
			w, err2 := zw.CreateRaw(h)
			if err2 == nil {
				_, err2 = w.Write([]byte(e.body))
			}
			err = err2
		default:
			h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
			if e.mode != 0 {
				h.SetMode(e.mode)
			}
			w, err2 := zw.CreateHeader(h)
			if err2 == nil {
				_, err2 = w.Write([]byte(e.body))
			}
			err = err2
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const minimalQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="11111111-1111-1111-1111-111111111111" name="s" plainTextPath="internal://s.txt"/></Sources></Project>`

func TestReadRefusesHostileFiles(t *testing.T) {
	big := strings.Repeat("x", qdpx.MaxAttrBytes+1)
	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"ErrNotZip", []byte("PK not really"), "not a readable ZIP"},
		{"ErrZipBombRatio", mustZip(t, entry{name: "project.qde", body: minimalQDE}, entry{name: "sources/s.txt", body: strings.Repeat("0", 4<<20)}), "compressed more than"},
		{"ErrZipBombDeclaredEntry", mustZip(t, entry{name: "project.qde", body: minimalQDE}, entry{name: "sources/s.txt", body: "tiny", declared: 1 << 40}), "more than the 256 MiB allowed"},
		{"ErrZipBombDeclaredTotal", mustZip(t, entry{name: "a.txt", body: "a", declared: 250 << 20}, entry{name: "b.txt", body: "b", declared: 250 << 20},
			entry{name: "c.txt", body: "c", declared: 250 << 20}, entry{name: "d.txt", body: "d", declared: 250 << 20}, entry{name: "e.txt", body: "e", declared: 250 << 20}), "in total"},
		{"ErrPathTraversal", mustZip(t, entry{name: "project.qde", body: minimalQDE}, entry{name: "sources/../../etc/s.txt", body: "x"}), "unsafe path"},
		{"ErrAbsolutePath", mustZip(t, entry{name: "/tmp/project.qde", body: minimalQDE}), "unsafe path"},
		{"ErrBackslashPath", mustZip(t, entry{name: `..\project.qde`, body: minimalQDE}), "unsafe path"},
		{"ErrDriveLetter", mustZip(t, entry{name: "C:/project.qde", body: minimalQDE}), "unsafe path"},
		{"ErrSymlink", mustZip(t, entry{name: "project.qde", body: minimalQDE}, entry{name: "sources/s.txt", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777}), "symbolic link"},
		{"ErrNoProject", mustZip(t, entry{name: "sources/s.txt", body: "x"}), "no project.qde"},
		{"ErrEntityExpansion", mustZip(t, entry{name: "project.qde", body: `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Project name="&b;"/>`}), "DOCTYPE"},
		{"ErrExternalEntity", mustZip(t, entry{name: "project.qde", body: `<?xml version="1.0"?><!DOCTYPE Project SYSTEM "file:///etc/passwd"><Project name="p"/>`}), "DOCTYPE"},
		{"ErrUndeclaredEntity", mustZip(t, entry{name: "project.qde", body: `<Project name="&xxe;"/>`}), "malformed XML"},
		{"ErrGiganticAttribute", mustZip(t, entry{name: "project.qde", body: `<Project name="` + big + `"/>`}), "KiB allowed"},
		{"ErrDeepNesting", mustZip(t, entry{name: "project.qde", body: `<Project name="p">` + strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300) + `</Project>`}), "nested more than"},
		{"ErrInvalidUTF8XML", mustZip(t, entry{name: "project.qde", body: "<Project name=\"p\xff\"/>"}), "invalid UTF-8"},
		{"ErrInvalidUTF8Source", mustZip(t, entry{name: "project.qde", body: minimalQDE}, entry{name: "sources/s.txt", body: "caf\xe9 \xff\xfe\xfd"}), "s.txt"},
		{"ErrNotAProject", mustZip(t, entry{name: "project.qde", body: `<CodeBook/>`}), "not a REFI-QDA project"},
		{"ErrLatin1Declared", mustZip(t, entry{name: "project.qde", body: `<?xml version="1.0" encoding="ISO-8859-1"?><Project name="p"/>`}), "malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := qdpx.Read("hostile.qdpx", bytes.NewReader(tc.file), int64(len(tc.file)))
			if err == nil {
				t.Fatal("read succeeded")
			}
			msg := ownwords.ErrorMessage(err)
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(msg, "hostile.qdpx") || !strings.Contains(msg, tc.want) {
				t.Fatalf("error = %v (%s), want EINVALID naming the file and %q", err, ownwords.ErrorCode(err), tc.want)
			}
		})
	}
}

// TestApplyIsAtomic imports the qc project twice into one study: the
// second import conflicts on the interview titles and must leave the
// study exactly as the first left it.
func TestApplyIsAtomic(t *testing.T) {
	b := mustReadFile(t, fixture("qc-1.3.2-demo.qdpx"))
	st, study, _ := mustImport(t, "qc.qdpx", b)
	ctx := t.Context()
	before, _ := st.Segments(ctx, ownwords.SegmentFilter{StudyID: study.ID})
	users, _ := st.Users(ctx)
	err := st.Update(ctx, func(svc ownwords.Services) error {
		_, err := qdpx.Apply(ctx, svc, study.ID, mustRead(t, "qc.qdpx", b))
		return err
	})
	if ownwords.ErrorCode(err) != ownwords.ECONFLICT || !strings.Contains(ownwords.ErrorMessage(err), "qc.qdpx") {
		t.Fatalf("second import: %v, want ECONFLICT naming the file", err)
	}
	after, _ := st.Segments(ctx, ownwords.SegmentFilter{StudyID: study.ID})
	users2, _ := st.Users(ctx)
	cb, _ := st.Codebook(ctx, study.ID)
	if len(after) != len(before) || len(before) != 205 || len(users2) != len(users) || len(cb.Codes) != 262 {
		t.Fatalf("after a failed import: %d segments (want %d), %d users (want %d), %d codes (want 262)", len(after), len(before), len(users2), len(users), len(cb.Codes))
	}
}
