// Command refuse is a program that is not a test but calls
// vaulttest.UseTestCost anyway, as a binary that imported the hook by
// mistake would. It prints, as JSON, what UseTestCost panicked with and the
// parameters of a password hash and a sidecar it then makes, for
// TestOutsideTestsFullCost to check.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"ownwords/vault"
	"ownwords/vault/vaulttest"
)

// result is what the program prints.
type result struct {
	Refused string           `json:"refused"`
	Hash    string           `json:"hash"`
	Wrap    *vault.KDFParams `json:"wrap"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: refuse DIR")
		os.Exit(2)
	}
	var res result
	func() {
		defer func() { res.Refused = fmt.Sprint(recover()) }()
		vaulttest.UseTestCost(&testing.T{})
	}()
	var err error
	if res.Hash, err = vault.HashPassword([]byte("not a test password")); err != nil {
		fail(err)
	}
	path := filepath.Join(os.Args[1], "study.key")
	if _, err := vault.Create(path, []byte("correct horse battery staple")); err != nil {
		fail(err)
	}
	kf, err := vault.ReadKeyFile(path)
	if err != nil {
		fail(err)
	}
	res.Wrap = kf.Wraps[0].KDF
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fail(err)
	}
}

// fail reports err and exits.
func fail(err error) {
	fmt.Fprintln(os.Stderr, "refuse:", err)
	os.Exit(1)
}
