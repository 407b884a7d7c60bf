package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"filippo.io/age"

	"ownwords"
	"ownwords/identity"
)

func init() {
	register(&command{name: "identity add", summary: "add a pseudonym → identity record to the identity vault (read as JSON from --from)", run: runIdentityAdd})
	register(&command{name: "identity reveal", summary: "show the identity behind a pseudonym (needs --why; audited in the study)", run: runIdentityReveal})
	register(&command{name: "identity list", summary: "list the pseudonyms in the identity vault (never the identities)", run: runIdentityList})
}

// recipientList collects repeated --recipient flags.
type recipientList []string

func (r *recipientList) String() string     { return strings.Join(*r, ",") }
func (r *recipientList) Set(s string) error { *r = append(*r, s); return nil }

// identityFlags are the flags every identity command takes.
type identityFlags struct{ vault, identity string }

func (f *identityFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.vault, "vault", "", "identity vault file (required)")
	fs.StringVar(&f.identity, "identity", "", "custodian's age identity file (AGE-SECRET-KEY-1…) (required)")
}

// open decrypts the vault and returns it with the custodian's public key.
func (f *identityFlags) open() (*identity.Vault, string, error) {
	if f.vault == "" || f.identity == "" {
		return nil, "", ownwords.Errorf(ownwords.EINVALID, "--vault and --identity are required")
	}
	data, err := os.ReadFile(f.identity)
	if err != nil {
		return nil, "", ownwords.Errorf(ownwords.ENOTFOUND, "identity file %s: %v", f.identity, err)
	}
	defer clear(data)
	v, err := identity.Open(f.vault, strings.NewReader(string(data)))
	if err != nil {
		return nil, "", err
	}
	return v, custodianOf(data, v.Recipients), nil
}

// custodianOf names the recipient among rs whose identity is in idFile.
func custodianOf(idFile []byte, rs []string) string {
	ids, _ := age.ParseIdentities(strings.NewReader(string(idFile)))
	for _, id := range ids {
		if x, ok := id.(*age.X25519Identity); ok {
			for _, r := range rs {
				if x.Recipient().String() == r {
					return r
				}
			}
		}
	}
	return "an unlisted identity"
}

func runIdentityAdd(ctx context.Context, e *env, args []string) error {
	var idf identityFlags
	var sf storeFlags
	var recips recipientList
	fs := newFlags(e, "identity add", "--vault F --identity KEYFILE --from RECORD.json|- [--recipient age1…]... [--store S]")
	idf.register(fs)
	sf.register(fs, false)
	from := fs.String("from", "", `record as JSON ({"pseudonym","name","contacts","consents"}); "-" for stdin. Never on the command line: it would stay in shell history`)
	fs.Var(&recips, "recipient", "custodian recipient of a NEW vault (repeatable; default: the study's custodians, with --store)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--from is required")
	}
	var r io.Reader = e.stdin
	if *from != "-" {
		f, err := os.Open(*from)
		if err != nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "record file %s: %v", *from, err)
		}
		defer f.Close()
		r = f
	}
	var rec identity.Record
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "record is not valid JSON: %v", err)
	}
	rec.Added = time.Now().UTC().Truncate(time.Second)
	v, _, err := idf.open()
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND && idf.vault != "" {
		if _, serr := os.Stat(idf.vault); serr == nil {
			return err // the identity file is what is missing
		}
		if len(recips) == 0 && sf.store != "" {
			st, study, err := sf.open(ctx, e)
			if err != nil {
				return err
			}
			recips = study.Settings.Custodians
			st.Close()
		}
		v, err = identity.New(recips)
	}
	if err != nil {
		return err
	}
	if err := v.Add(rec); err != nil {
		return err
	}
	if err := v.Save(idf.vault); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Record for %s stored in %s (encrypted to %d custodians).\n", rec.Pseudonym, idf.vault, len(v.Recipients))
	return nil
}

func runIdentityReveal(ctx context.Context, e *env, args []string) error {
	var idf identityFlags
	var sf storeFlags
	fs := newFlags(e, "identity reveal", "--vault F --identity KEYFILE --store S --pseudonym P --why REASON")
	idf.register(fs)
	sf.register(fs, false)
	pseudonym := fs.String("pseudonym", "", "participant code to reveal")
	why := fs.String("why", "", "reason, recorded in the study's audit log (do not write the identity in it)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *pseudonym == "" || strings.TrimSpace(*why) == "" || sf.store == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--pseudonym, --why and --store are required: every reveal is recorded in the study's audit log")
	}
	v, custodian, err := idf.open()
	if err != nil {
		return err
	}
	rec, ok := v.Find(*pseudonym)
	if !ok {
		return ownwords.Errorf(ownwords.ENOTFOUND, "no record for pseudonym %s", *pseudonym)
	}
	if strings.Contains(*why, rec.Name) {
		return ownwords.Errorf(ownwords.EINVALID, "--why contains the identity: it would be written to the audit log")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	// Recorded before anything is shown: no audit entry, no reveal.
	if err := st.Record(ownwords.WithActor(ctx, "custodian "+custodian), study.ID, "identity.reveal", *pseudonym, "why: "+*why); err != nil {
		return err
	}
	return writeJSON(e.stdout, rec)
}

func runIdentityList(ctx context.Context, e *env, args []string) error {
	var idf identityFlags
	fs := newFlags(e, "identity list", "--vault F --identity KEYFILE")
	idf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	v, _, err := idf.open()
	if err != nil {
		return err
	}
	for _, p := range v.Pseudonyms() {
		fmt.Fprintln(e.stdout, p)
	}
	return nil
}
