package main

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"ownwords"
	"ownwords/audit"
)

func init() {
	register(&command{name: "audit keygen", summary: "make an ed25519 key pair for signing audit checkpoints", run: runAuditKeygen})
	register(&command{name: "audit checkpoint", summary: "print a signed checkpoint of the audit log's head, to keep off the machine", run: runAuditCheckpoint})
	register(&command{name: "audit extends", summary: "same as audit verify --checkpoint F --pub K (the older name)", run: runAuditExtends})
}

func runAuditKeygen(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "audit keygen", "--out KEYFILE")
	out := fs.String("out", "", "private key file to write (PKCS #8 PEM, mode 0600); the public key goes to KEYFILE.pub")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--out is required")
	}
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return err
	}
	privDER, _ := x509.MarshalPKCS8PrivateKey(priv)
	pubDER, _ := x509.MarshalPKIXPublicKey(pub)
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return ownwords.Errorf(ownwords.ECONFLICT, "cannot create %s: %v", *out, err)
	}
	err = pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: privDER})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	if err := os.WriteFile(*out+".pub", pubPEM, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s", pubPEM)
	return nil
}

// readPEMKey reads one PEM block of the given type from path.
func readPEMKey(path, typ string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "key file %s: %v", path, err)
	}
	b, _ := pem.Decode(data)
	if b == nil || b.Type != typ {
		return nil, ownwords.Errorf(ownwords.EINVALID, "%s is not a PEM %q file", path, typ)
	}
	return b.Bytes, nil
}

func runAuditCheckpoint(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "audit checkpoint", "--store S --key KEYFILE")
	sf.register(fs, false)
	keyPath := fs.String("key", "", "ed25519 private key (PKCS #8 PEM, from `ownwords audit keygen`)")
	if err := parse(fs, args); err != nil {
		return err
	}
	der, err := readPEMKey(*keyPath, "PRIVATE KEY")
	if err != nil {
		return err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	priv, ok := k.(ed25519.PrivateKey)
	if err != nil || !ok {
		return ownwords.Errorf(ownwords.EINVALID, "%s is not an ed25519 private key", *keyPath)
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := audit.Verify(ctx, st)
	if err != nil {
		return err
	}
	if !res.OK {
		return ownwords.Errorf(ownwords.ECONFLICT, "the audit log is broken at entry %d: refusing to sign it", res.FirstBad.Seq)
	}
	head, err := st.AuditHead(ctx)
	if err != nil {
		return err
	}
	signed, err := audit.Sign(head, time.Now(), priv)
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(signed); err != nil {
		return err
	}
	return st.Record(ctx, study.ID, "audit.checkpoint", "", fmt.Sprintf("signed checkpoint of entry %d", head.Seq))
}

// runAuditExtends is `audit verify --checkpoint F --pub K` under its older
// name, kept for scripts written before verify took a checkpoint.
func runAuditExtends(ctx context.Context, e *env, args []string) error {
	named := func(a string) bool {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		return name == "checkpoint" || name == "h" || name == "help"
	}
	if !slices.ContainsFunc(args, named) {
		return ownwords.Errorf(ownwords.EINVALID, "--checkpoint is required")
	}
	return runAuditVerify(ctx, e, args)
}

// readCheckpoint reads a signed checkpoint and checks its signature with
// the ed25519 public key in pubPath (PEM).
func readCheckpoint(cpPath, pubPath string) (audit.Checkpoint, error) {
	der, err := readPEMKey(pubPath, "PUBLIC KEY")
	if err != nil {
		return audit.Checkpoint{}, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	pub, ok := k.(ed25519.PublicKey)
	if err != nil || !ok {
		return audit.Checkpoint{}, ownwords.Errorf(ownwords.EINVALID, "%s is not an ed25519 public key", pubPath)
	}
	data, err := os.ReadFile(cpPath)
	if err != nil {
		return audit.Checkpoint{}, ownwords.Errorf(ownwords.ENOTFOUND, "checkpoint %s: %v", cpPath, err)
	}
	return audit.VerifyCheckpoint(data, pub)
}
