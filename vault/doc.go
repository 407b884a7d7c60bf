// Package vault holds the key material of an encrypted study file and the
// password hashes of user accounts.
//
// # Data key and sidecar
//
// The SQLite study file is encrypted as a whole (tables, full-text index,
// journal) with a random 32-byte data key (see NewDataKey and sqldb). The
// data key is never stored in the clear. It lives in a small JSON sidecar
// next to the study file, "<study>.key" (KeyFile), wrapped once for each way
// of opening the study:
//
//   - a passphrase wrap: the data key sealed with AES-256-GCM under a key
//     derived from the passphrase with Argon2id;
//   - an age wrap per custodian: the data key encrypted with filippo.io/age to
//     the custodian's public key, for recovery when the passphrase is lost.
//
// # Argon2id parameters
//
// New wraps and new password hashes use Argon2id with t=3 passes, m=64 MiB,
// p=4 lanes, a 16-byte random salt and a 32-byte output: the second
// recommended option of RFC 9106 (section 4), the one the RFC gives for
// machines that cannot spend 2 GiB per derivation (its first option). A
// laptop unlocking a study and a server checking logins are such machines.
// The parameters are stored in every wrap and every hash, so they can be
// raised later (ChangePassphrase re-wraps with the current ones) while old
// sidecars and hashes keep working.
//
// Tests lower the cost of new wraps and hashes to one pass over 64 KiB with
// vaulttest.UseTestCost, which refuses outside a test binary; the ownwords
// binary does not link it. Unlock and CheckPassword use whatever parameters
// a wrap or hash records, within bounds against memory exhaustion, so the
// binary opens a study file a test made. It does not refuse weak recorded
// parameters: a wrap's parameters are bound into its GCM tag, so lowering
// them takes the data key, and whoever can write a password hash can write
// one for a password of their choosing. A study file made with weak
// parameters (by a test) gets the real ones when its passphrase is changed
// (ChangePassphrase).
//
// # Integrity
//
// A passphrase wrap's GCM additional data binds the sidecar's format
// version, its key ID, the wrap's KDF parameters and its salt, so moving or
// editing any of them makes the wrap fail to open. The whole sidecar also
// carries an HMAC-SHA256 under a key derived from the data key (KeyFile.MAC),
// checked after every unwrap; it catches edits to fields no wrap covers, such
// as a forged age wrap added by someone who can write the sidecar. A tampered
// passphrase wrap cannot be told apart from a wrong passphrase: both are
// reported as a wrong passphrase. The last check is the study file itself: a
// data key that does not decrypt it is useless, however it was obtained.
//
// # Crypto-shredding and its limits
//
// The data key exists only inside the sidecar (and in memory while a study
// is open), so destroying every copy of the sidecar makes every copy of the
// study file unreadable, backups included (Shred). Shred overwrites the
// sidecar before removing it, but on SSDs (wear levelling) and copy-on-write
// or journaling filesystems (btrfs, ZFS, APFS, data=journal ext4) the old
// blocks may survive the overwrite; what makes shredding work is that the
// data key exists nowhere else, so copies of the sidecar (backups, sync
// folders) must be destroyed too. For the same reason ChangePassphrase does
// not revoke the old passphrase against anyone holding an old copy of the
// sidecar: only re-encrypting the study under a new data key does that.
package vault
