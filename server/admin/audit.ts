/**
 * The append-only log of administrative actions (migration 008: the database
 * refuses to change or delete a row). Written in the same transaction as the
 * action it records, so an action and its entry commit or fail together.
 * Passwords, one-time passwords and codes are never written here: callers
 * pass the record without them (`withoutSecrets`).
 */
import type { AuditEntry } from '../../shared';
import type { Queryable } from '../db';

export type AuditActor = { staffId: string | null; name?: string | null };

const SECRET_KEYS = new Set(['password', 'oneTimePassword', 'code', 'token', 'codeHash', 'tokenHash']);

/** A copy of a value with every secret-bearing key removed, at any depth. */
export function withoutSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutSecrets);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, x]) => [k, withoutSecrets(x)]),
    );
  return v;
}

export async function audit(
  tx: Queryable,
  actor: AuditActor,
  entry: { action: string; target?: string | null; before?: unknown; after?: unknown },
): Promise<void> {
  const json = (x: unknown) => (x === undefined ? null : JSON.stringify(withoutSecrets(x)));
  await tx.query(
    `INSERT INTO admin_audit (actor_id, actor_name, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6)`,
    [actor.staffId, actor.name ?? null, entry.action, entry.target ?? null, json(entry.before), json(entry.after)],
  );
}

export type AuditFilter = {
  action?: string;
  actorId?: string;
  target?: string;
  from?: string;
  to?: string;
  /** Entries with a smaller id (the next page, newest first). */
  before?: number;
  limit?: number;
};

/** Entries newest first, filtered; at most `limit` (200). */
export async function listAudit(db: Queryable, f: AuditFilter = {}): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.action) add('action LIKE ?', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.actorId) add('actor_id = ?', f.actorId);
  if (f.target) add('target = ?', f.target);
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  if (f.before) add('id < ?', f.before);
  params.push(Math.min(Math.max(f.limit ?? 200, 1), 500));
  const { rows } = await db.query(
    `SELECT id, at, actor_id, actor_name, action, target, before, after FROM admin_audit
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    target: r.target,
    before: r.before,
    after: r.after,
  }));
}
