package main

import (
	"context"
	"fmt"
	"net"
	"os/signal"
	"syscall"

	"ownwords"
	"ownwords/internal/chromium"
	"ownwords/web"
)

func init() {
	register(&command{name: "serve", summary: "serve the web workbench (loopback by default)", run: runServe})
}

// runServe serves the study's workbench until SIGINT or SIGTERM, then
// shuts down gracefully. Plain HTTP is allowed only on a loopback address
// (the session cookie then cannot be Secure) or behind a TLS-terminating
// proxy (--behind-tls-proxy); anything else needs --tls-cert and --tls-key.
func runServe(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "serve", "--store S [--addr 127.0.0.1:8080] [--tls-cert F --tls-key F | --behind-tls-proxy]")
	sf.register(fs, false)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM): serve HTTPS")
	key := fs.String("tls-key", "", "TLS private key file (PEM)")
	proxy := fs.Bool("behind-tls-proxy", false, "serve plain HTTP to a TLS-terminating reverse proxy: cookies are still marked Secure")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return ownwords.Errorf(ownwords.EINVALID, "--tls-cert and --tls-key go together")
	}
	tls := *cert != ""
	loopback, err := isLoopback(*addr)
	if err != nil {
		return err
	}
	if !loopback && !tls && !*proxy {
		return ownwords.Errorf(ownwords.EINVALID, "--addr %s is not a loopback address: serve HTTPS (--tls-cert, --tls-key) or run behind a TLS proxy (--behind-tls-proxy), so that passwords and session cookies never cross the network in clear", *addr)
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	srv := web.NewServer(st, study.ID, withPDF(web.Options{Addr: *addr, Secure: tls || *proxy, TLSCertFile: *cert, TLSKeyFile: *key}))
	scheme := "http"
	if tls {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "Serving %q at %s://%s/ — press Ctrl-C to stop.\n", study.Name, scheme, *addr)
	if err := srv.Run(ctx); err != nil {
		// Listening failures (address in use, unreadable key) are the user's to fix.
		return ownwords.Errorf(ownwords.EINVALID, "cannot serve on %s: %v", *addr, err)
	}
	fmt.Fprintln(e.stdout, "Stopped.")
	return nil
}

// isLoopback reports whether a listen address binds only the loopback
// interface ("localhost", 127.0.0.0/8, ::1). An empty host binds all.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, ownwords.Errorf(ownwords.EINVALID, "--addr %q: want host:port, e.g. 127.0.0.1:8080", addr)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// withPDF gives the workbench the Chromium on PATH to print reports as
// PDF, or the reason it has none (shown on the report page).
func withPDF(o web.Options) web.Options {
	if p, err := chromium.Find(); err == nil {
		o.PDF = p
	} else {
		o.PDFUnavailable = ownwords.ErrorMessage(err)
	}
	return o
}
