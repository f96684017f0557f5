/**
 * The way in for ops, from a push or an imported file: per-device order,
 * idempotency, the backlog and quarantine. A batch runs in one transaction
 * together with its ops rows and the device's acked number, so a crash leaves
 * each batch either fully applied (and acknowledged) or not at all.
 */
import type { ConflictRef, Op, OpResult } from '../../shared';
import type { Queryable } from '../db';
import { applyOp, Quarantine, type ApplyOutcome } from './apply';
import type { Device, SyncContext } from './context';
import { ENTITIES } from './entities';
import { SyncError } from './errors';
import { isRetryable, pgCode, writeTransaction } from './transaction';
import { UnitOfWork } from './unitOfWork';

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
type Origin = Source | 'district';

/** Ops per transaction: many enough to share the fixed costs, few enough to hold locks briefly. */
const OPS_PER_TRANSACTION = 250;

function asResult(op: Pick<Op, 'deviceSeq' | 'opId'>, o: ApplyOutcome): OpResult {
  if (o.status === 'quarantined') return { deviceSeq: op.deviceSeq, opId: op.opId, status: 'quarantined', reason: o.reason, ...(o.detail !== undefined ? { detail: o.detail } : {}) };
  return { deviceSeq: op.deviceSeq, opId: op.opId, status: 'applied', version: o.version, ...(o.conflicts?.length ? { conflicts: o.conflicts as ConflictRef[] } : {}) };
}

function asQuarantine(ctx: SyncContext, op: Op, e: unknown): ApplyOutcome {
  if (e instanceof Quarantine) return { status: 'quarantined', reason: e.reason, ...(e.detail !== undefined ? { detail: e.detail } : {}) };
  if (pgCode(e) === '23505') return { status: 'quarantined', reason: 'record.uniqueViolation', detail: String((e as Error).message) };
  // A bug must not wedge a village's sync for good: the op is kept (and can be
  // replayed by hand once fixed) and the rest goes on.
  ctx.log.error({ err: e, deviceId: op.deviceId, deviceSeq: op.deviceSeq }, 'op failed with a server error; quarantined');
  return { status: 'quarantined', reason: 'server.error', detail: String((e as Error)?.message ?? e) };
}

/** A database error in the fast pass: the batch is run again op by op, each in a savepoint. */
class NeedsCareful extends Error {}

type Done = { op: Op; source: Origin; outcome: ApplyOutcome };

/**
 * One transaction of ops of one device. The fast pass applies them in memory
 * and writes once; an op the rules reject is undone in memory and quarantined.
 * Only a database error (a unique index, a bug) aborts the pass: then the same
 * batch runs carefully, each op written in its own savepoint, so the one that
 * fails is quarantined and the others still land.
 */
