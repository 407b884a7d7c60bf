package vault

import (
	"regexp"
	"strings"
	"testing"

	"ownwords"
)

func TestHashPassword(t *testing.T) {
	pw := []byte("hunter2 but longer")
	hash, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(hash) {
		t.Fatalf("hash %q is not a PHC string with the test parameters", hash)
	}
	t.Run("OK", func(t *testing.T) {
		ok, err := CheckPassword(hash, pw)
		if err != nil || !ok {
			t.Fatalf("CheckPassword = %v, %v; want true", ok, err)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		ok, err := CheckPassword(hash, []byte("hunter2 but longer!"))
		if err != nil || ok {
			t.Fatalf("CheckPassword = %v, %v; want false, nil", ok, err)
		}
	})
	t.Run("FreshSalt", func(t *testing.T) {
		again, _ := HashPassword(pw)
		if again == hash {
			t.Error("two hashes of one password are equal")
		}
	})
}

// TestHashPasswordDefault checks the default parameters.
func TestHashPasswordDefault(t *testing.T) {
	if got := formatPHC(recommendedParams, make([]byte, 16), make([]byte, 32)); !strings.HasPrefix(got, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Errorf("default hash %q, want the RFC 9106 parameters m=65536,t=3,p=4", got)
	}
}

// TestCheckPasswordReference checks hashes made by other implementations:
// the Argon2id (v=19) test vectors of the Argon2 reference implementation
// (github.com/P-H-C/phc-winner-argon2, src/test.c), password "password",
// salt "somesalt", as also listed in libar2's test suite.
func TestCheckPasswordReference(t *testing.T) {
	tests := []struct {
		name, hash string
		big        bool // 64 MiB
	}{
		{"OKTwoLanes", "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc", false},
		{"OK64MiB", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.big && testing.Short() {
				t.Skip("64 MiB Argon2id in -short mode")
			}
			for pw, want := range map[string]bool{"password": true, "passwore": false} {
				ok, err := CheckPassword(tt.hash, []byte(pw))
				if err != nil || ok != want {
					t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
				}
			}
		})
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	tests := []struct{ name, hash string }{
		{"ErrEmpty", ""},
		{"ErrBcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"ErrArgon2i", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrVersion", "$argon2id$v=16$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrParamOrder", "$argon2id$v=19$t=1,m=64,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrLeadingZero", "$argon2id$v=19$m=064,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrPadding", "$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrShortSalt", "$argon2id$v=19$m=64,t=1,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrZeroTime", "$argon2id$v=19$m=64,t=0,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrHugeMemory", "$argon2id$v=19$m=4294967295,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrTooManyLanes", "$argon2id$v=19$m=4096,t=1,p=256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"ErrTrailing", "$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := CheckPassword(tt.hash, []byte("pw"))
			wantCode(t, err, ownwords.EINVALID)
			if ok {
				t.Error("a malformed hash matched")
			}
			if tt.hash != "" && strings.Contains(err.Error(), tt.hash) {
				t.Error("the error repeats the hash")
			}
		})
	}
}

// FuzzParsePHC checks that parsePHC never panics and accepts only strings
// that formatPHC gives back unchanged.
func FuzzParsePHC(f *testing.F) {
	hash, err := HashPassword([]byte("seed password"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(hash)
	f.Add("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
	f.Add("$argon2id$v=19$m=,t=,p=$$")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, h, err := parsePHC(s)
		if err != nil {
			return
		}
		if got := formatPHC(p, salt, h); got != s {
			t.Fatalf("parsed %q, formats back as %q", s, got)
		}
	})
}
