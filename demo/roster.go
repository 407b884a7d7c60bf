package demo

// cell is a stratum of the sample with fixed size; the target matrix gives
// exact counts per cell, which fixes every published group figure.
type cell int

// The strata: local men, foreign men, local women, foreign women from
// Western Europe, and the other foreign women.
const (
	cellLM cell = iota
	cellFM
	cellLW
	cellEW
	cellOW
	nCells
)

// counts holds one number per cell.
type counts [nCells]int

func (c cell) man() bool   { return c == cellLM || c == cellFM }
func (c cell) local() bool { return c == cellLM || c == cellLW }

// rosterRow is n sample participants of a cell with one citizenship and
// ethnicity. The rows are allocated by hand so that the distinct counts the
// study published hold exactly: men 35 countries and 41 ethnicities, women
// 18 and 22, everyone 37 countries (the check asks for at least 36).
type rosterRow struct {
	cell      cell
	country   string
	ethnicity string
	n         int
}

var roster = []rosterRow{
	{cellLM, "Iraq", "Arab", 40}, {cellLM, "Iraq", "Turkmen", 5}, {cellLM, "Iraq", "Kurdish", 3},
	{cellLM, "Syria", "Arab", 36}, {cellLM, "Syria", "Kurdish", 3}, {cellLM, "Syria", "Turkmen", 2},

	{cellFM, "France", "Algerian", 3}, {cellFM, "France", "White French", 2}, {cellFM, "France", "Tunisian", 1},
	{cellFM, "Belgium", "Moroccan", 4}, {cellFM, "Belgium", "White Belgian", 1},
	{cellFM, "Germany", "Turkish", 2}, {cellFM, "Germany", "White German", 2},
	{cellFM, "Germany", "Lebanese", 1}, {cellFM, "Germany", "Albanian", 1},
	{cellFM, "United Kingdom", "Pakistani", 2}, {cellFM, "United Kingdom", "Bangladeshi", 1},
	{cellFM, "United Kingdom", "White British", 1}, {cellFM, "United Kingdom", "Somali", 1},
	{cellFM, "United Kingdom", "Afro-Caribbean", 1},
	{cellFM, "Netherlands", "Moroccan", 2}, {cellFM, "Netherlands", "White Dutch", 1},
	{cellFM, "Sweden", "Eritrean", 1}, {cellFM, "Sweden", "White Swedish", 1}, {cellFM, "Sweden", "Kurdish", 1},
	{cellFM, "Denmark", "Palestinian", 1}, {cellFM, "Denmark", "White Danish", 1},
	{cellFM, "Austria", "Chechen", 2}, {cellFM, "Spain", "Moroccan", 1}, {cellFM, "Italy", "Moroccan", 1},
	{cellFM, "Norway", "White Norwegian", 1}, {cellFM, "Norway", "Somali", 1},
	{cellFM, "Finland", "White Finnish", 1},
	{cellFM, "Bosnia and Herzegovina", "Bosniak", 4}, {cellFM, "Kosovo", "Albanian", 3},
	{cellFM, "Albania", "Albanian", 1}, {cellFM, "North Macedonia", "Albanian", 1},
	{cellFM, "North Macedonia", "Macedonian Muslim", 1},
	{cellFM, "Uzbekistan", "Uzbek", 4}, {cellFM, "Tajikistan", "Tajik", 3}, {cellFM, "Kazakhstan", "Kazakh", 2},
	{cellFM, "Kyrgyzstan", "Kyrgyz", 1}, {cellFM, "Kyrgyzstan", "Uzbek", 1},
	{cellFM, "Russia", "Chechen", 2}, {cellFM, "Russia", "Avar", 2}, {cellFM, "Russia", "Tatar", 1},
	{cellFM, "Russia", "Ingush", 1}, {cellFM, "Russia", "Russian", 1},
	{cellFM, "Azerbaijan", "Azerbaijani", 2}, {cellFM, "Georgia", "Kist", 2},
	{cellFM, "Tunisia", "Tunisian", 4}, {cellFM, "Morocco", "Moroccan", 2}, {cellFM, "Saudi Arabia", "Arab", 2},
	{cellFM, "Jordan", "Arab", 1}, {cellFM, "Jordan", "Palestinian", 1}, {cellFM, "Egypt", "Egyptian", 2},
	{cellFM, "Libya", "Libyan", 2}, {cellFM, "Turkey", "Turkish", 3}, {cellFM, "Turkey", "Kurdish", 1},
	{cellFM, "Lebanon", "Lebanese", 1},
	{cellFM, "United States", "White American", 1}, {cellFM, "United States", "Somali", 1},
	{cellFM, "Australia", "Lebanese", 1}, {cellFM, "Australia", "Hazara", 1},

	{cellLW, "Iraq", "Arab", 4}, {cellLW, "Iraq", "Turkmen", 1}, {cellLW, "Syria", "Arab", 3},
	{cellLW, "Syria", "Kurdish", 1},

	{cellEW, "France", "Algerian", 1}, {cellEW, "France", "White French", 1}, {cellEW, "France", "Moroccan", 1},
	{cellEW, "Belgium", "Moroccan", 2}, {cellEW, "Germany", "Turkish", 1}, {cellEW, "Germany", "White German", 1},
	{cellEW, "Germany", "Chechen", 1}, {cellEW, "United Kingdom", "Pakistani", 1},
	{cellEW, "United Kingdom", "Bangladeshi", 1}, {cellEW, "Netherlands", "Moroccan", 1},
	{cellEW, "Netherlands", "White Dutch", 1}, {cellEW, "Sweden", "Somali", 1},

	{cellOW, "Bosnia and Herzegovina", "Bosniak", 2}, {cellOW, "Kosovo", "Albanian", 1},
	{cellOW, "Uzbekistan", "Uzbek", 3}, {cellOW, "Kazakhstan", "Kazakh", 1}, {cellOW, "Russia", "Chechen", 2},
	{cellOW, "Russia", "Tatar", 1}, {cellOW, "Tunisia", "Tunisian", 2}, {cellOW, "Morocco", "Moroccan", 1},
	{cellOW, "United States", "White American", 1}, {cellOW, "Canada", "Egyptian", 1},
	{cellOW, "Trinidad and Tobago", "Indo-Trinidadian", 1},
}

