package web

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// BenchmarkServeRecording streams a 32 MiB and a 256 MiB recording from a
// study file through the workbench (HTTP, a coder's session) and reports
// the process's peak resident set while serving: the peak is reset (Linux
// /proc/self/clear_refs) after the recording is stored, so the figure is
// the serving's, and it must not grow with the recording.
//
//	go test -run '^$' -bench ServeRecording -benchtime 2x ./web/
func BenchmarkServeRecording(b *testing.B) {
	for _, mib := range []int64{32, 256} {
		b.Run(strconv.FormatInt(mib, 10)+"MiB", func(b *testing.B) { benchServe(b, mib<<20) })
	}
}

func benchServe(b *testing.B, size int64) {
	st, _ := sqldbtest.OpenSQLite(b)
	f := newFixture(b, st, Options{})
	rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: "big.wav", MediaType: "audio/wav", Size: size}
	must(b, st.PutRecording(b.Context(), rec, io.LimitReader(&pattern{}, size)))
	ts := httptest.NewServer(f.h)
	defer ts.Close()
	cookie := f.cookie(asCoder)
	resetPeak := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	b.ResetTimer()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/recordings/"+rec.ID, nil)
		req.AddCookie(cookie)
		start := time.Now()
		res, err := http.DefaultClient.Do(req)
		must(b, err)
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		must(b, err)
		if n != size {
			b.Fatalf("served %d bytes", n)
		}
		b.ReportMetric(float64(size)/(1<<20)/time.Since(start).Seconds(), "MiB/s")
		runtime.GC()
	}
	b.StopTimer()
	if peak, ok := peakRSS(); ok && resetPeak {
		b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
	}
}

// pattern is an endless reader of a repeating byte pattern.
type pattern struct{ i int }

func (p *pattern) Read(b []byte) (int, error) {
	for k := range b {
		b[k] = byte(p.i * 7 % 251)
		p.i++
	}
	return len(b), nil
}

// peakRSS returns VmHWM of /proc/self/status in KiB.
func peakRSS() (int64, bool) {
	s, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range bytes.Split(s, []byte("\n")) {
		if v, ok := strings.CutPrefix(string(line), "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
