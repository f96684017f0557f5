-- Complaints (seed 000 §20-25), mobile-centre visits (seed 000 §9) and
-- technical problem protocols (seed 003 §13-1): office records synced like
-- refusals (ops merged field by field, pulled by the devices of the office).
CREATE TABLE complaints (
  id text PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  incoming_no text NOT NULL,
  received_at timestamptz NOT NULL,
  status text NOT NULL,
  due_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaints_change ON complaints (change_seq);
CREATE INDEX complaints_office_change ON complaints (office_id, change_seq);
CREATE INDEX complaints_open ON complaints (office_id, due_at) WHERE status <> 'answered';

CREATE TABLE visits (
  id text PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  settlement text NOT NULL,
  arrived_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visits_change ON visits (change_seq);
CREATE INDEX visits_office_change ON visits (office_id, change_seq);

CREATE TABLE tech_protocols (
  id text PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  protocol_no text NOT NULL,
  drawn_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tech_protocols_change ON tech_protocols (change_seq);
CREATE INDEX tech_protocols_office_change ON tech_protocols (office_id, change_seq);
