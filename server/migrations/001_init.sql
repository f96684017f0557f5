-- The district server's first schema.
-- Records keep the whole document as JSONB (validated by the shared zod schemas)
-- plus the columns the server searches and orders by. Every write takes the
-- next value of change_counter: pulls page through records by that cursor.

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row. Updating it inside each writing transaction serialises writers, so
-- change_seq values become visible in the order they were taken and a pull can
-- never skip a row committed late with a smaller number.
CREATE TABLE change_counter (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL
);
INSERT INTO change_counter (id, seq) VALUES (1, 0);

-- Reference documents replaced wholesale: the service catalog and the calendar.
CREATE TABLE reference_docs (
  key text PRIMARY KEY CHECK (key IN ('catalog', 'calendar')),
  data jsonb NOT NULL,
  version integer NOT NULL,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reference_docs_change ON reference_docs (change_seq);

CREATE TABLE offices (
  id text PRIMARY KEY,
  office_id text,
  type text NOT NULL,
  code text NOT NULL UNIQUE,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offices_change ON offices (change_seq);

CREATE TABLE staff (
  id text PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  login text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- Kept out of `data`: only the staff's own office (and enrolment) receives it.
  password jsonb,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_login ON staff (office_id, login);
CREATE INDEX staff_change ON staff (change_seq);

CREATE TABLE kindergartens (
  id text PRIMARY KEY,
  -- The office that keeps it up to date; NULL: the district.
  office_id text,
  number text NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kindergartens_change ON kindergartens (change_seq);

CREATE TABLE applications (
  id text PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  service_code text NOT NULL,
  child_iin text NOT NULL,
  birth_date date NOT NULL,
  status text NOT NULL,
  queue_state text NOT NULL,
  priority text,
  accepted_at timestamptz NOT NULL,
  journal_no text NOT NULL,
  journal_year integer NOT NULL,
  journal_seq integer NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_change ON applications (change_seq);
CREATE INDEX applications_office_change ON applications (office_id, change_seq);
CREATE INDEX applications_child ON applications (service_code, child_iin);
CREATE INDEX applications_waiting ON applications (service_code, priority, accepted_at) WHERE queue_state = 'waiting';
CREATE INDEX applications_status ON applications (office_id, status);

CREATE TABLE refusals (
  id text PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  service_code text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL,
  version integer NOT NULL,
  field_versions jsonb NOT NULL DEFAULT '{}',
  open_conflicts integer NOT NULL DEFAULT 0,
  change_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refusals_change ON refusals (change_seq);
CREATE INDEX refusals_office_change ON refusals (office_id, change_seq);

-- Devices and the server itself (kind 'district': changes made by district staff
-- through the reconciliation API are ops of this pseudo-device, so they are in
-- the same audit trail with their own gap-free sequence).
CREATE TABLE devices (
  id text PRIMARY KEY,
  kind text NOT NULL DEFAULT 'device' CHECK (kind IN ('device', 'district')),
  office_id text NOT NULL REFERENCES offices (id),
  name text NOT NULL,
  token_hash text UNIQUE,
  batch_key text,
  acked bigint NOT NULL DEFAULT 0,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE enrolment_codes (
  id bigserial PRIMARY KEY,
  code_hash text NOT NULL UNIQUE,
  office_id text NOT NULL REFERENCES offices (id),
  created_by text,
  note text,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  device_id text,
  revoked_at timestamptz
);

CREATE TABLE district_sessions (
  token_hash text PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- Every op ever received, in the order applied: the audit trail. Append-only
-- (the trigger below refuses UPDATE and DELETE).
CREATE TABLE ops (
  id bigserial PRIMARY KEY,
  op_id text NOT NULL,
  device_id text NOT NULL REFERENCES devices (id),
  device_seq bigint NOT NULL,
  office_id text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  kind text NOT NULL,
  step text,
  fields jsonb NOT NULL,
  base_version integer NOT NULL,
  hlc text NOT NULL,
  staff_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('push', 'import', 'district')),
  status text NOT NULL CHECK (status IN ('applied', 'quarantined')),
  reason text,
  result jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, device_seq)
);
CREATE INDEX ops_entity ON ops (entity, entity_id);
CREATE INDEX ops_quarantined ON ops (office_id, id) WHERE status = 'quarantined';

CREATE FUNCTION ops_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ops is append-only (the audit trail)';
END;
$$;
CREATE TRIGGER ops_no_update BEFORE UPDATE OR DELETE ON ops FOR EACH ROW EXECUTE FUNCTION ops_append_only();

-- Ops that arrived before their predecessor (a later file imported first, a
-- lost batch): applied automatically once the gap is filled.
CREATE TABLE backlog (
  device_id text NOT NULL REFERENCES devices (id),
  device_seq bigint NOT NULL,
  op_id text NOT NULL,
  op jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('push', 'import')),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, device_seq)
);

CREATE TABLE conflicts (
  id bigserial PRIMARY KEY,
  entity text NOT NULL,
  entity_id text NOT NULL,
  office_id text,
  kind text NOT NULL CHECK (kind IN ('soft', 'hard')),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved', 'logged')),
  op_id text NOT NULL,
  device_id text NOT NULL,
  device_seq bigint NOT NULL,
  step text,
  base_version integer NOT NULL,
  server_version integer NOT NULL,
  fields jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text,
  resolution jsonb
);
CREATE INDEX conflicts_status ON conflicts (status, id);
CREATE INDEX conflicts_entity ON conflicts (entity, entity_id);

-- Potential duplicates, one row per pair of applications (app_a < app_b).
CREATE TABLE duplicates (
  id bigserial PRIMARY KEY,
  service_code text NOT NULL,
  child_iin text NOT NULL,
  app_a text NOT NULL REFERENCES applications (id),
  app_b text NOT NULL REFERENCES applications (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'not_duplicate', 'merged')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  UNIQUE (app_a, app_b),
  CHECK (app_a < app_b)
);
CREATE INDEX duplicates_status ON duplicates (status, id);

-- Official numbers: the next free number per (office, journal, year), and the
-- blocks handed to devices. A block is never handed out twice.
CREATE TABLE journal_counters (
  office_id text NOT NULL REFERENCES offices (id),
  journal text NOT NULL,
  year integer NOT NULL,
  next bigint NOT NULL,
  PRIMARY KEY (office_id, journal, year)
);

CREATE TABLE number_leases (
  id bigserial PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices (id),
  journal text NOT NULL,
  year integer NOT NULL,
  device_id text NOT NULL REFERENCES devices (id),
  from_no bigint NOT NULL,
  to_no bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_no <= to_no)
);
CREATE INDEX number_leases_key ON number_leases (office_id, journal, year, from_no);
