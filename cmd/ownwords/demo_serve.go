package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/web"
)

// serveDemo serves the workbench on the demo study until ctx ends (Ctrl-C).
func serveDemo(ctx context.Context, e *env, st ownwords.Store, studyID, addr string) error {
	// The demo's passwords are printed and its server speaks plain HTTP:
	// it listens on this machine only.
	if loopback, err := isLoopback(addr); err != nil {
		return err
	} else if !loopback {
		return ownwords.Errorf(ownwords.EINVALID, "the demo serves plain HTTP with published passwords: use a loopback --addr such as 127.0.0.1:8080")
	}
	fmt.Fprintf(e.stdout, "\nWorkbench: http://%s/ (log in with an account above; Ctrl-C stops)\n", addr)
	return web.NewServer(st, studyID, withPDF(web.Options{Addr: addr})).Run(ctx)
}