// extraCells are the strata of the 19 participants interviewed after the
// sample; their lang is the transcript language ("" for English).
var extraCells = []struct {
	cell            cell
	country, ethnic string
	lang            string
}{
	{cellLM, "Iraq", "Arab", "ar"}, {cellLM, "Syria", "Arab", ""}, {cellLM, "Iraq", "Arab", ""},
	{cellLM, "Syria", "Arab", ""}, {cellLM, "Syria", "Kurdish", ""}, {cellLM, "Iraq", "Turkmen", ""},
	{cellLM, "Iraq", "Arab", ""},
	{cellFM, "Belgium", "Moroccan", "fr"}, {cellFM, "Tunisia", "Tunisian", "fr"},
	{cellFM, "Tajikistan", "Tajik", ""}, {cellFM, "Germany", "Turkish", ""},
	{cellFM, "Kosovo", "Albanian", ""}, {cellFM, "Russia", "Chechen", ""},
	{cellLW, "Syria", "Arab", "ar"}, {cellLW, "Iraq", "Arab", ""},
	{cellEW, "France", "Algerian", "fr"}, {cellEW, "United Kingdom", "Somali", ""},
	{cellOW, "Kazakhstan", "Kazakh", ""}, {cellOW, "Bosnia and Herzegovina", "Bosniak", ""},
}

// regionOf maps citizenship to the codebook's region values.
var regionOf = map[string]string{
	"Iraq": "Iraq", "Syria": "Syria",
	"France": "Western Europe", "Belgium": "Western Europe", "Germany": "Western Europe",
	"United Kingdom": "Western Europe", "Netherlands": "Western Europe", "Sweden": "Western Europe",
	"Denmark": "Western Europe", "Austria": "Western Europe", "Spain": "Western Europe",
	"Italy": "Western Europe", "Norway": "Western Europe", "Finland": "Western Europe",
	"Bosnia and Herzegovina": "Balkans", "Kosovo": "Balkans", "Albania": "Balkans", "North Macedonia": "Balkans",
	"Uzbekistan": "Central Asia", "Tajikistan": "Central Asia", "Kazakhstan": "Central Asia",
	"Kyrgyzstan": "Central Asia",
	"Russia":     "Former Soviet Union", "Azerbaijan": "Former Soviet Union", "Georgia": "Former Soviet Union",
	"Tunisia": "Middle East and North Africa", "Morocco": "Middle East and North Africa",
	"Saudi Arabia": "Middle East and North Africa", "Jordan": "Middle East and North Africa",
	"Egypt": "Middle East and North Africa", "Libya": "Middle East and North Africa",
	"Turkey": "Middle East and North Africa", "Lebanon": "Middle East and North Africa",
	"United States": "North America", "Canada": "North America",
	"Australia": "Other", "Trinidad and Tobago": "Other",
}

