package demo_test

import (
	"fmt"

	"ownwords/demo"
)

func ExampleGenerate() {
	s := demo.Generate(demo.DefaultSeed)
	men := 0
	for _, p := range s.Sample() {
		if p.Values["gender"].Str == "man" {
			men++
		}
	}
	fmt.Printf("%d participants, %d in the sample, %d of them men\n", len(s.Participants), len(s.Sample()), men)
	for _, u := range s.Users {
		fmt.Println(u.Name, u.Role)
	}
	// Output:
	// 239 participants, 220 in the sample, 182 of them men
	// owner owner
	// coder-a coder
	// coder-b coder
	// analyst analyst
}

func ExampleEvaluateChecks() {
	report := []byte(`{"figures": [{"section": "sample", "item": "participants", "group": "men", "n": 181, "denominator": 181, "percent": 100}]}`)
	checks := demo.PublishedChecks()
	checks.Checks = checks.Checks[1:2]
	for _, r := range demo.EvaluateChecks(report, checks) {
		fmt.Println(r.Check, r.OK, r.Got)
	}
	// Output:
	// count sample/participants [men] false n=181/181 (100.0%)
}
