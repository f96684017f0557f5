/**
 * The way in for ops, from a push or an imported file: per-device order,
 * idempotency, the backlog and quarantine. Each op runs in its own
 * transaction together with its ops row and the device's acked number, so a
 * crash leaves every op either fully applied (and acknowledged) or not at all.
 */
import type { ConflictRef, Op, OpResult } from '../../shared';
import type { Queryable } from '../db';
import { applyOp, Quarantine, type ApplyOutcome } from './apply';
import type { Device, SyncContext } from './context';
import { ENTITIES } from './entities';
import { SyncError } from './errors';
import { lockChanges } from './store';

export type Source = 'push' | 'import';


/**
 * What a device may send: ops stamped with its own id, about its own office's
 * records (kindergartens are shared district data; places change on referral).
 * Checked for the whole batch before anything is applied.
 */
export async function checkScope(db: Queryable, device: Device, ops: Op[]): Promise<void> {
  for (const op of ops) {
    if (op.deviceId !== device.id) throw new SyncError(403, 'scope.device', { deviceSeq: op.deviceSeq, deviceId: op.deviceId });
  }
  if (device.district) return;
  const foreign = (op: Op, officeId: unknown) => new SyncError(403, 'scope.office', { deviceSeq: op.deviceSeq, entity: op.entity, entityId: op.entityId, officeId });
  const ids: Record<string, string[]> = {};
  for (const op of ops) {
    if (op.entity === 'kindergarten') continue;
    if (op.entity === 'office') {
      if (op.entityId !== device.officeId) throw foreign(op, op.entityId);
      continue;
    }
    const claimed = op.fields.officeId;
    if (claimed !== undefined && claimed !== device.officeId) throw foreign(op, claimed);
    (ids[op.entity] ??= []).push(op.entityId);
  }
  for (const [entity, list] of Object.entries(ids)) {
    const def = ENTITIES[entity as Op['entity']];
    const { rows } = await db.query<{ id: string; office_id: string }>(`SELECT id, office_id FROM ${def.table} WHERE id = ANY($1::text[])`, [list]);
    const other = rows.find((r) => r.office_id !== device.officeId);
    if (other) throw foreign(ops.find((o) => o.entityId === other.id)!, other.office_id);
  }
}

type Stored = { op_id: string; status: 'applied' | 'quarantined'; result: ApplyOutcome };

function asResult(op: Pick<Op, 'deviceSeq' | 'opId'>, o: ApplyOutcome): OpResult {
  if (o.status === 'quarantined') return { deviceSeq: op.deviceSeq, opId: op.opId, status: 'quarantined', reason: o.reason, ...(o.detail !== undefined ? { detail: o.detail } : {}) };
  return { deviceSeq: op.deviceSeq, opId: op.opId, status: 'applied', version: o.version, ...(o.conflicts?.length ? { conflicts: o.conflicts as ConflictRef[] } : {}) };
}

