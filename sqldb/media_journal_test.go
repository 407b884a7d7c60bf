package sqldb

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
)

// TestMediaSweep leaves in the media directory what a crash, an older
// copy of the study or its user could leave, and opens the study: the
// sweep removes the files a journal names and no row does (a crash's
// leftovers), and nothing else.
func TestMediaSweep(t *testing.T) {
	for _, c := range []struct {
		name string
		// journal is what a journal names, files what the directory
		// holds besides the live recording's file ("live" names it).
		journal, files []string
		want           []string
	}{
		{"JournaledOrphanGoes", []string{"a"}, []string{"a", "a.partial"}, nil},
		{"JournaledPartialGoes", []string{"a"}, []string{"a.partial"}, nil},
		{"JournaledLiveStays", []string{"live", "a"}, []string{"a"}, nil},
		{"UnjournaledFileStays", nil, []string{"b"}, []string{"b"}},
		{"UnjournaledPartialStays", []string{"a"}, []string{"b.partial"}, []string{"b.partial"}},
		{"OtherFileStays", []string{"a"}, []string{"notes.txt"}, []string{"notes.txt"}},
		{"TornJournalLine", []string{"a", "0123"}, []string{"a"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := mustRotFixture(t, 10)
			id := f.addRecording(t)
			live := filepath.Base(mediaPath(t, f.path, id))
			dir := MediaDir(f.path)
			names := map[string]string{"live": live, "a": newMediaName(), "b": newMediaName(), "notes.txt": "notes.txt"}
			real := func(n string) string {
				base, suffix, _ := strings.Cut(n, ".")
				if r, ok := names[n]; ok {
					return r
				}
				return names[base] + "." + suffix
			}
			var journal []byte
			for _, n := range c.journal {
				if r, ok := names[n]; ok {
					n = r
				}
				journal = append(journal, n+"\n"...)
			}
			if len(journal) > 0 {
				journal = journal[:len(journal)-1] // a torn last line has no newline
				mustDo(t, os.WriteFile(filepath.Join(dir, "0123456789abcdef"+journalSuffix), journal, 0o600))
			}
			for _, n := range c.files {
				mustDo(t, os.WriteFile(filepath.Join(dir, real(n)), []byte("x"), 0o600))
			}
			checkRecording(t, f.path, id) // opens the study
			want := []string{live}
			for _, n := range c.want {
				want = append(want, real(n))
			}
			slices.Sort(want)
			if got := mediaDirFiles(t, f.path); !slices.Equal(got, want) {
				t.Fatalf("after opening: %v, want %v", got, want)
			}
		})
	}
}

// TestOlderCopyKeepsNewerRecordings puts an older copy of the study file
// back by hand beside today's media directory, opens it, then brings
// today's study file back: the recordings imported since the copy (whose
// files the older copy does not name) must still play.
func TestOlderCopyKeepsNewerRecordings(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		update func(db *DB) func(context.Context, func(ownwords.Services) error) error
	}{
		{"Update", func(db *DB) func(context.Context, func(ownwords.Services) error) error { return db.Update }},
		{"UpdateBulk", func(db *DB) func(context.Context, func(ownwords.Services) error) error { return db.UpdateBulk }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := mustRotFixture(t, 10)
			older := f.addRecording(t)
			copyFile(t, f.path, f.path+".yesterday")
			db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
			mustDo(t, err)
			rec := &ownwords.Recording{StudyID: f.studyID, InterviewID: f.interviewID, Name: "today.wav", MediaType: "audio/wav", Size: int64(len(mediaSample))}
			mustDo(t, c.update(db)(ctx, func(s ownwords.Services) error { return s.PutRecording(ctx, rec, bytes.NewReader(mediaSample)) }))
			mustDo(t, db.Close())
			copyFile(t, f.path, f.path+".today")
			copyFile(t, f.path+".yesterday", f.path)
			checkRecording(t, f.path, older) // opens the older copy
			copyFile(t, f.path+".today", f.path)
			checkRecording(t, f.path, rec.ID)
		})
	}
}

// copyFile copies the closed study file src to dst, as a user would,
// the WAL and shared memory files of dst removed.
func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	if anyExists(src + "-wal") {
		tb.Fatalf("%s has a WAL file: not closed", src)
	}
	mustDo(tb, os.WriteFile(dst, mustReadAll(tb, src), 0o600))
	for _, side := range []string{"-wal", "-shm"} {
		mustDo(tb, removeIfExists(dst+side))
	}
}