// citiesOf names a few cities per country, for transcripts and places of
// interview. Iraqi and Syrian cities are places the group held.
var citiesOf = map[string][]string{
	"Iraq":   {"Mosul", "Tal Afar", "Hawija", "Fallujah", "Qayyarah"},
	"Syria":  {"Raqqa", "Deir ez-Zor", "Manbij", "al-Bab", "Tabqa", "Mayadin"},
	"France": {"Paris", "Lyon", "Toulouse", "Nice", "Strasbourg"}, "Belgium": {"Brussels", "Antwerp", "Liège"},
	"Germany": {"Berlin", "Hamburg", "Dinslaken", "Frankfurt"}, "United Kingdom": {"London", "Birmingham", "Cardiff", "Manchester"},
	"Netherlands": {"The Hague", "Rotterdam", "Delft"}, "Sweden": {"Gothenburg", "Malmö", "Stockholm"},
	"Denmark": {"Aarhus", "Copenhagen"}, "Austria": {"Vienna", "Graz"}, "Spain": {"Ceuta", "Barcelona"},
	"Italy": {"Milan", "Turin"}, "Norway": {"Oslo", "Fredrikstad"}, "Finland": {"Helsinki", "Turku"},
	"Bosnia and Herzegovina": {"Sarajevo", "Zenica", "Tuzla"}, "Kosovo": {"Pristina", "Prizren"},
	"Albania": {"Tirana", "Elbasan"}, "North Macedonia": {"Skopje", "Kumanovo"},
	"Uzbekistan": {"Tashkent", "Andijan", "Namangan"}, "Tajikistan": {"Dushanbe", "Khujand"},
	"Kazakhstan": {"Almaty", "Aktobe"}, "Kyrgyzstan": {"Osh", "Bishkek"},
	"Russia": {"Grozny", "Makhachkala", "Kazan", "Moscow"}, "Azerbaijan": {"Baku", "Sumqayit"},
	"Georgia": {"Pankisi", "Tbilisi"}, "Tunisia": {"Tunis", "Ben Guerdane", "Bizerte"},
	"Morocco": {"Tangier", "Fez", "Tetouan"}, "Saudi Arabia": {"Riyadh", "Buraydah"},
	"Jordan": {"Zarqa", "Ma'an"}, "Egypt": {"Cairo", "Alexandria"}, "Libya": {"Derna", "Sirte"},
	"Turkey": {"Adıyaman", "Konya", "Istanbul"}, "Lebanon": {"Tripoli", "Sidon"},
	"United States": {"Minneapolis", "Houston"}, "Canada": {"Toronto", "Calgary"},
	"Australia": {"Sydney", "Melbourne"}, "Trinidad and Tobago": {"Chaguanas", "Port of Spain"},
}

// territoryCities are cities the group held, where foreigners lived.
var territoryCities = []string{"Raqqa", "Tabqa", "Mosul", "Manbij", "al-Bab", "Deir ez-Zor", "Mayadin", "Tal Afar"}

// spokenLanguage is the usual language of interview by citizenship, with
// its English name.
var spokenLanguage = map[string][2]string{
	"Iraq": {"ar", "Arabic"}, "Syria": {"ar", "Arabic"}, "France": {"fr", "French"}, "Belgium": {"fr", "French"},
	"Germany": {"de", "German"}, "United Kingdom": {"en", "English"}, "Netherlands": {"nl", "Dutch"},
	"Sweden": {"sv", "Swedish"}, "Denmark": {"da", "Danish"}, "Austria": {"de", "German"},
	"Spain": {"es", "Spanish"}, "Italy": {"it", "Italian"}, "Norway": {"no", "Norwegian"},
	"Finland": {"fi", "Finnish"}, "Bosnia and Herzegovina": {"bs", "Bosnian"}, "Kosovo": {"sq", "Albanian"},
	"Albania": {"sq", "Albanian"}, "North Macedonia": {"sq", "Albanian"}, "Uzbekistan": {"uz", "Uzbek"},
	"Tajikistan": {"tg", "Tajik"}, "Kazakhstan": {"ru", "Russian"}, "Kyrgyzstan": {"ru", "Russian"},
	"Russia": {"ru", "Russian"}, "Azerbaijan": {"ru", "Russian"}, "Georgia": {"ru", "Russian"},
	"Tunisia": {"fr", "French"}, "Morocco": {"ar", "Arabic"}, "Saudi Arabia": {"ar", "Arabic"},
	"Jordan": {"ar", "Arabic"}, "Egypt": {"ar", "Arabic"}, "Libya": {"ar", "Arabic"}, "Turkey": {"tr", "Turkish"},
	"Lebanon": {"ar", "Arabic"}, "United States": {"en", "English"}, "Canada": {"en", "English"},
	"Australia": {"en", "English"}, "Trinidad and Tobago": {"en", "English"},
}

// Places of interview by status: defectors met in southern Turkey,
// prisoners in Iraqi Kurdistan or north-east Syria, returnees at home.
var (
	turkeyPlaces = []string{"Gaziantep", "Şanlıurfa", "Istanbul", "Antakya", "Kilis"}
	iraqPlaces   = []string{"Erbil", "Sulaymaniyah", "Dohuk"}
	syriaPlaces  = []string{"Hasakah", "Qamishli", "Kobani", "Ain Issa"}
)
