package text_test

import (
	"fmt"

	"ownwords/text"
)

// A search: parse the query, let the store narrow the candidates with the
// rendered expression, then find the hits in each candidate's original text
// and show them in context.
func Example() {
	q, err := text.ParseQuery(`istanbul OR "new york" NOT kabul`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.FTS5())
	fmt.Println(q.TSQuery())

	transcript := "P-0042: Ben İstanbul'da doğdum.\nThen we moved to ISTANBUL again."
	for _, l := range text.KWICLines(transcript, text.Find(transcript, q), 12) {
		fmt.Printf("%d-%d [%s] %s [%s]\n", l.Start, l.End, l.Before, l.Match, l.After)
	}
	// Output:
	// ("istanbul" OR ("new york" NOT "kabul"))
	// ('istanbul' | (('new' <-> 'york') & !'kabul'))
	// 12-20 [P-0042: Ben ] İstanbul ['da doğdum.]
	// 49-57 [we moved to ] ISTANBUL [ again.]
}

func ExampleFold() {
	fmt.Println(text.Fold("İSTANBUL"), text.Fold("École"), text.Fold("أَحْمَد"), text.Fold("Straße"))
	// Output: istanbul ecole احمد strasse
}

func ExampleTurn() {
	s := "Interviewer: Where did you go?\nP-0042: To the camp.\nIt was far.\nInterviewer: Why?"
	start, end := text.Turn(s, 40)
	fmt.Printf("%q\n", string([]rune(s)[start:end]))
	// Output: "P-0042: To the camp.\nIt was far."
}