// TestDeletionDurableBeforeFilesGo deletes a recording in each way that
// takes one: inside the transaction, before it commits, a journal names
// the file; after the commit, the commit is made durable (the WAL synced:
// step "durable") while the file is still there, and only then does the
// file go, and the journal with it.
func TestDeletionDurableBeforeFilesGo(t *testing.T) {
	defer func() { mediaHook = nil }()
	for _, c := range []struct {
		name   string
		delete func(ctx context.Context, s ownwords.Services, f rotFixture, id string) error
	}{
		{"Recording", func(ctx context.Context, s ownwords.Services, f rotFixture, id string) error {
			return s.DeleteRecording(ctx, id)
		}},
		{"Interview", func(ctx context.Context, s ownwords.Services, f rotFixture, id string) error {
			return s.DeleteInterview(ctx, f.interviewID)
		}},
		{"Participant", func(ctx context.Context, s ownwords.Services, f rotFixture, id string) error {
			iv, err := s.Interview(ctx, f.interviewID)
			if err != nil {
				return err
			}
			return s.DeleteParticipant(ctx, iv.ParticipantID)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			f := mustRotFixture(t, 10)
			id := f.addRecording(t)
			file := mediaPath(t, f.path, id)
			db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
			mustDo(t, err)
			defer db.Close()
			var durable, there bool
			mediaHook = func(step string) {
				if step == "durable" {
					durable, there = true, anyExists(file)
				}
			}
			mustDo(t, db.Update(ctx, func(s ownwords.Services) error {
				if err := c.delete(ctx, s, f, id); err != nil {
					return err
				}
				l, err := listMedia(MediaDir(f.path))
				mustDo(t, err)
				var noted []string
				for _, j := range l.journals {
					names, err := readJournal(filepath.Join(MediaDir(f.path), j))
					mustDo(t, err)
					noted = append(noted, names...)
				}
				if !slices.Contains(noted, filepath.Base(file)) {
					t.Errorf("before the commit the journals name %v, not the file to remove", noted)
				}
				return nil
			}))
			mediaHook = nil
			if !durable || !there {
				t.Errorf("commit made durable: %v, with the file still there: %v; want both", durable, there)
			}
			if got := mediaDirFiles(t, f.path); len(got) != 0 {
				t.Errorf("after the deletion the media directory holds %v", got)
			}
		})
	}
}

// TestDeleteRecordingsWithoutMediaDir: recordings whose media directory
// is lost (damaged) can still be deleted, in each way that takes one.
func TestDeleteRecordingsWithoutMediaDir(t *testing.T) {
	for _, c := range []struct {
		name   string
		delete func(ctx context.Context, db *DB, f rotFixture, id string) error
	}{
		{"Recording", func(ctx context.Context, db *DB, f rotFixture, id string) error { return db.DeleteRecording(ctx, id) }},
		{"Interview", func(ctx context.Context, db *DB, f rotFixture, id string) error {
			return db.DeleteInterview(ctx, f.interviewID)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			f := mustRotFixture(t, 10)
			id := f.addRecording(t)
			mustDo(t, os.RemoveAll(MediaDir(f.path)))
			db, err := Open(ctx, Config{DSN: f.path, Passphrase: []byte(rotatePass)})
			mustDo(t, err)
			defer db.Close()
			mustDo(t, c.delete(ctx, db, f, id))
			if _, err := db.Recording(ctx, id); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
				t.Fatalf("the recording after its deletion: %v", err)
			}
		})
	}
}

// TestMediaSweepHostileJournal: whoever can write to S.media/ can leave a
// journal that names paths outside it, or a journal or media file that is
// a symbolic link; the sweep at open removes nothing outside S.media/ and
// never follows a link (a removed link leaves its target).
func TestMediaSweepHostileJournal(t *testing.T) {
	f := mustRotFixture(t, 10)
	id := f.addRecording(t)
	dir := MediaDir(f.path)
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim")
	mustDo(t, os.WriteFile(victim, []byte("keep"), 0o600))
	orphan := newMediaName()
	target := filepath.Join(outside, orphan) // a media name, outside
	mustDo(t, os.WriteFile(target, []byte("keep"), 0o600))
	// A journal naming paths outside and a media-named link to a file outside.
	lines := []string{"../" + filepath.Base(outside) + "/victim", victim, "../../" + orphan, orphan, "/" + orphan, orphan + "/../x"}
	mustDo(t, os.WriteFile(filepath.Join(dir, "0123456789abcdef"+journalSuffix), []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	mustDo(t, os.Symlink(target, filepath.Join(dir, orphan)))
	// A journal that is a link to a list outside naming the victim.
	list := filepath.Join(outside, "list")
	mustDo(t, os.WriteFile(list, []byte(victim+"\n"), 0o600))
	mustDo(t, os.Symlink(list, filepath.Join(dir, "fedcba9876543210"+journalSuffix)))
	checkRecording(t, f.path, id) // opens the study: the sweep runs
	if _, err := os.Lstat(filepath.Join(dir, orphan)); err == nil {
		t.Errorf("the journaled link %s, which no row names, is still there: did the sweep run?", orphan)
	}
	for _, p := range []string{victim, target, list} {
		if b, err := os.ReadFile(p); err != nil || string(b) != "keep" && p != list {
			t.Errorf("%s after the sweep: %q, %v", p, b, err)
		}
	}
}
