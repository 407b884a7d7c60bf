package web

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"ownwords/sqldb/sqldbtest"
)

func TestRunServesUntilCancelled(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := l.Addr().String()
	l.Close()
	srv := NewServer(st, f.study.ID, Options{Addr: addr})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	var resp *http.Response
	for range 50 {
		if resp, err = http.Get("http://" + addr + "/login"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server never answered: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /login: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

func TestStaticHasNoListing(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	if rec := f.do(http.MethodGet, "/static/", asNobody, nil, nil); rec.Code != http.StatusNotFound {
		t.Errorf("GET /static/: %d, want 404", rec.Code)
	}
	rec := f.do(http.MethodGet, "/static/coding.js", asNobody, nil, nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("GET /static/coding.js: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