function pgCode(e: unknown): string | undefined {
  return typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** Applies the op as the next of its device (the caller holds the device row lock). */
async function applyInOrder(tx: Queryable, ctx: SyncContext, device: Device, op: Op, source: Source | 'district'): Promise<ApplyOutcome> {
  await lockChanges(tx);
  await tx.query('SAVEPOINT apply_op');
  let outcome: ApplyOutcome;
  try {
    outcome = await applyOp(tx, ctx, device, op);
    await tx.query('RELEASE SAVEPOINT apply_op');
  } catch (e) {
    await tx.query('ROLLBACK TO SAVEPOINT apply_op');
    if (e instanceof Quarantine) outcome = { status: 'quarantined', reason: e.reason, ...(e.detail !== undefined ? { detail: e.detail } : {}) };
    else if (pgCode(e) === '23505') outcome = { status: 'quarantined', reason: 'record.uniqueViolation', detail: String((e as Error).message) };
    else {
      // A bug must not wedge a village's sync for good: the op is kept (and can be
      // replayed by hand once fixed) and the rest goes on.
      ctx.log.error({ err: e, deviceId: op.deviceId, deviceSeq: op.deviceSeq }, 'op failed with a server error; quarantined');
      outcome = { status: 'quarantined', reason: 'server.error', detail: String((e as Error)?.message ?? e) };
    }
  }
  await tx.query(
    `INSERT INTO ops (op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, fields, base_version, hlc, staff_id, source, status, reason, result)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [op.opId, op.deviceId, op.deviceSeq, device.officeId, op.entity, op.entityId, op.kind, op.step ?? null, JSON.stringify(op.fields), op.baseVersion,
      op.hlc, op.staffId, source, outcome.status, outcome.status === 'quarantined' ? outcome.reason : null, JSON.stringify(outcome)],
  );
  await tx.query('UPDATE devices SET acked = $2, last_seen_at = now() WHERE id = $1', [device.id, op.deviceSeq]);
  await tx.query('DELETE FROM backlog WHERE device_id = $1 AND device_seq = $2', [device.id, op.deviceSeq]);
  if (outcome.status === 'quarantined') ctx.log.warn({ deviceId: op.deviceId, deviceSeq: op.deviceSeq, reason: outcome.reason }, 'op quarantined');
  else ctx.log.debug({ deviceId: op.deviceId, deviceSeq: op.deviceSeq, entity: op.entity, kind: op.kind }, 'op applied');
  return outcome;
}

async function processOne(ctx: SyncContext, device: Device, op: Op, source: Source): Promise<OpResult> {
  return ctx.db.transaction(async (tx) => {
    const { rows: dev } = await tx.query<{ acked: number }>('SELECT acked FROM devices WHERE id = $1 FOR UPDATE', [device.id]);
    const acked = dev[0].acked;
    const { rows: seen } = await tx.query<Stored>('SELECT op_id, status, result FROM ops WHERE device_id = $1 AND device_seq = $2', [device.id, op.deviceSeq]);
    if (seen.length) {
      const s = seen[0];
      if (s.op_id !== op.opId) {
        // Same number, different op: the device lost its outbox counter (restored
        // backup?). Never overwrite the audit trail; say so loudly.
        ctx.log.warn({ deviceId: device.id, deviceSeq: op.deviceSeq }, 'deviceSeq reused by a different op');
        return { deviceSeq: op.deviceSeq, opId: op.opId, status: 'quarantined', reason: 'op.seqReused', detail: { storedOpId: s.op_id } };
      }
      const first = asResult(op, s.result);
      return { ...first, status: 'duplicate', original: s.status };
    }
    if (op.deviceSeq <= acked) {
      return { deviceSeq: op.deviceSeq, opId: op.opId, status: 'quarantined', reason: 'op.seqReused', detail: { acked } };
    }
    if (op.deviceSeq > acked + 1) {
      await tx.query(
        `INSERT INTO backlog (device_id, device_seq, op_id, op, source) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, device_seq) DO NOTHING`,
        [device.id, op.deviceSeq, op.opId, JSON.stringify(op), source],
      );
      return { deviceSeq: op.deviceSeq, opId: op.opId, status: 'backlogged' };
    }
    return asResult(op, await applyInOrder(tx, ctx, device, op, source));
  });
}

/** Applies backlogged ops that have become next in line. Returns how many. */
export async function drainBacklog(ctx: SyncContext, device: Device): Promise<number> {
  let n = 0;
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const { rows: dev } = await tx.query<{ acked: number }>('SELECT acked FROM devices WHERE id = $1 FOR UPDATE', [device.id]);
      const { rows } = await tx.query<{ op: Op; source: Source }>('SELECT op, source FROM backlog WHERE device_id = $1 AND device_seq = $2', [device.id, dev[0].acked + 1]);
      if (!rows.length) return false;
      await applyInOrder(tx, ctx, device, rows[0].op, rows[0].source);
      return true;
    });
    if (!done) return n;
    n++;
  }
}

export async function deviceAcked(db: Queryable, deviceId: string): Promise<number> {
  const { rows } = await db.query<{ acked: number }>('SELECT acked FROM devices WHERE id = $1', [deviceId]);
  return rows[0]?.acked ?? 0;
}

/** Ops of one device, any order: sorted, each processed, the backlog drained as gaps fill. */
export async function ingest(ctx: SyncContext, device: Device, ops: Op[], source: Source): Promise<{ acked: number; results: OpResult[] }> {
  const sorted = [...ops].sort((a, b) => a.deviceSeq - b.deviceSeq);
  const results: OpResult[] = [];
  const { rows } = await ctx.db.query('SELECT 1 FROM backlog WHERE device_id = $1 LIMIT 1', [device.id]);
  let backlog = rows.length > 0;
  for (const op of sorted) {
    // PGlite answers through promise chains alone: without a turn of the event
    // loop between ops, a long batch would starve signals, health checks and
    // other devices' requests until it ends.
    await new Promise((r) => setImmediate(r));
    const r = await processOne(ctx, device, op, source);
    results.push(r);
    if (r.status === 'backlogged') backlog = true;
    else if (backlog && (r.status === 'applied' || r.status === 'quarantined')) await drainBacklog(ctx, device);
  }
  if (backlog) await drainBacklog(ctx, device);
  return { acked: await deviceAcked(ctx.db, device.id), results };
}
