-- Reconciliation that finishes the job (issue #14).
--
-- Possible duplicates also by name and birth date: each application's key
-- (shared/text/normalize.ts nameBirthKey: last and first name folded as search
-- folds them, Kazakh letters to their Russian twins, and the birth date) is
-- written with the record (server/store/entities.ts). Records stored before
-- this migration get theirs at the server's next start (backfillNameKeys in
-- server/store/records.ts: the fold is code, not SQL).
ALTER TABLE applications ADD COLUMN name_key text;
CREATE INDEX applications_name_key ON applications (service_code, name_key) WHERE name_key IS NOT NULL;

-- Which rule paired two applications: the same subject IIN, or the same name and birth date.
ALTER TABLE duplicates ADD COLUMN reason text NOT NULL DEFAULT 'iin' CHECK (reason IN ('iin', 'nameBirthDate'));
