-- +goose Up
-- A text of an interview aligned with its transcript by hand (issue 18):
-- alignment is the unit map (text.UnitMap's text form, "1:1,2-3:2"),
-- aligned_to the ownwords.AlignmentBasis of the transcript and the text
-- it was made on. The map holds while aligned_to is the basis of the
-- texts as they are: an edit of either undoes it without touching it.
ALTER TABLE interview_texts ADD COLUMN alignment TEXT NOT NULL DEFAULT '';
ALTER TABLE interview_texts ADD COLUMN aligned_to TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE interview_texts DROP COLUMN aligned_to;
ALTER TABLE interview_texts DROP COLUMN alignment;
