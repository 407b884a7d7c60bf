package analysis

import (
	"math/big"
	"testing"
)

func TestPercentTenths(t *testing.T) {
	// Published figures of the reference study (shared/study/published.json):
	// 94 of 182 men were fighters or on ribat (51.6%), 29 of 38 women were
	// foreign (76.3%), 37 of 38 women were wives and mothers (97.4%), 93 of
	// 182 men were foreign (51.1%).
	tests := []struct {
		name      string
		n, d      int
		want      int
		wantFloat float64
	}{
		{"FighterOrRibatMen", 94, 182, 516, 51.6},
		{"ForeignWomen", 29, 38, 763, 76.3},
		{"WifeAndMotherWomen", 37, 38, 974, 97.4},
		{"ForeignMen", 93, 182, 511, 51.1},
		{"HalfRoundsUp", 1, 16, 63, 6.3},       // 6.25
		{"SmallHalfRoundsUp", 1, 2000, 1, 0.1}, // 0.05
		{"JustBelowHalfRoundsDown", 1, 2001, 0, 0},
		{"Zero", 0, 38, 0, 0},
		{"All", 38, 38, 1000, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PercentTenths(tt.n, tt.d); got != tt.want {
				t.Errorf("PercentTenths(%d, %d) = %d, want %d", tt.n, tt.d, got, tt.want)
			}
			if got, ok := (Count{tt.n, tt.d}).Percent(); !ok || got != tt.wantFloat {
				t.Errorf("Count{%d, %d}.Percent() = %v, %v, want %v", tt.n, tt.d, got, ok, tt.wantFloat)
			}
		})
	}
	t.Run("NoDenominator", func(t *testing.T) {
		if _, ok := (Count{0, 0}).Tenths(); ok {
			t.Error("Count{0, 0}.Tenths() ok, want not ok")
		}
	})
	t.Run("MatchesExactRationals", func(t *testing.T) {
		// Independent method: exact rational arithmetic, half-up as
		// floor(1000n/d + 1/2).
		for d := 1; d <= 400; d++ {
			for n := 0; n <= d; n++ {
				x := new(big.Rat).SetFrac64(int64(1000*n), int64(d))
				x.Add(x, big.NewRat(1, 2))
				want := new(big.Int).Quo(x.Num(), x.Denom()).Int64()
				if got := PercentTenths(n, d); int64(got) != want {
					t.Fatalf("PercentTenths(%d, %d) = %d, want %d", n, d, got, want)
				}
			}
		}
	})
}
