package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"ownwords"
	"ownwords/internal/mediatest"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestRecordingRanges plays a recording of three chunks with HTTP Range:
// the whole file, its first bytes, a middle across a chunk boundary, a
// suffix, and a range past its end (416), with Content-Range right.
func TestRecordingRanges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		data := fakeWAV(2*sqldb.RecordingChunkSize + 4321)
		rec := f.mustRecording(t.Context(), f.iv, "long.wav", data)
		n := len(data)
		path := "/recordings/" + rec.ID
		for _, c := range []struct {
			name, rng    string
			status       int
			from, to     int // the bytes expected, [from, to)
			contentRange string
		}{
			{"Whole", "", http.StatusOK, 0, n, ""},
			{"FirstBytes", "bytes=0-99", http.StatusPartialContent, 0, 100, fmt.Sprintf("bytes 0-99/%d", n)},
			{"OpenFromZero", "bytes=0-", http.StatusPartialContent, 0, n, fmt.Sprintf("bytes 0-%d/%d", n-1, n)},
			{"MiddleAcrossChunks", fmt.Sprintf("bytes=%d-%d", sqldb.RecordingChunkSize-10, sqldb.RecordingChunkSize+9), http.StatusPartialContent,
				sqldb.RecordingChunkSize - 10, sqldb.RecordingChunkSize + 10, fmt.Sprintf("bytes %d-%d/%d", sqldb.RecordingChunkSize-10, sqldb.RecordingChunkSize+9, n)},
			{"Suffix", "bytes=-500", http.StatusPartialContent, n - 500, n, fmt.Sprintf("bytes %d-%d/%d", n-500, n-1, n)},
			{"PastTheEnd", fmt.Sprintf("bytes=%d-", n+10), http.StatusRequestedRangeNotSatisfiable, 0, 0, fmt.Sprintf("bytes */%d", n)},
		} {
			t.Run(c.name, func(t *testing.T) {
				var h http.Header
				if c.rng != "" {
					h = http.Header{"Range": {c.rng}}
				}
				res := f.do(http.MethodGet, path, asCoder, nil, h)
				if res.Code != c.status {
					t.Fatalf("status %d, want %d: %s", res.Code, c.status, res.Body.String()[:min(200, res.Body.Len())])
				}
				if got := res.Header().Get("Content-Range"); got != c.contentRange {
					t.Errorf("Content-Range %q, want %q", got, c.contentRange)
				}
				if c.status == http.StatusRequestedRangeNotSatisfiable {
					return
				}
				if !bytes.Equal(res.Body.Bytes(), data[c.from:c.to]) {
					t.Errorf("body of %d bytes is not bytes %d-%d", res.Body.Len(), c.from, c.to)
				}
				if res.Header().Get("Content-Type") != "audio/wav" || res.Header().Get("Accept-Ranges") != "bytes" {
					t.Errorf("headers %v", res.Header())
				}
			})
		}
		// If-Range with the ETag gives the range; with another, the whole.
		etag := f.do(http.MethodGet, path, asCoder, nil, nil).Header().Get("ETag")
		if res := f.do(http.MethodGet, path, asCoder, nil, http.Header{"Range": {"bytes=0-9"}, "If-Range": {etag}}); res.Code != http.StatusPartialContent {
			t.Errorf("If-Range with the ETag %s: status %d", etag, res.Code)
		}
		if res := f.do(http.MethodGet, path, asCoder, nil, http.Header{"Range": {"bytes=0-9"}, "If-Range": {`"stale"`}}); res.Code != http.StatusOK || res.Body.Len() != n {
			t.Errorf("If-Range with a stale ETag: status %d, %d bytes", res.Code, res.Body.Len())
		}
	})
}

