-- The access log of children's records (who opened, printed, exported or
-- changed one, and when): entries arrive as 'access' create ops, are never
-- changed, and are pulled by the devices of the record's office.
CREATE TABLE access_log (
  id text PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  application_id text NOT NULL,
  at timestamptz NOT NULL,
  action text NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_log_change ON access_log (office_id, change_seq);
CREATE INDEX access_log_change_all ON access_log (change_seq);
CREATE INDEX access_log_application ON access_log (application_id, at);
