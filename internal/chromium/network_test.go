package chromium

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"

	"ownwords/internal/browsertest"
)

// TestPrintReachesNoNetwork prints documents that load an image, a style
// sheet, a background, a frame and an object from a server addressed by
// IP literal (no host name to resolve), with and without the report's
// Content-Security-Policy: the server sees no request either way. The
// server listens on the machine's first non-loopback address: Chromium
// refuses requests from a blank page to loopback on its own (Private
// Network Access), which would let the test pass whatever the flags.
func TestPrintReachesNoNetwork(t *testing.T) {
	browsertest.Chromium(t)
	p, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	addr := nonLoopback(t)
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	l, err := net.Listen("tcp", net.JoinHostPort(addr, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv.Listener = l
	srv.Start()
	defer srv.Close()
	base := srv.URL
	body := `<img src="` + base + `/img.png"><link rel="stylesheet" href="` + base + `/s.css">` +
		`<div style="background:url(` + base + `/bg.png)">x</div><iframe src="` + base + `/frame"></iframe><object data="` + base + `/obj"></object>`
	for _, tt := range []struct{ name, head string }{
		{"no policy", ""},
		{"report policy", `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmp, err := os.MkdirTemp("", "pdf")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(tmp) })
			t.Setenv("TMPDIR", tmp)
			hits.Store(0)
			doc := `<!DOCTYPE html><html><head><meta charset="utf-8"/>` + tt.head + `</head><body>` + body + `</body></html>`
			if _, err := p.PrintPDF(t.Context(), []byte(doc), "a4", "h"); err != nil {
				t.Fatal(err)
			}
			if n := hits.Load(); n > 0 {
				t.Errorf("the browser made %d request(s) to %s while printing", n, base)
			}
		})
	}
}

// nonLoopback returns the first non-loopback IPv4 address of the machine;
// the test is skipped without one.
func nonLoopback(t *testing.T) string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("interface addresses: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	t.Skip("no non-loopback IPv4 address to serve on")
	return ""
}
