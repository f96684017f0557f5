-- The audit trail as batches (issue #17). Until now every op was one wide
-- row of `ops` with its fields as JSONB: a push of 10k ops wrote 10k rows of
-- 1-4 KB, each compressed on its own. Now what a laptop sent is kept as sent
-- (as checked: unknown keys dropped, unstorable values marked, see
-- server/ingest/storable.ts) in one append-only row per transaction of its
-- ops (`op_batches`), and each op gets a narrow row in `op_log` (device,
-- sequence, id, record, kind and step, verdict) for idempotency and look-ups. Only a
-- quarantined op keeps its fields in `op_log` too: the district's quarantine
-- screen shows them. The view `ops` expands the two into the old columns for
-- every reader (the console's lists, the tests, an auditor's query).
ALTER TABLE ops RENAME TO ops_v1;
ALTER INDEX ops_entity RENAME TO ops_v1_entity;
ALTER INDEX ops_quarantined RENAME TO ops_v1_quarantined;
ALTER INDEX ops_staff RENAME TO ops_v1_staff;

CREATE TABLE op_batches (
  id bigserial PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  -- A JSON array of the ops as checked, in the order applied; op_log.idx points into it.
  ops jsonb NOT NULL
);

-- Rows are written only together with their batch, in one statement
-- (server/store/auditTrail.ts), so batch_id needs no foreign key check per op;
-- device_id is the batch's, whose device the batch's key checks.
CREATE TABLE op_log (
  id bigserial PRIMARY KEY,
  batch_id bigint NOT NULL,
  idx integer NOT NULL,
  op_id text NOT NULL,
  device_id text NOT NULL,
  device_seq bigint NOT NULL,
  office_id text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  kind text NOT NULL,
  step text,
  staff_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('push', 'import', 'district')),
  status text NOT NULL CHECK (status IN ('applied', 'quarantined')),
  reason text,
  -- Applied: the version the op made. result holds only what more there is to
  -- answer a replay with (conflicts; a quarantine's detail).
  version integer,
  result jsonb,
  -- Quarantined ops only: what the district's quarantine list shows.
  fields jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, device_seq)
);
-- The quarantine list by office, and a staff member's last op (the directory's last sign-in).
-- No index by record: no screen asks for one record's ops, and a look-up by
-- hand scans narrow rows.
CREATE INDEX op_log_quarantined ON op_log (office_id, id) WHERE status = 'quarantined';
CREATE INDEX op_log_staff ON op_log (staff_id, received_at);

-- A big batch compresses better and faster with lz4 where the server has it (Debian's
-- PostgreSQL does; PGlite keeps the default).
DO $$
BEGIN
  ALTER TABLE op_batches ALTER COLUMN ops SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;
END;
$$;

-- What was there: each old op becomes a batch of one, under its old id.
INSERT INTO op_batches (id, device_id, received_at, ops)
SELECT id, device_id, received_at,
       jsonb_build_array(
         jsonb_build_object('opId', op_id, 'deviceId', device_id, 'deviceSeq', device_seq, 'entity', entity,
                            'entityId', entity_id, 'kind', kind, 'fields', fields, 'baseVersion', base_version,
                            'hlc', hlc, 'staffId', staff_id)
         || CASE WHEN step IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('step', step) END)
  FROM ops_v1;
INSERT INTO op_log (id, batch_id, idx, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, staff_id,
                    source, status, reason, version, result, fields, received_at)
SELECT id, id, 0, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, staff_id, source, status, reason,
       CASE WHEN status = 'applied' THEN (result ->> 'version')::integer END, result,
       CASE WHEN status = 'quarantined' THEN fields END, received_at
  FROM ops_v1;
SELECT setval(pg_get_serial_sequence('op_batches', 'id'), GREATEST((SELECT max(id) FROM ops_v1), 1), (SELECT max(id) FROM ops_v1) IS NOT NULL);
SELECT setval(pg_get_serial_sequence('op_log', 'id'), GREATEST((SELECT max(id) FROM ops_v1), 1), (SELECT max(id) FROM ops_v1) IS NOT NULL);
DROP TABLE ops_v1;

-- The old columns, for readers. A left join on the batch's key: a query that
-- reads none of the batch's columns never touches the batches (the planner
-- removes the join).
CREATE VIEW ops AS
SELECT l.id, l.op_id, l.device_id, l.device_seq, l.office_id, l.entity, l.entity_id, l.kind,
       l.step,
       COALESCE(l.fields, b.ops -> l.idx -> 'fields') AS fields,
       (b.ops -> l.idx ->> 'baseVersion')::integer AS base_version,
       b.ops -> l.idx ->> 'hlc' AS hlc,
       l.staff_id, l.source, l.status, l.reason,
       CASE WHEN l.status = 'applied' THEN jsonb_build_object('status', 'applied', 'version', l.version) || COALESCE(l.result, '{}'::jsonb)
            ELSE l.result END AS result,
       l.received_at, l.batch_id
  FROM op_log l LEFT JOIN op_batches b ON b.id = l.batch_id;

-- Append-only, as ops was: the trail is evidence.
CREATE TRIGGER op_batches_no_update BEFORE UPDATE OR DELETE ON op_batches FOR EACH ROW EXECUTE FUNCTION ops_append_only();
CREATE TRIGGER op_log_no_update BEFORE UPDATE OR DELETE ON op_log FOR EACH ROW EXECUTE FUNCTION ops_append_only();
CREATE TRIGGER ops_view_no_update INSTEAD OF UPDATE OR DELETE ON ops FOR EACH ROW EXECUTE FUNCTION ops_append_only();
