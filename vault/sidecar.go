package vault

import (
	"ownwords/internal/atomicfile"

	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"ownwords"
)

// now is the clock of new key files.
var now = time.Now

// SidecarPath returns the key file's path for the study file at study:
// "<study>.key" beside it.
func SidecarPath(study string) string { return study + ".key" }

// Create makes a new data key, wraps it under passphrase and writes a new
// sidecar at path (mode 0600, atomically: a crash leaves either no file or a
// complete one). It returns the data key, which the caller clears after use.
// ECONFLICT if path exists: overwriting a sidecar destroys its study.
// EINVALID for a passphrase shorter than MinPassphraseLen.
func Create(path string, passphrase []byte) ([]byte, error) {
	if err := checkNewPassphrase(passphrase); err != nil {
		return nil, err
	}
	// Checked early to skip Argon2; writeNew checks again, atomically.
	if _, err := os.Lstat(path); err == nil {
		return nil, errExists(path)
	}
	dataKey, err := NewDataKey()
	if err != nil {
		return nil, err
	}
	kf, err := newKeyFile(dataKey, passphrase, now())
	if err == nil {
		err = kf.write(path, false)
	}
	if err != nil {
		clear(dataKey)
		return nil, err
	}
	return dataKey, nil
}

// errExists is Create's refusal to overwrite path.
func errExists(path string) error {
	return ownwords.Errorf(ownwords.ECONFLICT, "key file %s already exists; refusing to overwrite it (that would make its study unreadable)", path)
}

// Unlock returns the data key in the sidecar at path, opened with
// passphrase. EUNAUTHORIZED for a wrong passphrase (or a tampered passphrase
// wrap, which looks the same); ENOTFOUND if path does not exist; EINVALID if
// it is not a valid key file or was altered. It never writes.
func Unlock(path string, passphrase []byte) ([]byte, error) {
	kf, err := ReadKeyFile(path)
	if err != nil {
		return nil, err
	}
	dataKey, _, err := kf.unwrapPassphrase(passphrase)
	if err == errWrongPass {
		return nil, ownwords.Errorf(ownwords.EUNAUTHORIZED, "wrong passphrase for %s", path)
	}
	return dataKey, inFile(path, err)
}

// UnlockWithIdentity returns the data key in the sidecar at path, opened
// with an age identity file (see KeyFile.UnwrapWithIdentity). It never
// writes.
func UnlockWithIdentity(path string, identityFile io.Reader) ([]byte, error) {
	kf, err := ReadKeyFile(path)
	if err != nil {
		return nil, err
	}
	dataKey, err := kf.UnwrapWithIdentity(identityFile)
	return dataKey, inFile(path, err)
}

// ChangePassphrase replaces the passphrase wrap that oldPass opens with one
// under newPass, using the current Argon2id parameters and a fresh salt and
// nonce. The data key and every other wrap stay as they are; the sidecar is
// replaced atomically. Unlock's errors, and EINVALID for a newPass shorter
// than MinPassphraseLen. See the package documentation for why this does not
// revoke oldPass against old copies of the sidecar.
func ChangePassphrase(path string, oldPass, newPass []byte) error {
	if err := checkNewPassphrase(newPass); err != nil {
		return err
	}
	kf, err := ReadKeyFile(path)
	if err != nil {
		return err
	}
	dataKey, i, err := kf.unwrapPassphrase(oldPass)
	if err == errWrongPass {
		return ownwords.Errorf(ownwords.EUNAUTHORIZED, "wrong passphrase for %s", path)
	} else if err != nil {
		return inFile(path, err)
	}
	defer clear(dataKey)
	w, err := kf.newPassphraseWrap(dataKey, newPass, newParams())
	if err != nil {
		return err
	}
	kf.Wraps[i] = w
	if err := kf.seal(dataKey); err != nil {
		return err
	}
	return kf.write(path, true)
}

// Shred overwrites the sidecar at path with random bytes, flushes it and
// removes it. Without the sidecar no copy of the study file can be opened:
// see the package documentation for what this does and does not guarantee.
// It refuses (EINVALID) to touch a file that is not a valid key file, so a
// mistyped path cannot destroy a study file. ENOTFOUND if path is missing.
func Shred(path string) error {
	data, err := readKeyFileBytes(path)
	if err != nil {
		return err
	}
	if _, err := ParseKeyFile(data); err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "refusing to shred %s: it is not a valid key file (%s); delete it yourself if you are sure", path, ownwords.ErrorMessage(err))
	}
	noise, err := randomBytes(len(data))
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("vault: shred %s: %w", path, err)
	}
	_, err = f.WriteAt(noise, 0)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("vault: shred %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("vault: shred %s: %w", path, err)
	}
	return atomicfile.SyncDir(path)
}

// ReadKeyFile reads and parses the sidecar at path. ENOTFOUND if it does
// not exist; EINVALID, naming the file, if it is not a valid key file.
func ReadKeyFile(path string) (*KeyFile, error) {
	data, err := readKeyFileBytes(path)
	if err != nil {
		return nil, err
	}
	kf, err := ParseKeyFile(data)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "key file %s is not valid: %s", path, ownwords.ErrorMessage(err))
	}
	return kf, nil
}

// readKeyFileBytes reads path, refusing anything larger than a key file.
func readKeyFileBytes(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "key file %s does not exist", path)
	} else if err != nil {
		return nil, fmt.Errorf("vault: open key file %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("vault: read key file %s: %w", path, err)
	}
	if len(data) > maxKeyFileSize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "key file %s is larger than %d bytes: it is not a key file", path, maxKeyFileSize)
	}
	return data, nil
}

// Save replaces the sidecar at path with kf, atomically and with mode 0600,
// for example after AddRecipients. Its wraps are not re-checked: kf must come
// from ReadKeyFile or a successful change.
func (kf *KeyFile) Save(path string) error {
	if err := kf.validate(); err != nil {
		return err
	}
	return kf.write(path, true)
}

// write encodes kf and writes it to path atomically (see writeAtomic).
func (kf *KeyFile) write(path string, replace bool) error {
	data, err := kf.Marshal()
	if err != nil {
		return err
	}
	return writeAtomic(path, data, replace)
}

// inFile puts the key file's name in front of err's message, keeping its
// code; nil stays nil.
func inFile(path string, err error) error {
	var e *ownwords.Error
	if err == nil {
		return nil
	} else if errors.As(err, &e) {
		return ownwords.Errorf(e.Code, "key file %s: %s", path, e.Message)
	}
	return fmt.Errorf("vault: key file %s: %w", path, err)
}