async function runChunk(tx: Queryable, ctx: SyncContext, device: Device, ops: Op[], source: Source, careful: boolean): Promise<ChunkOutcome> {
  const { rows: dev } = await tx.query<{ acked: number }>('SELECT acked FROM devices WHERE id = $1 FOR UPDATE', [device.id]);
  const ackedBefore = dev[0].acked;
  let acked = ackedBefore;
  const seqs = ops.map((o) => o.deviceSeq);
  const { rows: seenRows } = await tx.query<Stored & { device_seq: number }>(
    'SELECT device_seq, op_id, status, result FROM ops WHERE device_id = $1 AND device_seq = ANY($2::bigint[])', [device.id, seqs]);
  const seen = new Map<number, Stored>(seenRows.map((r) => [Number(r.device_seq), r]));
  const { rows: waitingRows } = await tx.query<{ device_seq: number; op: Op; source: Source }>(
    'SELECT device_seq, op, source FROM backlog WHERE device_id = $1 AND device_seq > $2 ORDER BY device_seq LIMIT 5000', [device.id, acked]);
  const waiting = new Map(waitingRows.map((r) => [Number(r.device_seq), r]));

  const uow = new UnitOfWork(tx, ctx.db.kind === 'pglite');
  await uow.preload(ops.map((o) => ({ entity: o.entity, id: o.entityId })), [...new Set(ops.map((o) => o.staffId))]);

  const done: Done[] = [];
  // The same op twice in one request: the second is a duplicate, as across requests.
  const doneBySeq = new Map<number, Done>();
  const drained: number[] = [];
  const backlogged: Array<{ op: Op; source: Source }> = [];
  const results: OpResult[] = [];

  const apply = async (op: Op, origin: Origin): Promise<ApplyOutcome> => {
    if (careful) await tx.query('SAVEPOINT apply_op');
    uow.begin();
    let outcome: ApplyOutcome;
    try {
      outcome = await applyOp(uow, ctx, device, op);
      if (careful) {
        await uow.flush();
        await tx.query('RELEASE SAVEPOINT apply_op');
      }
      uow.commitOp();
    } catch (e) {
      // A deadlock is no fault of the op: the whole transaction runs again.
      if (isRetryable(e)) throw e;
      if (!careful && !(e instanceof Quarantine)) throw new NeedsCareful(String((e as Error)?.message ?? e), { cause: e });
      if (careful) await tx.query('ROLLBACK TO SAVEPOINT apply_op');
      uow.rollback();
      outcome = asQuarantine(ctx, op, e);
      if (uow.reannounce(ENTITIES[op.entity], op.entityId) && careful) await uow.flush();
    }
    const d = { op, source: origin, outcome };
    done.push(d);
    doneBySeq.set(op.deviceSeq, d);
    acked = op.deviceSeq;
    return outcome;
  };

  for (const [i, op] of ops.entries()) {
    // PGlite answers through promise chains alone: a turn of the event loop now
    // and then keeps signals, health checks and other requests answered.
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    const before = seen.get(op.deviceSeq) ?? doneBySeq.get(op.deviceSeq);
    if (before) {
      const storedOpId = 'op_id' in before ? before.op_id : before.op.opId;
      if (storedOpId !== op.opId) {
        // Same number, different op: the device lost its outbox counter (restored
        // backup?). Never overwrite the audit trail; say so loudly.
        ctx.log.warn({ deviceId: device.id, deviceSeq: op.deviceSeq }, 'deviceSeq reused by a different op');
        results.push({ deviceSeq: op.deviceSeq, opId: op.opId, status: 'quarantined', reason: 'op.seqReused', detail: { storedOpId } });
        continue;
      }
      const first = 'op_id' in before ? before.result : before.outcome;
      const original = 'op_id' in before ? before.status : before.outcome.status;
      results.push({ ...asResult(op, first), status: 'duplicate', original } as OpResult);
      continue;
    }
    if (op.deviceSeq <= acked) {
      results.push({ deviceSeq: op.deviceSeq, opId: op.opId, status: 'quarantined', reason: 'op.seqReused', detail: { acked } });
      continue;
    }
    if (op.deviceSeq > acked + 1) {
      if (!waiting.has(op.deviceSeq)) backlogged.push({ op, source });
      results.push({ deviceSeq: op.deviceSeq, opId: op.opId, status: 'backlogged' });
      continue;
    }
    results.push(asResult(op, await apply(op, source)));
    // Ops that arrived earlier, out of order, and are now next in line.
    for (let w = waiting.get(acked + 1); w; w = waiting.get(acked + 1)) {
      waiting.delete(w.device_seq);
      drained.push(w.device_seq);
      await apply(w.op, w.source);
    }
  }

  if (done.length) {
    await insertOps(tx, device, done);
    await tx.query('UPDATE devices SET acked = $2, last_seen_at = now() WHERE id = $1', [device.id, acked]);
  }
  if (drained.length) await tx.query('DELETE FROM backlog WHERE device_id = $1 AND device_seq = ANY($2::bigint[])', [device.id, drained]);
  if (backlogged.length) {
    const params: unknown[] = [device.id];
    const tuples = backlogged.map((b) => {
      params.push(b.op.deviceSeq, b.op.opId, JSON.stringify(b.op), b.source);
      const n = params.length;
      return `($1, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await tx.query(`INSERT INTO backlog (device_id, device_seq, op_id, op, source) VALUES ${tuples.join(', ')} ON CONFLICT (device_id, device_seq) DO NOTHING`, params);
  }
  // Last: the records, which take the change counter (held from there to commit).
  if (!careful) {
    try {
      await uow.flush();
    } catch (e) {
      if (isRetryable(e)) throw e;
      throw new NeedsCareful(String((e as Error)?.message ?? e), { cause: e });
    }
  }
  return { results, done, from: ackedBefore + 1, to: acked };
}

type ChunkOutcome = { results: OpResult[]; done: Done[]; from: number; to: number };

/** Said once the transaction has committed: a log line is a promise the ops are in. */
function logChunk(ctx: SyncContext, device: Device, c: ChunkOutcome): OpResult[] {
  for (const d of c.done) {
    if (d.outcome.status === 'quarantined') ctx.log.warn({ deviceId: device.id, deviceSeq: d.op.deviceSeq, reason: d.outcome.reason }, 'op quarantined');
  }
  if (c.to >= c.from) ctx.log.debug({ deviceId: device.id, from: c.from, to: c.to }, 'ops applied');
  return c.results;
}

async function insertOps(tx: Queryable, device: Device, done: Done[]): Promise<void> {
  // One JSON parameter unpacked by the database: far cheaper than thousands of bind parameters.
  const rows = done.map(({ op, source, outcome }) => ({
    op_id: op.opId, device_id: op.deviceId, device_seq: op.deviceSeq, entity: op.entity, entity_id: op.entityId, kind: op.kind, step: op.step ?? null,
    fields: op.fields, base_version: op.baseVersion, hlc: op.hlc, staff_id: op.staffId, source, status: outcome.status,
    reason: outcome.status === 'quarantined' ? outcome.reason : null, result: outcome,
  }));
  await tx.query(
    `INSERT INTO ops (op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, fields, base_version, hlc, staff_id, source, status, reason, result)
     SELECT op_id, device_id, device_seq, $1, entity, entity_id, kind, step, fields, base_version, hlc, staff_id, source, status, reason, result
       FROM jsonb_to_recordset($2::jsonb) AS x(op_id text, device_id text, device_seq bigint, entity text, entity_id text, kind text, step text,
            fields jsonb, base_version integer, hlc text, staff_id text, source text, status text, reason text, result jsonb)`,
    [device.officeId, JSON.stringify(rows)],
  );
}

async function ingestChunk(ctx: SyncContext, device: Device, ops: Op[], source: Source): Promise<OpResult[]> {
  try {
    return logChunk(ctx, device, await writeTransaction(ctx.db, (tx) => runChunk(tx, ctx, device, ops, source, false)));
  } catch (e) {
    if (!(e instanceof NeedsCareful)) throw e;
    ctx.log.warn({ deviceId: device.id, err: e.cause }, 'batch hit a database error; applying it op by op');
    return logChunk(ctx, device, await writeTransaction(ctx.db, (tx) => runChunk(tx, ctx, device, ops, source, true)));
  }
}

export async function deviceAcked(db: Queryable, deviceId: string): Promise<number> {
  const { rows } = await db.query<{ acked: number }>('SELECT acked FROM devices WHERE id = $1', [deviceId]);
  return rows[0]?.acked ?? 0;
}

/** Ops of one device, any order: sorted, applied a transaction per OPS_PER_TRANSACTION, the backlog drained as gaps fill. */
export async function ingest(ctx: SyncContext, device: Device, ops: Op[], source: Source): Promise<{ acked: number; results: OpResult[] }> {
  const sorted = [...ops].sort((a, b) => a.deviceSeq - b.deviceSeq);
  const results: OpResult[] = [];
  const size = ctx.opsPerTransaction ?? OPS_PER_TRANSACTION;
  for (let i = 0; i < sorted.length; i += size) {
    if (i) await new Promise((r) => setImmediate(r));
    results.push(...(await ingestChunk(ctx, device, sorted.slice(i, i + size), source)));
  }
  return { acked: await deviceAcked(ctx.db, device.id), results };
}
