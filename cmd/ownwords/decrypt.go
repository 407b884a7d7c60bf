package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"filippo.io/age"

	"ownwords"
	"ownwords/internal/atomicfile"
)

func init() {
	register(&command{name: "decrypt", summary: "decrypt an export file (qdpx, csv, xlsx, report, plan, quotes) with a custodian's age identity", run: runDecrypt})
}

// runDecrypt decrypts an export file written for the study's custodians
// with the identity file of one of them, to a file created owner-only
// (written whole or not at all: a damaged or truncated export leaves no
// partial plaintext behind) or, with -o -, to standard output. It needs
// no study: custodians decrypt on their own machines, and the export was
// audited when it was written.
func runDecrypt(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "decrypt", "--identity AGEKEY -o OUT EXPORT")
	identity := fs.String("identity", "", "a custodian's age identity file (AGE-SECRET-KEY-1… lines)")
	out := fs.String("o", "", "file to write the plaintext to, created owner-only (- for standard output)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *identity == "" || *out == "" || fs.NArg() != 1 {
		return ownwords.Errorf(ownwords.EINVALID, "give --identity AGEKEY, -o OUT and one export file, e.g. ownwords decrypt --identity custodian.agekey -o study.xlsx study.xlsx.age")
	}
	ids, err := readIdentities(*identity)
	if err != nil {
		return err
	}
	in, err := os.Open(fs.Arg(0))
	if err != nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "%s: %v", fs.Arg(0), errors.Unwrap(err))
	}
	defer in.Close()
	r, err := age.Decrypt(in, ids...)
	var noMatch *age.NoIdentityMatchError
	switch {
	case errors.As(err, &noMatch):
		return ownwords.Errorf(ownwords.EUNAUTHORIZED, "%s: no identity in %s opens it (it was not encrypted to this custodian)", fs.Arg(0), *identity)
	case err != nil:
		return ownwords.Errorf(ownwords.EINVALID, "%s: not an age-encrypted export, or damaged: %v", fs.Arg(0), err)
	}
	// Read it whole first: age authenticates chunk by chunk, and a
	// damaged chunk must not leave the plaintext before it anywhere.
	plain, err := io.ReadAll(r)
	if err != nil {
		clear(plain)
		return ownwords.Errorf(ownwords.EINVALID, "%s: damaged or truncated: %v", fs.Arg(0), err)
	}
	defer clear(plain)
	if *out == "-" {
		_, err := e.stdout.Write(plain)
		return err
	}
	if err := atomicfile.WriteFile(*out, plain); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "decrypted %s to %s (%d bytes, owner-only): plaintext of the study; keep it on an encrypted disk and delete it when done\n", fs.Arg(0), *out, len(plain))
	return nil
}

// readIdentities reads an age identity file. EINVALID names the file, never
// its content (age's messages include no key material).
func readIdentities(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "identity file %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "identity file %s: %v", path, err)
	}
	return ids, nil
}
