// Package ingest turns files into ownwords domain values and lands them in a
// store in one transaction.
//
// Readers:
//
//   - ReadTranscript reads .txt and .md (as plain text; Markdown is not
//     rendered), .docx and .odt (.vtt and .srt subtitles as plain text:
//     ReadTranscriptFile turns their cues into turns with time anchors, and
//     takes the timestamps at turn starts of the others out into anchors;
//     see timecodes). The result is UTF-8 in Unicode NFC with
//     line endings normalised to "\n" (CRLF and a lone CR each become one
//     LF). Segment offsets count the code points of this normalised text,
//     never the bytes of the original file.
//   - Plain text is UTF-8 (a BOM is stripped) or UTF-16 LE/BE with a BOM;
//     other encodings must be declared (TextOptions.Encoding). Undeclared
//     invalid UTF-8 and NUL bytes are errors naming the byte offset in the
//     original file, BOM included.
//   - .docx and .odt: paragraphs in document order, one "\n" between
//     paragraphs (an empty paragraph gives an empty line), line breaks and
//     tabs kept, speaker labels kept as written. Tables become rows joined
//     by "\n" with cells joined by "\t"; inside a cell, paragraphs, line
//     breaks and tabs become single spaces so that the row structure
//     survives. Tracked changes are accepted (deleted and moved-away text
//     left out); field instructions, headers and footers are left out.
//     ReadTranscript returns the body text only, as other tools count it
//     (REFI-QDA positions of .docx sources); ReadDocument, which the
//     import uses, also keeps footnotes and endnotes (a marker "[n]" at
//     each reference and their text in a "Notes" block at the end) and
//     comments with their span (Apply keeps them as memos anchored to
//     it), and counts the tracked changes, so that the import summary
//     lists each. Nothing is executed or fetched: relationships to
//     external targets are never followed.
//   - ReadCSV and ReadXLSX read participant attribute tables; ReadSchema
//     declares their columns; ReadCodebook reads a codebook; ReadMeta reads
//     an interview's metadata sidecar (interview-3.txt.json or
//     interview-3.json next to interview-3.txt). A sidecar with
//     "translation_of" (or "interview" and "role") makes its file another
//     text of that interview, a translation or the original (TextMeta):
//     Apply stores it after the interviews, refused unless it aligns turn
//     by turn with the transcript (text.Align), or Options.Unaligned (the
//     CLI's --unaligned) is set: then it is stored unaligned, listed in
//     Summary.Unaligned, to be paired turn by turn by hand in the
//     workbench (text.UnitMap). A sidecar with "columns"
//     makes a .docx or .odt two-column table (transcript | translation, a
//     row per turn) two texts of one interview (ColumnsMeta, SplitColumns).
//
// A Batch collects what the files of one import hold (Batch.AddFile reads
// any supported file); Apply writes it through ownwords.Services, and the
// caller runs Apply inside Store.Update so that the import lands whole or
// not at all.
//
// Attribute tables. The first non-empty row is the header. Exactly one
// column names the participant: its header is "id", "participant" or
// "code" (any case). Other headers become attribute slugs: trimmed,
// lower-cased, runs of white space replaced by '_'; a header that is still
// not a valid slug is an error naming the column. Columns with neither a
// header nor any value are ignored; empty rows are skipped.
//
// A CSV file's delimiter is detected from its header line: whichever of
// ',', ';' and tab occurs most often outside quotes, ',' on a tie or when
// none occurs. A CSV file is UTF-8 unless an encoding is declared.
//
// Missing values: empty cells are always missing; so are cells equal
// (ignoring case and surrounding space) to a missing-value code. The codes
// are TableOptions.Missing if set, else the schema's "missing" list if
// given, else DefaultMissing. A missing value is never parsed as a number.
//
// Column types come from the schema when it declares the column; otherwise
// they are inferred from the non-missing values, first rule that holds:
//
//  1. boolean: every value is one of true, false, yes, no (any case), 0
//     and 1; so a column whose every value is 0 or 1 is boolean, never
//     integer;
//  2. integer: every value is a base-10 integer without leading zeros
//     ("007" is a code, not a number);
//  3. number: every value is a decimal number with a point, not a comma
//     ("3.5", "1e3"), again without leading zeros;
//  4. date: every value is YYYY, YYYY-MM or YYYY-MM-DD, or a spreadsheet
//     date cell (a column of bare years is integer by rule 2);
//  5. category: at most 50 distinct values and at most one distinct value
//     per four non-missing values (220 rows allow 55, so 50; 20 rows allow 5);
//  6. text otherwise, and for a column with no values at all.
//
// When the study (or an earlier file of the same import) already defines an
// attribute, its type wins over an inferred one at Apply time, and every
// value is re-read as that type; a type declared by a schema that disagrees
// with the study is an error.
package ingest
