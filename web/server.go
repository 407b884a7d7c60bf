package web

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"ownwords"
	"ownwords/gate"
	"ownwords/report"
)

// Default session timeouts.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
)

// Options configure a Server.
type Options struct {
	// Addr is the address Run listens on, e.g. "127.0.0.1:8080".
	Addr string
	// Now is the clock; nil means time.Now. Tests inject one to age sessions.
	Now func() time.Time
	// IdleTimeout ends a session unused this long; 0 means 30 minutes.
	IdleTimeout time.Duration
	// AbsoluteTimeout ends a session this long after login whatever its
	// use; 0 means 12 hours.
	AbsoluteTimeout time.Duration
	// Secure marks the session cookie Secure and names it with the
	// __Host- prefix. Leave it false only for plain HTTP on loopback.
	Secure bool
	// TLSCertFile and TLSKeyFile, when both set, make Run serve HTTPS.
	TLSCertFile, TLSKeyFile string
	// PDF prints the report as PDF (internal/chromium's Printer); nil
	// for none, and PDFUnavailable then says why (e.g. Chromium is not
	// installed), on the report page and to a request for the PDF.
	PDF            report.PDFPrinter
	PDFUnavailable string
}

// Store is what the workbench reads and writes itself, beside the
// application layer: sessions and account names, the study's name and
// codebook for display, its log entries for logins, and the objects a page
// shows once the gate has let the caller open it (the interview's
// participant).
type Store interface {
	CreateSession(ctx context.Context, s *ownwords.Session) error
	Session(ctx context.Context, tokenHash string) (*ownwords.Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	User(ctx context.Context, id string) (*ownwords.User, error)
	Users(ctx context.Context) ([]*ownwords.User, error)
	Record(ctx context.Context, studyID, action, object, detail string) error
	Study(ctx context.Context, id string) (*ownwords.Study, error)
	Codebook(ctx context.Context, studyID string) (*ownwords.Codebook, error)
	Interview(ctx context.Context, id string) (*ownwords.Interview, error)
	Participant(ctx context.Context, id string) (*ownwords.Participant, error)
}

// Server serves the workbench of one study of a store.
type Server struct {
	store   Store
	studyID string
	opts    Options
	pages   *pages
	log     *slog.Logger
	// gate decides, for every use case, who may see what.
	gate *gate.Gate
	// pseudonymSecret keys each session's pseudonyms (see
	// account.caller): drawn when the server starts and never stored, so
	// that neither the cookie's holder nor a copy of the store can
	// recompute them.
	pseudonymSecret [32]byte
	// searches keeps posted search forms behind opaque tokens, per
	// login, so that no search term travels in an address.
	searches *savedSearches
	// printing holds a token while a PDF is printed: one browser at a
	// time; printWait bounds the wait for it (pdfWait).
	printing  chan struct{}
	printWait time.Duration
}

// NewServer returns a server for the study studyID of store.
func NewServer(store ownwords.Store, studyID string, opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.AbsoluteTimeout <= 0 {
		opts.AbsoluteTimeout = DefaultAbsoluteTimeout
	}
	s := &Server{
		store: store, studyID: studyID, opts: opts,
		pages: mustParsePages(),
		log:   slog.Default().With("component", "web"),
		gate:  gate.New(store, studyID).EnableCache(0),

		searches:  newSavedSearches(),
		printing:  make(chan struct{}, 1),
		printWait: pdfWait,
	}
	rand.Read(s.pseudonymSecret[:])
	return s
}

// Handler returns the workbench's HTTP handler: security headers, then
// cross-origin protection, then the routes, each behind its policy.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.guard(rt.pattern, rt.handler))
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, ownwords.Errorf(ownwords.EFORBIDDEN, "cross-origin request refused"))
	}))
	return securityHeaders(cop.Handler(mux))
}

// Run serves on Options.Addr until ctx ends, then shuts down gracefully,
// letting requests in flight finish for up to ten seconds.
func (s *Server) Run(ctx context.Context) error {
	srv := &http.Server{
		Addr:              s.opts.Addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	// A team server's connections are opened now rather than by the
	// first requests (sqldb.DB.Warm).
	if w, ok := s.store.(interface{ Warm(context.Context) error }); ok {
		go func() {
			if err := w.Warm(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("opening the store's connections ahead of requests", "err", err)
			}
		}()
	}
	errc := make(chan error, 1)
	go func() {
		if s.opts.TLSCertFile != "" && s.opts.TLSKeyFile != "" {
			errc <- srv.ListenAndServeTLS(s.opts.TLSCertFile, s.opts.TLSKeyFile)
		} else {
			errc <- srv.ListenAndServe()
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// now returns the server's clock reading.
func (s *Server) now() time.Time { return s.opts.Now() }
