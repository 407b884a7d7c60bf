// Package disclosure keeps public outputs of ownwords from singling anyone
// out: small-cell suppression with complementary suppression for tables,
// coarse attribution for quotes, and a scan of quotes for the study's
// redaction list.
//
// # Tables
//
// A [Table] holds counts of participants. In ownwords tables the columns are
// groups (all, men, women, local, foreign, ...) whose sizes are published,
// and the rows are either items (codes a participant endorses: a
// [MultiResponse] table, whose rows do not sum to anything, since one
// participant may endorse several items) or the values of one attribute (a
// [Partition] table, whose rows sum to the group size). Groups that are
// unions of other groups give linear relations between columns
// ("all = men + women"), declared as [Relation] values; they hold in every
// row and for the group sizes.
//
// # The rule
//
// With k the study's disclosure threshold (default 5):
//
//   - Primary suppression ([Primary]): every count 1..k-1 is hidden, and a
//     group of 1..k-1 people is not described at all: its size and every
//     cell of its column are hidden, zeros included ("none of the 3 women
//     did X" says something about each of the three). The same holds for a
//     published row total of 1..k-1.
//   - Zeros of groups of at least k are shown. A zero says that nobody in a
//     group of k or more did X: a statement about the group, true of every
//     member alike, which picks out no one; the reference study publishes
//     such zeros. Counts of at least k are shown. In a multi-response table
//     the complement is not protected: "19 of 20 women" implies that one
//     woman did not mention X, but not mentioning an item in an interview
//     is not a fact about a person that coding asserts. (In a partition
//     table the complement is a row of its own, and protected as such.)
//   - Complementary suppression ([Suppress]): hiding a count is useless if
//     the published counts and relations give it back ("all" minus
//     "women" is "men"). For every hidden sensitive value (a count 1..k-1,
//     or any value of a group smaller than k) the exact range [lo, hi] of
//     values consistent with everything published, the relations, and
//     0 <= count <= group size, must satisfy hi - lo >= k-1. Such a range
//     holds at least k integers, so it is never inside 1..k-1: it always
//     contains a value the rule would have shown (0 or at least k), and an
//     attacker cannot even conclude that the count is small and non-zero.
//     The ranges are computed by exact linear programming ([Audit]) and
//     rounded inward to integers.
//   - A count and its percentage give the denominator back, so a hidden
//     group size hides its whole column (and a hidden row total its row);
//     the renderer hides the percentage of every hidden count.
//
// Complementary suppression is a greedy heuristic, not an optimum: it
// protects every sensitive value (Suppress loops until Audit is clean) but
// may hide more than the fewest cells possible. Groups smaller than k are
// costly: if "all" and "women" are published, "men" = all - women, so a
// group of 3 men forces hiding the women's size, and with it their whole
// column. Plans should define groups of at least k people.
//
// Suppression models an outside reader who has the published table and its
// relations. It does not model a participant who knows their own answers
// and subtracts them (the "singleton" problem). Links between the tables
// of one report are modelled by package report, which suppresses them
// jointly with [Ranges], the linear programming of [Audit] for systems a
// caller builds.
//
// # Quotes
//
// An [Attributor] describes a quoted participant by a few coarse attributes
// ("a foreign woman, returnee"), dropping attributes until at least k
// participants of the sample share the description. [Scan] finds the
// study's redaction terms (names, places, dates) in a quote, ignoring case
// and diacritics.
package disclosure
