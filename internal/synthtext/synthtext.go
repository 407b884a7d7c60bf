// Package synthtext makes the synthetic vocabulary of the benchmarks'
// generated transcripts: pseudo-words that no language holds, so that a
// generated corpus never contains real text and every query's frequency is
// set by its rank.
package synthtext

import "strings"

// Vocabulary returns n distinct pseudo-words made of two-letter syllables
// ("kalo", "mine", …), meant to be drawn by a Zipf law with index 0 the
// most frequent.
func Vocabulary(n int) []string {
	syll := []string{"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ya", "ze", "bu", "da", "fe", "gi", "ho", "ju"}
	vocab := make([]string, n)
	for i := range vocab {
		var b strings.Builder
		for x := i + 16; x > 0; x /= 16 {
			b.WriteString(syll[x%16])
		}
		vocab[i] = b.String()
	}
	return vocab
}
