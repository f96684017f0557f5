-- Services about the applicant (teacher attestation, school head competition,
-- adopter registration, a duplicate of one's school certificate): their
-- applications name no child, so the child's columns take NULL. Duplicates are
-- found by the subject's IIN: the child's, or for these services the
-- applicant's (or that of whom a proxy represents); every older record is
-- about a child, so its subject IIN is the child's.
ALTER TABLE applications ALTER COLUMN child_iin DROP NOT NULL;
ALTER TABLE applications ALTER COLUMN birth_date DROP NOT NULL;
ALTER TABLE applications ADD COLUMN subject_iin text;
UPDATE applications SET subject_iin = child_iin;
ALTER TABLE applications ALTER COLUMN subject_iin SET NOT NULL;
CREATE INDEX applications_subject ON applications (service_code, subject_iin);

-- A pair of duplicates shares the subject's IIN; the column keeps its name.
COMMENT ON COLUMN duplicates.child_iin IS 'IIN of the subject both applications are about: the child, or the applicant for services about the applicant';
