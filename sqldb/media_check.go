package sqldb

import (
	"context"
	"path/filepath"
	"slices"

	"ownwords"
)

// RecordingFiles describes the media directory of a study file for a
// check of its recordings; see ownwords.RecordingService. Files no row
// names are unknown unless a journal names them (a write still settling,
// or a crash's leftover the next open removes): see media_journal.go for
// why they are never removed.
func (s services) RecordingFiles(ctx context.Context) (*ownwords.RecordingFiles, error) {
	out := &ownwords.RecordingFiles{Files: map[string]string{}}
	dir := s.db.mediaDir()
	if dir == "" {
		return out, nil
	}
	l, err := listMedia(dir)
	if err != nil {
		return nil, err
	}
	type row struct{ id, file string }
	rows, err := collect(ctx, s.read(), "recording files", `SELECT id, media_file FROM recordings WHERE media_file <> ''`, nil, func(sc interface{ Scan(...any) error }) (row, error) {
		var r row
		return r, sc.Scan(&r.id, &r.file)
	})
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, r := range rows {
		known[r.file] = true
		out.Files[r.id] = mediaFileName(dir, r.file)
	}
	for _, j := range l.journals {
		names, err := readJournal(filepath.Join(dir, j))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			known[n], known[n+partialSuffix] = true, true
		}
	}
	for _, n := range append(l.files, l.other...) {
		if !known[n] {
			out.Unknown = append(out.Unknown, mediaFileName(dir, n))
		}
	}
	slices.Sort(out.Unknown)
	return out, nil
}
