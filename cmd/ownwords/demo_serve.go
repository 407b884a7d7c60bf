package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/web"
)

// serveDemo serves the workbench on the demo study until ctx ends (Ctrl-C).
func serveDemo(ctx context.Context, e *env, st ownwords.Store, studyID, addr string) error {
	fmt.Fprintf(e.stdout, "\nWorkbench: http://%s/ (log in with an account above; Ctrl-C stops)\n", addr)
	return web.NewServer(st, studyID, web.Options{Addr: addr}).Run(ctx)
}
