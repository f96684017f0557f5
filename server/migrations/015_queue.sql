-- The district queue as data (issues #14, #17): positions computed in SQL
-- (server/queue/queue.ts), not by reading every waiting application's JSONB
-- and sorting in Node on each request and each pull.

-- The kindergartens an application asks for, as a column (written with each
-- record, server/store/entities.ts), so the queue filters by kindergarten
-- without opening the JSONB.
ALTER TABLE applications ADD COLUMN kindergarten_ids text[] NOT NULL DEFAULT '{}';
UPDATE applications SET kindergarten_ids = ARRAY(SELECT jsonb_array_elements_text(data->'kindergartenIds'))
 WHERE jsonb_typeof(data->'kindergartenIds') = 'array' AND jsonb_array_length(data->'kindergartenIds') > 0;

-- The child's name folded as the queue's search folds it (looseFold of the
-- whole name): a search by name is then a string match in SQL. The fold is
-- code, not SQL: the server fills it in for records stored before this
-- migration, and again after the fold changes, at start
-- (server/store/nameFold.ts refreshNameFolds; the setting 'childNameFold'
-- holds the fold's version reached). NULL for an application without a child.
ALTER TABLE applications ADD COLUMN child_name_fold text;

-- shared compareQueue compares acceptance times as JavaScript does
-- (Date.parse: to the millisecond). An instant sent with finer digits is kept
-- to the millisecond in the column (entities.ts does the same on write), so
-- SQL orders exactly as compareQueue does. The JSONB keeps what was sent.
UPDATE applications SET accepted_at = date_trunc('milliseconds', accepted_at)
 WHERE accepted_at <> date_trunc('milliseconds', accepted_at);

-- The waiting children in compareQueue's order: first-turn categories first
-- (`a.priority ? 0 : 1`: NULL and '' both count as none), then acceptance
-- time, journal number and id (compared as JavaScript compares strings: by
-- code unit, which collation "C" gives for the ids' ASCII). It covers what
-- the window over the district reads (server/queue/queue.ts: the priority
-- expression there is this one, word for word), so positions come from an
-- index-only scan of the waiting children, never the table's JSONB. It
-- replaces applications_waiting (service_code, priority, accepted_at), which
-- served the queue read it replaces.
CREATE INDEX applications_queue ON applications
  (service_code, (CASE WHEN priority IS NULL OR priority = '' THEN 1 ELSE 0 END), accepted_at, journal_seq, (id COLLATE "C"))
  INCLUDE (id, priority, office_id, birth_date, kindergarten_ids)
  WHERE queue_state = 'waiting';
DROP INDEX applications_waiting;
