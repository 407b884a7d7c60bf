package web

import (
	"context"
	"net/http"
	"testing"
	"time"

	"ownwords/sqldb/sqldbtest"
)

// blockingPrinter prints only when released, telling when it starts.
type blockingPrinter struct {
	started, release chan struct{}
}

func (p *blockingPrinter) PrintPDF(ctx context.Context, _ []byte, _, _ string) ([]byte, error) {
	p.started <- struct{}{}
	select {
	case <-p.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return []byte("%PDF-1.4 fake"), nil
}

// TestReportPDFBusy: while one PDF prints, a second request waits at most
// printWait and is then refused (409) with nothing built or audited for
// it; the first still gets its PDF.
func TestReportPDFBusy(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	p := &blockingPrinter{started: make(chan struct{}, 1), release: make(chan struct{})}
	f := newFixture(t, st, Options{PDF: p})
	f.srv.printWait = 50 * time.Millisecond
	f.cookie(asOwner)
	f.cookie(asViewer) // logged in before the requests run side by side
	first := make(chan int)
	go func() {
		rec := f.do(http.MethodGet, "/report/pdf", asOwner, nil, nil)
		first <- rec.Code
	}()
	<-p.started
	before := len(reportAudits(f))
	rec := f.do(http.MethodGet, "/report/pdf", asViewer, nil, nil)
	if rec.Code != http.StatusConflict {
		t.Errorf("second request while printing: status %d, want 409", rec.Code)
	}
	if got := reportAudits(f)[before:]; len(got) != 0 {
		t.Errorf("the refused request was audited: %v", got)
	}
	close(p.release)
	if code := <-first; code != http.StatusOK {
		t.Errorf("first request: status %d", code)
	}
}
