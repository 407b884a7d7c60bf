// Package browsertest starts a real headless Chromium for tests, through
// chromedp. It is the only importer of chromedp besides PDF printing: the
// browser suites of every package go through it.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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

// ArtifactPath returns where to keep a test artifact named name: in
// OWNWORDS_TEST_ARTIFACTS if set, else in a temporary directory of tb.
func ArtifactPath(tb testing.TB, name string) string {
	tb.Helper()
	dir := os.Getenv(EnvArtifacts)
	if dir == "" {
		dir = tb.TempDir()
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
