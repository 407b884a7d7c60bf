package ingest

// palette is the Okabe-Ito colour-blind-safe qualitative palette (Okabe &
// Ito, "Color Universal Design", 2008), with grey in place of black so
// that highlighted text stays readable.
var palette = []string{
	"#E69F00", // orange
	"#56B4E9", // sky blue
	"#009E73", // bluish green
	"#F0E442", // yellow
	"#0072B2", // blue
	"#D55E00", // vermilion
	"#CC79A7", // reddish purple
	"#999999", // grey
}

// paletteColor returns the colour of the i-th code of a codebook file
// (depth-first order), so that neighbours differ and re-imports agree.
func paletteColor(i int) string { return palette[i%len(palette)] }
