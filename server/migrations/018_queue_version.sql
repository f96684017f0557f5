-- The district queue's places are computed once per state of the queue and
-- kept (server/queue/snapshot.ts). The state was the newest change number of
-- any application, so a print, a step or an access-log entry computed the
-- whole district's places again (issue #17: 455 ms at 60k waiting). This row
-- holds the change number of the last write that changed what the places are
-- made of (store/records.ts queueKey), written by the statement that writes
-- the records (store/store.ts writeNumbered) under the change counter, so it
-- becomes visible in the same order as the numbers.
CREATE TABLE queue_version (
  id int PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL
);
INSERT INTO queue_version (id, seq) SELECT 1, coalesce(max(change_seq), 0) FROM applications;
