-- The district's administrative actions (issue #13): who did what, when, to
-- what, with the values before and after. Append-only: the triggers refuse
-- every UPDATE and DELETE, so not even a bug in the server rewrites history.
CREATE TABLE admin_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- staff id of the district account, 'cli' for the setup and restore commands, NULL for the server itself.
  actor_id text,
  actor_name text,
  action text NOT NULL,
  target text,
  before jsonb,
  after jsonb
);
CREATE INDEX admin_audit_at ON admin_audit (at);
CREATE INDEX admin_audit_action ON admin_audit (action, at);
CREATE INDEX admin_audit_actor ON admin_audit (actor_id, at);

CREATE FUNCTION admin_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'admin_audit is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER admin_audit_no_update BEFORE UPDATE OR DELETE ON admin_audit
  FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
  FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_append_only();
