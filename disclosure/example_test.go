package disclosure_test

import (
	"fmt"

	"ownwords/disclosure"
)

// Three men did X: primary suppression hides that cell, but "all" minus
// "women" would give it back, so Suppress hides the women's cell too.
func ExampleSuppress() {
	t := &disclosure.Table{
		Rows:      []string{"poverty", "criminal history"},
		Cols:      []string{"all", "men", "women"},
		Shape:     disclosure.MultiResponse,
		Cells:     [][]int{{10, 3, 7}, {30, 12, 18}},
		ColTotals: []int{40, 15, 25},
	}
	all, err := disclosure.ParseRelation("all = men + women")
	if err != nil {
		panic(err)
	}
	if err := disclosure.Suppress(t, []disclosure.Relation{all}, 5); err != nil {
		panic(err)
	}
	for r, row := range t.Cells {
		fmt.Printf("%-17s", t.Rows[r])
		for c, n := range row {
			if t.Suppressed[r][c] {
				fmt.Printf("%4s", "-")
			} else {
				fmt.Printf("%4d", n)
			}
		}
		fmt.Println()
	}
	// Output:
	// poverty            10   -   -
	// criminal history   30  12  18
}

func ExampleAttributor() {
	words := []disclosure.Wording{
		{Attribute: "gender", Role: disclosure.Noun, Words: map[string]string{"man": "man", "woman": "woman"}},
		{Attribute: "origin", Role: disclosure.Adjective, Words: map[string]string{"local": "local", "foreign": "foreign"}},
		{Attribute: "status", Role: disclosure.Apposition, Words: map[string]string{"returnee": "returnee", "detainee": "detainee"}},
	}
	var sample []map[string]string
	add := func(n int, gender, origin, status string) {
		for range n {
			sample = append(sample, map[string]string{"gender": gender, "origin": origin, "status": status})
		}
	}
	add(6, "woman", "foreign", "returnee")
	add(3, "woman", "foreign", "detainee")
	add(8, "man", "local", "returnee")
	a, err := disclosure.NewAttributor(5, words, sample)
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Attribution(sample[0]))
	fmt.Println(a.Attribution(sample[6])) // only 3 foreign women detainees
	// Output:
	// a foreign woman, returnee
	// a foreign woman
}

func ExampleScan() {
	quote := "Then we drove from İstanbul to Raqqa with Abu Bakr."
	for _, f := range disclosure.Scan(quote, []string{"istanbul", "abu bakr"}) {
		fmt.Println(f.Start, f.End, f.Term)
	}
	// Output:
	// 19 27 istanbul
	// 42 50 abu bakr
}