// TestRecordingByRole plays through the web handler as every requester:
// text roles get the bytes (owners may keep them, coders get no-store),
// roles without text and strangers get none, another study's recording
// is not found; the interview page carries the player for text roles.
func TestRecordingByRole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		data := fakeWAV(64 << 10)
		for _, c := range []struct {
			who    string
			status int
			cache  string
		}{
			{asOwner, http.StatusPartialContent, "private, no-cache"},
			{asCoder, http.StatusPartialContent, "no-store"},
			{asAnalyst, http.StatusForbidden, "no-store"},
			{asViewer, http.StatusForbidden, "no-store"},
			{asNoRole, http.StatusForbidden, "no-store"},
			{asNobody, http.StatusSeeOther, "no-store"}, // to the login page
		} {
			res := f.do(http.MethodGet, "/recordings/"+f.rec.ID, c.who, nil, http.Header{"Range": {"bytes=0-15"}})
			if res.Code != c.status || res.Header().Get("Cache-Control") != c.cache {
				t.Errorf("%s: status %d, Cache-Control %q; want %d, %q", c.who, res.Code, res.Header().Get("Cache-Control"), c.status, c.cache)
			}
			if got := res.Body.Bytes(); (c.status == http.StatusPartialContent) != bytes.Equal(got, data[:16]) {
				t.Errorf("%s: body %q", c.who, got[:min(16, len(got))])
			}
		}
		if res := f.do(http.MethodGet, "/recordings/"+f.otherRec.ID, asOwner, nil, nil); res.Code != http.StatusNotFound {
			t.Errorf("another study's recording: status %d", res.Code)
		}
		page := f.do(http.MethodGet, "/interviews/"+f.iv.ID, asCoder, nil, nil).Body.String()
		if !strings.Contains(page, `<audio id="media" src="/recordings/`+f.rec.ID+`"`) || !strings.Contains(page, "/static/player.js") {
			t.Errorf("the interview page has no player:\n%s", page[:min(3000, len(page))])
		}
		var js struct {
			Recordings []*ownwords.Recording `json:"recordings"`
		}
		must(t, json.Unmarshal(f.do(http.MethodGet, "/interviews/"+f.iv.ID, asCoder, nil, jsonHeader).Body.Bytes(), &js))
		if len(js.Recordings) != 1 || js.Recordings[0].ID != f.rec.ID || js.Recordings[0].MediaType != "audio/wav" {
			t.Errorf("the interview's JSON lists recordings %+v", js.Recordings)
		}
		// A playback's start is audited once per request from byte 0,
		// never for the ranges of a seek.
		plays := func() int {
			n := 0
			for _, a := range f.auditActions() {
				if strings.HasSuffix(a, " recording.play") {
					n++
				}
			}
			return n
		}
		before := plays()
		f.do(http.MethodGet, "/recordings/"+f.rec.ID, asCoder, nil, http.Header{"Range": {"bytes=0-"}})
		f.do(http.MethodGet, "/recordings/"+f.rec.ID, asCoder, nil, http.Header{"Range": {"bytes=1000-"}})
		if got := plays() - before; got != 1 {
			t.Errorf("%d playback entries for a start and a seek, want 1", got)
		}
	})
}

// TestRecordingDamagedIsCut: when a chunk fails authentication (the
// store's tamper tests show it does for a flipped, swapped or missing
// chunk), the response stops before its bytes, and a range inside it
// sends none.
func TestRecordingDamagedIsCut(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	data := fakeWAV(2*sqldb.RecordingChunkSize + 10)
	rec := f.mustRecording(t.Context(), f.iv, "damaged.wav", data)
	g := *f
	g.store = damagedStore{Store: st, at: sqldb.RecordingChunkSize}
	g.srv = NewServer(g.store, f.study.ID, Options{Now: f.clock.Now})
	g.h = g.srv.Handler()
	g.cookies = map[string]*http.Cookie{}
	res := g.do(http.MethodGet, "/recordings/"+rec.ID, asCoder, nil, nil)
	if res.Body.Len() > sqldb.RecordingChunkSize || !bytes.Equal(res.Body.Bytes(), data[:res.Body.Len()]) {
		t.Fatalf("served %d of %d bytes, past the damaged chunk", res.Body.Len(), len(data))
	}
	res = g.do(http.MethodGet, "/recordings/"+rec.ID, asCoder, nil, http.Header{"Range": {fmt.Sprintf("bytes=%d-%d", sqldb.RecordingChunkSize+5, sqldb.RecordingChunkSize+50)}})
	if res.Body.Len() != 0 {
		t.Fatalf("served %d bytes of a damaged chunk", res.Body.Len())
	}
}

// TestRecordingDamagedFileNamed: a recording whose file is missing or
// cut short is refused with an error naming the file as the study's
// owner knows it (S.media/<name>), never by its path on the server.
func TestRecordingDamagedFileNamed(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(p string) error
		want   string
	}{
		{"Missing", os.Remove, "is missing"},
		{"Short", func(p string) error { return os.Truncate(p, 10) }, "holds 10 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, path := sqldbtest.OpenSQLite(t)
			f := newFixture(t, st, Options{})
			before := map[string]bool{}
			files, _ := os.ReadDir(sqldb.MediaDir(path))
			for _, e := range files {
				before[e.Name()] = true
			}
			rec := f.mustRecording(t.Context(), f.iv, "damaged.wav", fakeWAV(1000))
			files, err := os.ReadDir(sqldb.MediaDir(path))
			must(t, err)
			var name string
			for _, e := range files {
				if !before[e.Name()] {
					name = e.Name()
				}
			}
			must(t, c.damage(filepath.Join(sqldb.MediaDir(path), name)))
			for _, h := range []http.Header{nil, {"Accept": {"application/json"}}} {
				res := f.do(http.MethodGet, "/recordings/"+rec.ID, asOwner, nil, h)
				body := res.Body.String()
				if res.Code != http.StatusBadRequest || !strings.Contains(body, "study.ownwords.media/"+name) || !strings.Contains(body, c.want) {
					t.Errorf("%d %q: want 400 naming study.ownwords.media/%s (%s)", res.Code, body, name, c.want)
				}
				if strings.Contains(body, filepath.Dir(path)) {
					t.Errorf("the response names the server's path %s: %q", filepath.Dir(path), body)
				}
			}
		})
	}
}

// damagedStore opens recordings whose bytes from at on fail to read, as
// a chunk that fails authentication does.
type damagedStore struct {
	ownwords.Store
	at int64
}

