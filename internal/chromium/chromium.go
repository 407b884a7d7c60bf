// Package chromium prints HTML documents as PDF with a headless Chromium
// found on PATH, through chromedp. It is, with internal/browsertest, the
// only importer of chromedp.
//
// The document never touches the disk: it is handed to the browser over
// the DevTools pipe (Page.setDocumentContent on about:blank, no server,
// no file) and the PDF comes back as bytes (Page.printToPDF). The browser
// runs in a fresh profile directory that is removed afterwards, with
// script execution disabled and its background network features off.
package chromium

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"ownwords"
)

// Names are the program names looked up on PATH, in this order.
var Names = []string{"chromium", "chromium-browser", "google-chrome"}

// Missing is the one-line message when no Chromium is installed.
const Missing = "a PDF is printed by Chromium, which is not installed: install it (Debian: apt-get install chromium) or put chromium, chromium-browser or google-chrome on PATH"

// Paper sizes by name (--paper), in inches.
var papers = map[string]chromedp.PaperSize{
	"a4":     chromedp.PaperA4,
	"letter": chromedp.PaperLetter,
}

// DefaultPaper is the paper size when none is named.
const DefaultPaper = "a4"

// printTimeout bounds one print, browser start included.
const printTimeout = 2 * time.Minute

// CheckPaper refuses a paper size other than a4 and letter.
func CheckPaper(name string) error {
	if _, ok := papers[name]; !ok {
		return ownwords.Errorf(ownwords.EINVALID, "--paper %q: want a4 or letter", name)
	}
	return nil
}

// Printer prints HTML documents as PDF with the Chromium at Path.
type Printer struct {
	// Path is the browser's executable.
	Path string
}

// Find returns a printer for the first of Names found on PATH, or an
// ENOTIMPLEMENTED error whose message is Missing.
func Find() (*Printer, error) {
	return find(exec.LookPath)
}

// find is Find with the PATH lookup given, for tests.
func find(lookPath func(string) (string, error)) (*Printer, error) {
	for _, name := range Names {
		if path, err := lookPath(name); err == nil {
			return &Printer{Path: path}, nil
		}
	}
	return nil, ownwords.Errorf(ownwords.ENOTIMPLEMENTED, "%s", Missing)
}

// PrintPDF prints the HTML document doc on paper ("a4" or "letter"; ""
// for a4) with header on top of every page and the page number at the
// foot, and returns the PDF. doc must be self-contained: the browser has
// no network to fetch anything and runs no script.
func (p *Printer) PrintPDF(ctx context.Context, doc []byte, paper, header string) ([]byte, error) {
	if paper == "" {
		paper = DefaultPaper
	}
	if err := CheckPaper(paper); err != nil {
		return nil, err
	}
	// One directory holds the browser's profile and its temporary files
	// (TMPDIR), and goes when the print is done.
	dir, err := os.MkdirTemp(tempBase(), "ownwords-pdf-")
	if err != nil {
		return nil, fmt.Errorf("chromium: profile directory: %w", err)
	}
	defer removeAll(dir)
	ctx, cancelTimeout := context.WithTimeout(ctx, printTimeout)
	defer cancelTimeout()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, p.options(dir)...)
	defer cancelAlloc() // waits for the browser to exit, before the profile goes
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	out, err := chromedp.Run(bctx, printAction(string(doc), papers[paper], header))
	if err != nil {
		return nil, fmt.Errorf("chromium: print with %s: %w", p.Path, err)
	}
	if !strings.HasPrefix(string(out[:min(len(out), 5)]), "%PDF-") {
		return nil, fmt.Errorf("chromium: print with %s: the browser returned no PDF", p.Path)
	}
	return out, nil
}

// options start the browser headless with its profile and temporary
// files in dir, without the features that reach the network on their own
// and without ownwords' environment.
func (p *Printer) options(dir string) []chromedp.ExecAllocatorOption {
	profile, tmp := filepath.Join(dir, "profile"), filepath.Join(dir, "t") // short: a socket path has at most 107 bytes
	os.Mkdir(tmp, 0o700)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(p.Path),
		chromedp.UserDataDir(profile),
		// The browser gets no variable of ownwords' environment, which
		// may hold the study's passphrase (OWNWORDS_PASSPHRASE) or a
		// database URL with its password: only what it needs, with its
		// home and temporary files in dir.
		chromedp.NoInheritEnv,
		chromedp.Env(browserEnv(dir, tmp)...),
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("no-pings", true),
		// No host name resolves: the browser reaches no network even if
		// a feature tried.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to start as root with its sandbox.
		opts = append(opts, chromedp.NoSandbox)
	}
	return opts
}

// browserEnv is the whole environment of the browser: PATH (Debian's
// chromium is a shell script that finds the real browser), the locale,
// and HOME and TMPDIR in the print's directory.
func browserEnv(dir, tmp string) []string {
	env := []string{"HOME=" + dir, "TMPDIR=" + tmp}
	for _, name := range []string{"PATH", "LANG", "LC_ALL"} {
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	return env
}

// printAction loads doc into a blank page with script disabled and prints
// it on paper with a running header and page numbers.
func printAction(doc string, paper chromedp.PaperSize, header string) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		if _, err := chromedp.Navigate("about:blank")(ctx, t); err != nil {
			return nil, err
		}
		if _, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			return nil, err
		}
		tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		if tree.FrameTree == nil || tree.FrameTree.Frame == nil {
			return nil, errors.New("no frame to print")
		}
		if _, err := cdp.Call(ctx, t, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: doc}); err != nil {
			return nil, err
		}
		return chromedp.PrintToPDF(
			chromedp.PDFPaper(paper),
			chromedp.PDFMargins(0.6, 0.5, 0.6, 0.5),
			chromedp.PDFPrintBackground(),
			chromedp.PDFHeaderTemplate(HeaderTemplate(header)),
			chromedp.PDFFooterTemplate(footerTemplate),
		)(ctx, t)
	}
}

// HeaderTemplate is the running header: the text, escaped, in small type
// (the browser's header font size is 0 unless set).
func HeaderTemplate(text string) string {
	return `<div style="font-size:8px;width:100%;margin:0 0.5in;color:#444;font-family:sans-serif">` + html.EscapeString(text) + `</div>`
}

// footerTemplate numbers the pages.
const footerTemplate = `<div style="font-size:8px;width:100%;margin:0 0.5in;text-align:right;color:#444;font-family:sans-serif">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`

// socketOverhead is what Chromium's singleton socket adds to the
// temporary directory: "/ownwords-pdf-NNNNNNNNNN/t/org.chromium.Chromium.XXXXXX/SingletonSocket".
const socketOverhead = 71

// tempBase is the directory for the browser's directory: the system's
// temporary directory, or /tmp when that is too long for the socket
// path (at most 107 bytes) Chromium makes in it.
func tempBase() string {
	base := os.TempDir()
	if len(base)+socketOverhead > 107 {
		if fi, err := os.Stat("/tmp"); err == nil && fi.IsDir() {
			return "/tmp"
		}
	}
	return base
}

// removeAll removes the browser's directory, retrying for a few seconds:
// Chromium's helper processes may still write in it just after the
// browser exits.
func removeAll(dir string) {
	for range 50 {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
