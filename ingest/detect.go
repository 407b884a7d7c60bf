package ingest

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"ownwords"
)

// Kind is what an import file holds.
type Kind string

// Kinds of import files.
const (
	KindTranscript Kind = "transcript" // .txt .md .docx .odt .vtt .srt
	KindAttributes Kind = "attributes" // .csv .xlsx participant tables
	KindEvents     Kind = "events"     // .csv with header participant,kind,date[,note]
	KindCodebook   Kind = "codebook"   // .json with "sections"
	KindREFIQDA    Kind = "refi-qda"   // .qdpx .qdc, read by package qdpx
	KindPlan       Kind = "plan"       // .json with "groups" or "ownwords_plans", read by package analysis
)

// legacyHints tell users what to do with formats we do not read.
var legacyHints = map[string]string{
	".doc": "save it as .docx", ".rtf": "save it as .docx or .txt", ".pdf": "export its text as .txt",
	".xls": "save it as .xlsx", ".ods": "save it as .xlsx or .csv", ".pages": "export it as .docx",
}

// Detect tells what the file at path holds, by extension; for .csv it
// reads the header line (an events table has exactly the columns
// participant, kind, date and optionally note) and for .json the top-level
// keys (an analysis plan file has "groups" or "ownwords_plans"; a
// codebook has "sections" and no "groups"; an interview's metadata belongs next to
// its transcript and is not imported on its own).
func Detect(path string) (Kind, error) {
	name := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".txt", ".md", ".docx", ".odt", ".vtt", ".srt":
		return KindTranscript, nil
	case ".xlsx":
		return KindAttributes, nil
	case ".qdpx", ".qdc":
		return KindREFIQDA, nil
	case ".csv":
		return detectCSV(path)
	case ".json":
		return detectJSON(path)
	case ".wav", ".mp3", ".m4a", ".ogg", ".opus", ".webm", ".mp4", ".mov":
		return KindRecording, nil
	}
	if hint, ok := legacyHints[ext]; ok {
		return "", inputErrorf(name, "", "%s files cannot be imported; %s", ext, hint)
	}
	return "", inputErrorf(name, "", "unknown file type %q; import .txt, .md, .docx, .odt, .vtt, .srt, .csv, .xlsx, .json (codebook or analysis plan), .qdpx, .qdc, or a recording (.wav .mp3 .m4a .ogg .opus .webm .mp4 .mov)", ext)
}

// eventsHeaders are the accepted headers of an events table.
var eventsHeaders = [][]string{{"participant", "kind", "date"}, {"participant", "kind", "date", "note"}}

func detectCSV(path string) (Kind, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", openError(path, err)
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(io.LimitReader(f, 64<<10), 64<<10).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", readError(path, err)
	}
	line = strings.TrimPrefix(line, string(bomUTF8))
	cr := csv.NewReader(strings.NewReader(line))
	cr.Comma = detectDelimiter(line)
	head, err := cr.Read()
	if err != nil {
		return KindAttributes, nil // ReadCSV will report the problem with its place
	}
	for i := range head {
		head[i] = strings.ToLower(strings.TrimSpace(head[i]))
	}
	for _, h := range eventsHeaders {
		if slices.Equal(head, h) {
			return KindEvents, nil
		}
	}
	return KindAttributes, nil
}

func detectJSON(path string) (Kind, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return "", openError(path, err)
	}
	defer f.Close()
	b, err := readJSONFile(name, f)
	if err != nil {
		return "", err
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(b, &keys) != nil {
		return "", inputErrorf(name, "", "not a JSON object; a codebook is an object with \"sections\"")
	}
	switch {
	case keys["ownwords_plans"] != nil || keys["groups"] != nil:
		return KindPlan, nil
	case keys["sections"] != nil:
		return KindCodebook, nil
	case keys["participant"] != nil:
		return "", inputErrorf(name, "", "this is interview metadata; put it next to its transcript (interview.txt + interview.txt.json) and import the transcript")
	case keys["attributes"] != nil:
		return "", inputErrorf(name, "", "this looks like a schema (no \"sections\"); pass it with --schema when importing a table")
	}
	return "", inputErrorf(name, "", "not a codebook (no \"sections\")")
}

// openError reports a file that cannot be opened: a missing file is the
// user's to fix (ENOTFOUND), anything else is internal.
func openError(path string, err error) error {
	if os.IsNotExist(err) {
		return ownwords.Errorf(ownwords.ENOTFOUND, "%s: no such file", path)
	}
	return readError(path, err)
}
