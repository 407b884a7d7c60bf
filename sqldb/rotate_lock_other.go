//go:build !unix

package sqldb

// lockRotation is a no-op where flock is unavailable: on those systems
// two processes must not rotate or open a study during a rotation (see
// SECURITY.md).
func lockRotation(path string) (func(), error) { return func() {}, nil }
