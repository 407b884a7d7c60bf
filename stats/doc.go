// Package stats holds pure statistical functions: the Wilson score interval
// for a proportion, Pearson's chi-square test of independence, Fisher's exact
// test for 2×2 and r×c tables (network algorithm, Monte Carlo fallback),
// Cramér's V, effect sizes with intervals (odds ratio, risk difference,
// risk ratio, bootstrap interval of V), Holm and Benjamini–Hochberg
// adjusted p-values, the Crosstab that combines them for a labelled table, the Kaplan–Meier estimator with its confidence bands and
// median, the log-rank test, and the inter-coder agreement coefficients
// (Cohen's and Fleiss' kappa, Scott's pi, Krippendorff's alpha) for a
// units × coders ratings table, and logistic regression (IRLS, with
// profile-likelihood intervals and a separation check).
//
// Every function takes plain Go values and returns plain Go values: nothing
// here reads a store, a clock or the network, so results are reproducible and
// each one is tested against published reference values. Values that are
// undefined for a given input (a percentage of an empty row, a standard error
// at a survival of zero) are nil pointers rather than NaN, so that every
// result encodes to valid JSON.
//
// Invalid input (negative counts, ragged tables, too few rows for a test) is
// reported as an *ownwords.Error with code ownwords.EINVALID.
package stats
