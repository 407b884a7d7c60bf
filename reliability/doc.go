// Package reliability measures how far a study's coders agree, on the
// interviews that two or more of them coded independently (the coder
// layer; the consensus layer is never compared).
//
// Agreement is measured per code and pooled over codes, at two units:
//
//   - Presence: does coder X apply code C anywhere in interview I? This is
//     the participant-level variable the study's findings rest on. Units are
//     interviews (pooled: interview × code pairs), values "1" or "0", and a
//     coder who did not code an interview is missing there. Reported as
//     Krippendorff's alpha (nominal) and, with exactly two coders, Cohen's
//     kappa. A code counts only where it is applied itself, not through a
//     descendant.
//   - Segment: Krippendorff's unitizing alpha over code-point positions
//     (stats.UnitizingAlpha), the double-coded transcripts laid end to end
//     as one continuum (with three or more coders, only the interviews that
//     every compared coder coded), and, for each ordered pair of coders
//     (X, Y), the share of X's segments that Y matched: Y applied the same
//     code in the same interview to a passage whose overlap with X's is at
//     least the threshold. Overlap is the Jaccard index of the two
//     code-point ranges, |A ∩ B| / |A ∪ B| (1 for the same range, 0 for
//     disjoint ones); the threshold is the study's
//     Settings.OverlapThreshold, 0.5 when unset.
//
// Every alpha is flagged by Krippendorff's (2004, Content Analysis, 2nd
// ed., p. 241) conventions: below 0.667 unacceptable, from 0.667 to below
// 0.8 tentative, 0.8 and above reliable. A value that is undefined (no
// variation: every coder gave every unit the same value) is reported as
// undefined with the reason, never as NaN.
package reliability