func (d damagedStore) OpenRecording(ctx context.Context, id string) (ownwords.RecordingReader, error) {
	r, err := d.Store.OpenRecording(ctx, id)
	if err != nil {
		return nil, err
	}
	return &damagedReader{RecordingReader: r, at: d.at}, nil
}

type damagedReader struct {
	ownwords.RecordingReader
	at, pos int64
}

func (d *damagedReader) Read(p []byte) (int, error) {
	if d.pos >= d.at {
		return 0, ownwords.Errorf(ownwords.EINVALID, "chunk fails authentication")
	}
	if rest := d.at - d.pos; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := d.RecordingReader.Read(p)
	d.pos += int64(n)
	return n, err
}

func (d *damagedReader) Seek(off int64, whence int) (int64, error) {
	n, err := d.RecordingReader.Seek(off, whence)
	d.pos = n
	return n, err
}

// TestRecordingServeCanaryAndMemory imports real media (made by ffmpeg)
// into a study file, serves it over HTTP, and checks (1) the study's
// directory holds no container signature while a response is half read
// and after, and (2) the heap while streaming stays far below the
// recording's size (the live heap, sampled after a collection every
// 4 MiB, grows by less than 16 MiB while 48 MiB stream: it holds a chunk
// or two per connection and SQLite's module memory, not the recording).
func TestRecordingServeCanaryAndMemory(t *testing.T) {
	mediatest.FFmpeg(t)
	in := t.TempDir()
	st, path := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	dir := filepath.Dir(path)
	webm := mediatest.Make(t, in, "visit.webm", 2, "quorblaxserved")
	rec := f.mustRecordingFile(webm, "video/webm")
	// A large recording for the memory bound: 48 MiB of pseudo-media.
	big := fakeWAV(48 << 20)
	bigRec := f.mustRecording(t.Context(), f.iv, "big.wav", big)
	big = nil
	ts := httptest.NewServer(f.h)
	defer ts.Close()
	get := func(id string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/recordings/"+id, nil)
		req.AddCookie(f.cookie(asCoder))
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		return res
	}
	res := get(rec.ID)
	half := make([]byte, 100)
	if _, err := io.ReadFull(res.Body, half); err != nil {
		t.Fatal(err)
	}
	mediatest.Sweep(t, dir, []string{"quorblaxserved"}, nil) // during
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	mediatest.Sweep(t, dir, []string{"quorblaxserved"}, nil) // after

	runtime.GC()
	var m0, m runtime.MemStats
	runtime.ReadMemStats(&m0)
	res = get(bigRec.ID)
	var peak uint64
	buf := make([]byte, 256<<10)
	total := 0
	for {
		n, err := res.Body.Read(buf)
		total += n
		if total%(4<<20) < n {
			// Live memory: collect first, or garbage counts.
			runtime.GC()
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
		if err != nil {
			break
		}
	}
	res.Body.Close()
	if total != 48<<20 {
		t.Fatalf("read %d bytes", total)
	}
	growth := int64(peak) - int64(m0.HeapAlloc)
	t.Logf("live heap: %.1f MiB before, peak %.1f MiB while streaming 48 MiB (growth %.1f MiB)", float64(m0.HeapAlloc)/(1<<20), float64(peak)/(1<<20), float64(growth)/(1<<20))
	if growth > 16<<20 {
		t.Fatalf("the heap grew by %d MiB while streaming a 48 MiB recording", growth>>20)
	}
}

// mustRecordingFile stores the media file at path as a recording of f.iv
// of media type mt.
func (f *fixture) mustRecordingFile(path, mt string) *ownwords.Recording {
	f.tb.Helper()
	b, err := os.ReadFile(path)
	must(f.tb, err)
	rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: filepath.Base(path), MediaType: mt, Size: int64(len(b))}
	must(f.tb, f.store.PutRecording(f.tb.(*testing.T).Context(), rec, bytes.NewReader(b)))
	return rec
}

// TestRecordingMultiRangeServedWhole checks that a request for several
// ranges is answered with the whole recording (200), read once in order:
// as multipart/byteranges, ranges alternating between two chunks made
// every range decrypt a whole chunk (a header of thousands of one-byte
// ranges cost gigabytes of reads and decryption), and no player asks for
// more than one range.
func TestRecordingMultiRangeServedWhole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		data := fakeWAV(sqldb.RecordingChunkSize + 100)
		rec := f.mustRecording(t.Context(), f.iv, "two.wav", data)
		c := sqldb.RecordingChunkSize
		for _, rng := range []string{
			fmt.Sprintf("bytes=0-0,%d-%d,1-1,%d-%d", c, c, c+1, c+1),
			fmt.Sprintf("bytes=5-9, %d-", c),
		} {
			res := f.do(http.MethodGet, "/recordings/"+rec.ID, asCoder, nil, http.Header{"Range": {rng}})
			if res.Code != http.StatusOK || !bytes.Equal(res.Body.Bytes(), data) {
				t.Errorf("%s: status %d, %s, %d bytes; want 200 and the whole recording", rng, res.Code, res.Header().Get("Content-Type"), res.Body.Len())
			}
		}
	})
}
