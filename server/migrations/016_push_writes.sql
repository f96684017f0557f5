-- A push that writes less (issue #17): every application written costs an
-- entry in each of the table's indexes (its change number changes with every
-- write, so no write is a HOT update). These three serve no query any more
-- (server/README.md lists each remaining index of applications and the query
-- that uses it):
-- applications_child (service_code, child_iin): duplicates are found by the
--   subject's IIN since migration 004 (applications_subject), and the queue's
--   IIN search is a prefix match inside the waiting children's index scan.
-- applications_status (office_id, status): no query filters on status by office.
-- applications_accepted (accepted_at): the reports read applications by change
--   number and id (server/reports/facts.ts), the queue by applications_queue.
DROP INDEX IF EXISTS applications_child;
DROP INDEX IF EXISTS applications_status;
DROP INDEX IF EXISTS applications_accepted;
