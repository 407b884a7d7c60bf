// Package browsertest starts a real headless Chromium for tests, through
// chromedp. It is the only importer of chromedp besides PDF printing: the
// browser suites of every package go through it.
package browsertest

import (
	"bytes"
	"context"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// EnvBrowser turns the browser suites on when "1".
const EnvBrowser = "OWNWORDS_TEST_BROWSER"

// EnvArtifacts names a directory where screenshots are kept.
const EnvArtifacts = "OWNWORDS_TEST_ARTIFACTS"

// New returns a browser context for tb, or skips tb with the reason (fails
// it when OWNWORDS_REQUIRE_SUITES=1, so CI cannot pass without the suite).
// The browser runs headless without network features, in a fresh profile.
func New(tb testing.TB) context.Context {
	tb.Helper()
	path := Chromium(tb)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 1600),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	tb.Cleanup(func() { cancel(); cancelAlloc() })
	// The first run starts the browser; it must not carry a timeout, which
	// would stop the browser with it (see chromedp.Run).
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Chromium returns the path of Debian's chromium for a test of the
// browser suite, or skips tb as New does (fails it when the suites are
// required). Tests that start the browser themselves (PDF printing) call
// it instead of New.
func Chromium(tb testing.TB) string {
	tb.Helper()
	require := os.Getenv("OWNWORDS_REQUIRE_SUITES") == "1"
	if os.Getenv(EnvBrowser) != "1" && !require {
		tb.Skipf("browser suite skipped: set %s=1 (needs Debian's chromium)", EnvBrowser)
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		if require {
			tb.Fatalf("browser suite required but chromium is not installed")
		}
		tb.Skipf("browser suite skipped: chromium not found")
	}
	return path
}

// Tool returns the path of a command-line tool a browser-suite test needs
// (pdftoppm, pdfinfo, pdftotext of Debian's poppler-utils), or skips tb
// (fails it when the suites are required).
func Tool(tb testing.TB, name, pkg string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("OWNWORDS_REQUIRE_SUITES") == "1" {
			tb.Fatalf("browser suite required but %s is not installed (Debian: %s)", name, pkg)
		}
		tb.Skipf("browser suite skipped: %s not found (Debian: %s)", name, pkg)
	}
	return path
}

// artifactDirs is each running test's artifact directory (testing.TB to
// string) when OWNWORDS_TEST_ARTIFACTS is not set.
var artifactDirs sync.Map

// ArtifactPath returns where to keep a test artifact named name: in
// OWNWORDS_TEST_ARTIFACTS if set, else in a temporary directory of tb, the
// same one for every call of the same test, so that an artifact written by
// one helper (ReadPDF) is found again by name.
func ArtifactPath(tb testing.TB, name string) string {
	tb.Helper()
	dir := os.Getenv(EnvArtifacts)
	if dir == "" {
		fresh := tb.TempDir()
		got, _ := artifactDirs.LoadOrStore(tb, fresh)
		dir = got.(string)
		if dir == fresh {
			tb.Cleanup(func() { artifactDirs.Delete(tb) })
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(dir, name)
}

// Screenshot saves a PNG of the current page's viewport.
func Screenshot(tb testing.TB, ctx context.Context, name string) string {
	tb.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.Fatalf("screenshot: %v", err)
	}
	path := ArtifactPath(tb, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// PrintedPDF is what the poppler tools read in a PDF.
type PrintedPDF struct {
	// Pages is the page count and PageSize the size of the first page,
	// as pdfinfo says ("595.92 x 841.92 pts (A4)").
	Pages    int
	PageSize string
	// Text is the text of every page (pdftotext).
	Text string
	// PNGs are the pages rendered as images (pdftoppm), kept as
	// artifacts.
	PNGs []string
}

// ReadPDF checks pdf with Debian's poppler-utils: pdfinfo must read it,
// and pdftoppm must render every page to an image that is not blank (its
// gray levels vary). The pages are kept as artifacts named name-N.png.
func ReadPDF(tb testing.TB, pdf []byte, name string) PrintedPDF {
	tb.Helper()
	info, toppm, totext := Tool(tb, "pdfinfo", "poppler-utils"), Tool(tb, "pdftoppm", "poppler-utils"), Tool(tb, "pdftotext", "poppler-utils")
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		tb.Fatalf("%s does not start with %%PDF-: %.20q", name, pdf)
	}
	path := ArtifactPath(tb, name+".pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	var got PrintedPDF
	out, err := exec.Command(info, path).Output()
	if err != nil {
		tb.Fatalf("pdfinfo %s: %v", path, err)
	}
	for line := range strings.Lines(string(out)) {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			got.Pages, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			got.PageSize = strings.TrimSpace(v)
		}
	}
	if got.Pages < 1 {
		tb.Fatalf("pdfinfo %s: no page count in %q", path, out)
	}
	text, err := exec.Command(totext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext %s: %v", path, err)
	}
	got.Text = string(text)
	// The pages go to a directory of their own: other artifacts beside
	// the PDF may share its name's prefix ("x-timeline.png").
	pages := strings.TrimSuffix(path, ".pdf") + "-pages"
	if err := os.RemoveAll(pages); err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(pages, 0o755); err != nil {
		tb.Fatal(err)
	}
	prefix := filepath.Join(pages, "page")
	if out, err := exec.Command(toppm, "-png", "-r", "40", path, prefix).CombinedOutput(); err != nil {
		tb.Fatalf("pdftoppm %s: %v: %s", path, err, out)
	}
	got.PNGs, _ = filepath.Glob(prefix + "-*.png")
	if len(got.PNGs) != got.Pages {
		tb.Fatalf("pdftoppm rendered %d images of %d pages", len(got.PNGs), got.Pages)
	}
	for _, p := range got.PNGs {
		if v := grayVariance(tb, p); v < 1 {
			tb.Errorf("%s is blank (gray variance %.3f)", p, v)
		}
	}
	return got
}

// grayVariance is the variance of the gray levels (0..255) of a PNG.
func grayVariance(tb testing.TB, path string) float64 {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	var sum, sq, n float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := float64(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
			sum, sq, n = sum+g, sq+g*g, n+1
		}
	}
	if n == 0 {
		return 0
	}
	mean := sum / n
	return sq/n - mean*mean
}
