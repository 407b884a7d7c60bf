package vault

import (
	"bytes"
	"testing"

	"ownwords"
)

func TestContentKeyWrap(t *testing.T) {
	dataKey := bytes.Repeat([]byte{7}, DataKeySize)
	other := bytes.Repeat([]byte{8}, DataKeySize)
	wk, err := MediaWrapKey(dataKey)
	if err != nil {
		t.Fatal(err)
	}
	owk, _ := MediaWrapKey(other)
	if _, err := MediaWrapKey([]byte("short")); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("short data key: %v", err)
	}
	key, _ := NewContentKey()
	wrapped, err := WrapContentKey(wk, key, "rec-1")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(wrapped, key) {
		t.Fatal("the wrap holds the key")
	}
	got, err := UnwrapContentKey(wk, wrapped, "rec-1")
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("unwrap: %v", err)
	}
	plain, _ := WrapContentKey(nil, key, "rec-1")
	flipped := bytes.Clone(wrapped)
	flipped[len(flipped)-1] ^= 1
	for _, c := range []struct {
		name     string
		wrapKey  []byte
		wrapped  []byte
		id       string
		wantFail bool
	}{
		{"OtherRecording", wk, wrapped, "rec-2", true},
		{"OtherDataKey", owk, wrapped, "rec-1", true},
		{"Flipped", wk, flipped, "rec-1", true},
		{"Empty", wk, nil, "rec-1", true},
		{"PlainNeedsNoKey", nil, plain, "rec-1", false},
		{"PlainRefusedWithAKey", wk, plain, "rec-1", true},
		{"WrappedNeedsTheKey", nil, wrapped, "rec-1", true},
		{"UnknownFormat", wk, append([]byte{9}, wrapped[1:]...), "rec-1", true},
	} {
		got, err := UnwrapContentKey(c.wrapKey, c.wrapped, c.id)
		if c.wantFail != (err != nil) || (err != nil && ownwords.ErrorCode(err) != ownwords.EINVALID) {
			t.Errorf("%s: %v", c.name, err)
		}
		if err == nil && !bytes.Equal(got, key) {
			t.Errorf("%s: another key", c.name)
		}
	}
}

func TestChunkSealer(t *testing.T) {
	key, _ := NewContentKey()
	s, err := NewChunkSealer(key, "rec-1", 3)
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte("RIFF....WAVEfmt chunk one")
	sealed, err := s.Seal(nil, 1, plain)
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed) != len(plain)+ChunkOverhead || bytes.Contains(sealed, []byte("RIFF")) {
		t.Fatalf("sealed %d bytes: %q", len(sealed), sealed)
	}
	got, err := s.Open(nil, 1, sealed)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("open: %v", err)
	}
	again, _ := s.Seal(nil, 1, plain)
	if bytes.Equal(again, sealed) {
		t.Fatal("two seals of one chunk are equal: the nonce repeats")
	}
	otherTotal, _ := NewChunkSealer(key, "rec-1", 4)
	otherRec, _ := NewChunkSealer(key, "rec-2", 3)
	otherKey, _ := NewContentKey()
	otherKeyS, _ := NewChunkSealer(otherKey, "rec-1", 3)
	for _, c := range []struct {
		name string
		s    *ChunkSealer
		idx  int64
		data []byte
	}{
		{"OtherIndex", s, 2, sealed},
		{"OtherTotal (truncated or extended)", otherTotal, 1, sealed},
		{"OtherRecording", otherRec, 1, sealed},
		{"OtherKey", otherKeyS, 1, sealed},
		{"TooShort", s, 1, sealed[:ChunkOverhead-1]},
		{"Cut", s, 1, sealed[:len(sealed)-1]},
	} {
		if _, err := c.s.Open(nil, c.idx, c.data); ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Errorf("%s: %v, want EINVALID", c.name, err)
		}
	}
}
