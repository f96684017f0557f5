-- Possible duplicates that find every pair once (issue #14, its leftovers).
--
-- The patronymic's key (shared/text/normalize.ts patronymicKey: the father's
-- name folded, without its ұлы/қызы/-ович/-овна ending). It is not part of
-- name_key because it is often missing on one side; two applications pair by
-- name when their name keys are equal and their patronymic keys are equal or
-- one is missing (sameChildByName). Filled with name_key, by the same code.
ALTER TABLE applications ADD COLUMN middle_key text;

-- Name keys change with the fold (Latin spellings fold now too): the fold is
-- code, not SQL, so the server keys every application again and looks for the
-- pairs the keys make at its next start, once per version of the keys
-- (server/store/records.ts rekeyApplications; the version reached is the
-- setting 'nameKeys'). Records stored before migration 012 are paired there.

-- A pair closed by the district's decision on another pair: one of its
-- applications was withdrawn there (merged), so nothing is left to decide.
-- `resolution` says why, `resolved_by_pair` names that pair. Never open again.
ALTER TABLE duplicates DROP CONSTRAINT duplicates_status_check;
ALTER TABLE duplicates ADD CONSTRAINT duplicates_status_check
  CHECK (status IN ('open', 'not_duplicate', 'merged', 'resolved'));
ALTER TABLE duplicates ADD COLUMN resolution text CHECK (resolution IN ('withdrawnInPair'));
ALTER TABLE duplicates ADD COLUMN resolved_by_pair bigint REFERENCES duplicates (id);
ALTER TABLE duplicates ADD CONSTRAINT duplicates_resolved_why
  CHECK ((status = 'resolved') = (resolution IS NOT NULL));
-- The open pairs of an application, found when a merge withdraws it.
CREATE INDEX duplicates_app_b ON duplicates (app_b) WHERE status = 'open';
