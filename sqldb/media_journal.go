package sqldb

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"ownwords/internal/atomicfile"
)

// A write transaction that creates or removes recording files first notes
// their names in a journal of its own in the media directory,
// "<16 hex>.pending", one name a line, synced (and, when the journal is
// new, the directory) before the file is created and before the
// transaction commits. Once its files are settled (the created ones kept
// or removed, the deleted ones removed) the journal goes.
//
// The journal is what lets sweepMedia remove a crash's leftovers and
// nothing else: it removes the journal's names that no row names, never a
// file no journal names. A file no row and no journal names is not
// proven a leftover: an older copy of the study file put back by hand
// beside today's media directory names none of the recordings imported
// since, and removing their files would destroy them for good once the
// newer study file came back. Such files stay, and `recordings check`
// lists them.
//
// One journal per transaction, not a shared one, so that several
// processes (serve and the CLI) need no lock of their own: a journal is
// written only by its transaction, which holds SQLite's write lock while
// it writes; the sweep reads journals under that lock, so any journal it
// reads belongs to a transaction that has ended (committed or rolled
// back) and whose verdict the rows now give. A journal whose transaction
// is still removing its files after the lock was released only names
// files that transaction removes too (removal is idempotent) or that rows
// name (kept).

// journalSuffix ends the names of the transactions' journals.
const journalSuffix = ".pending"

// journalName matches a journal's name.
var journalName = regexp.MustCompile(`^[0-9a-f]{16}\.pending$`)

// note appends names to the transaction's journal in dir (created, and
// the directory synced, on first use) and syncs it: called before the
// files are created or the deletion that removes them commits.
func (m *mediaFiles) note(dir string, names ...string) error {
	if m.journal == nil {
		p := filepath.Join(dir, newMediaName()[:16]+journalSuffix)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("sqldb: recording files' journal: %w", err)
		}
		if err := atomicfile.SyncDir(p); err != nil {
			f.Close()
			os.Remove(p)
			return err
		}
		m.journal = f
	}
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	if _, err := m.journal.WriteString(b.String()); err != nil {
		return fmt.Errorf("sqldb: recording files' journal: %w", err)
	}
	if err := m.journal.Sync(); err != nil {
		return fmt.Errorf("sqldb: recording files' journal: %w", err)
	}
	return nil
}

// readJournal returns the names a journal holds: lines of a media file's
// name; a torn last line (a crash while appending, before the sync that
// precedes any file of the name) is skipped.
func readJournal(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // settled meanwhile by its transaction
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb: recording files' journal: %w", err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if n := sc.Text(); mediaName.MatchString(n) && !strings.HasSuffix(n, partialSuffix) {
			names = append(names, n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: recording files' journal: %w", err)
	}
	return names, nil
}

// mediaListing is what the media directory holds: its recording files
// (and files being written) and its journals.
type mediaListing struct {
	files, journals []string
	// other are the names of anything else.
	other []string
}

// listMedia lists the media directory dir (empty if it does not exist).
func listMedia(dir string) (mediaListing, error) {
	var l mediaListing
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("sqldb: media directory %s: %w", filepath.Base(dir), err)
	}
	for _, e := range entries {
		switch n := e.Name(); {
		case e.Type().IsRegular() && mediaName.MatchString(n):
			l.files = append(l.files, n)
		case e.Type().IsRegular() && journalName.MatchString(n):
			l.journals = append(l.journals, n)
		default:
			l.other = append(l.other, n)
		}
	}
	return l, nil
}

// sweepMedia removes the files a crash left: the names of the journals
// (see above) that no recording row names, the file and the one being
// written, then the journals. It runs under the write lock, so that no
// journal of a transaction still running is read; if another connection
// holds the lock (a long import elsewhere), it does nothing this time
// rather than wait.
func (db *DB) sweepMedia(ctx context.Context) error {
	dir := db.mediaDir()
	if dir == "" {
		return nil
	}
	l, err := listMedia(dir)
	if err != nil || len(l.journals) == 0 {
		return err
	}
	c, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: media sweep: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `PRAGMA busy_timeout=0`); err != nil {
		return fmt.Errorf("sqldb: media sweep: %w", err)
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `PRAGMA busy_timeout=10000`)
	tx, err := c.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
	if err != nil {
		return nil // busy: another writer; the next open sweeps
	}
	defer tx.Rollback()
	known, err := namedMediaFiles(ctx, tx)
	if err != nil {
		return fmt.Errorf("sqldb: media sweep: %w", err)
	}
	// The rows read may be those of a deletion another process has
	// committed and not yet made durable (mediaFiles.end): it is made so
	// before its files go.
	if err := db.syncCommit(); err != nil {
		return fmt.Errorf("sqldb: media sweep: %w", err)
	}
	for _, j := range l.journals {
		names, err := readJournal(filepath.Join(dir, j))
		if err != nil {
			return err
		}
		for _, n := range names {
			if known[n] {
				continue
			}
			for _, p := range []string{n, n + partialSuffix} {
				if err := removeIfExists(filepath.Join(dir, p)); err != nil {
					return err
				}
			}
		}
	}
	// The files' removal is durable before the journals naming them go.
	if err := atomicfile.SyncDir(filepath.Join(dir, l.journals[0])); err != nil {
		return err
	}
	for _, j := range l.journals {
		if err := removeIfExists(filepath.Join(dir, j)); err != nil {
			return err
		}
	}
	return atomicfile.SyncDir(filepath.Join(dir, l.journals[0]))
}

// namedMediaFiles returns the media files the recording rows name.
func namedMediaFiles(ctx context.Context, q queryer) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT media_file FROM recordings WHERE media_file <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		known[n] = true
	}
	return known, rows.Err()
}
