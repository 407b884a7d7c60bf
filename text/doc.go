// Package text holds the pure text functions that search and coding share:
// one normalisation for matching (Fold), tokenising with offsets in Unicode
// code points (Tokenize), a query language with a matcher that reports exact
// offsets (ParseQuery, Find) and renders to SQLite FTS5 and PostgreSQL
// tsquery, keyword-in-context lines (KWIC), and the sentence, paragraph and
// speaker-turn spans around an offset.
//
// # Offsets
//
// Every offset is a count of Unicode code points into the ORIGINAL text, End
// exclusive, as REFI-QDA counts them and as ownwords.Segment stores them. An
// invalid UTF-8 byte counts as one code point, as Go's range loop counts it.
// Folding may change a word's length (ß becomes ss, ﬁ becomes fi), so offsets
// are never computed in folded text: matching works on whole tokens, and a
// hit reports the original span of the tokens it matched.
//
// # Words
//
// A word is a run of letters, digits and combining marks (Unicode categories
// L, N and M). Zero-width joiners and non-joiners, the soft hyphen, the word
// joiner and the zero-width no-break space (U+200C, U+200D, U+00AD, U+2060,
// U+FEFF) stay inside a word when a letter, digit or mark follows them, so a
// Persian word written with a ZWNJ is one word; Fold removes them. Apostrophes (' and ’) and hyphens separate
// words: "l'école" is "l" and "école", "İstanbul'da" is "İstanbul" and "da",
// so `ecole` and `istanbul` find them, and a query word with an apostrophe or
// hyphen ("aujourd'hui", "al-Qaeda") becomes the phrase of its parts, which
// finds the same spelling again. Letter-like apostrophes that Unicode counts
// as letters (ʼ U+02BC, ʻ U+02BB) stay inside words. Han, Hiragana and
// Katakana characters are one word each, since those scripts do not mark
// word boundaries; a query in them becomes a phrase of characters.
//
// # Stores
//
// Both stores index the tokens of Tokenize(transcript) themselves: per
// folded word, its count in each interview and its token positions. The
// counts alone decide queries without positions (CountDocs: words,
// prefixes, AND, OR, NOT) and give their hits' number; the positions decide
// phrases and NEAR (FindPositions). Either way the hits are those of Find.
//
// # Positions
//
// An index with positions already knows where each word occurs, so a store
// need not read a transcript to count its hits: FindPositions evaluates a
// query on the positions of the words it names (Query.Terms) and gives the
// same hits as Find, as token positions. To show a hit, the store reads
// the transcript and finds the hit's tokens through its Marks (where every
// MarkEvery-th token begins) with TokensAt, tokenising a few words instead
// of the whole text, and KWICAt makes the line from the code points around
// the hit.
package text
