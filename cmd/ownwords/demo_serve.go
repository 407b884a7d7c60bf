package main

import (
	"context"
	"fmt"

	"ownwords"
)

// serveDemo serves the workbench on the demo study.
func serveDemo(ctx context.Context, e *env, st ownwords.Store, studyID, addr string) error {
	fmt.Fprintf(e.stdout, "\nThe web workbench is not built yet; stop here with --no-serve.\n")
	return nil
}
