-- Ops refused before they could take their place in a device's sequence: a
-- second, different op under a deviceSeq that is already applied or still
-- waiting in the backlog. They cannot go into `ops` (one row per device and
-- seq), yet they must never vanish: the device keeps them in its quarantine
-- and the district sees them in its quarantine list.
CREATE TABLE refused_ops (
  id bigserial PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  device_seq bigint NOT NULL,
  op_id text NOT NULL,
  office_id text NOT NULL,
  -- The op as received, made storable (see server/sync/storable.ts).
  op jsonb NOT NULL,
  reason text NOT NULL,
  detail jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, device_seq, op_id)
);
CREATE INDEX refused_ops_office ON refused_ops (office_id, id);

-- An op that arrives early waits in the backlog; if its shape was already
-- refused when it arrived, the verdict waits with it (the op itself is then
-- kept as it could be stored, see storable.ts) and is given when its turn comes.
ALTER TABLE backlog ADD COLUMN refusal jsonb;

-- Official numbers: finding another application of the office with the same
-- number (journal.taken conflicts) reads this index.
CREATE INDEX applications_journal ON applications (office_id, service_code, journal_year, journal_seq);
