/**
 * The way in for ops, from a push or an imported file: per-device order,
 * idempotency, the backlog and quarantine. A batch runs in one transaction
 * together with its ops rows and the device's acked number, so a crash leaves
 * each batch either fully applied (and acknowledged) or not at all.
 */
import { z } from 'zod';
import {
  IdSchema,
  JournalSeqSchema,
  JournalYearSchema,
  ServiceCodeSchema,
  type ConflictRef,
  type Op,
  type OpResult,
  type RawOp,
} from '../../shared';
import type { Queryable } from '../db';
import { applyOp, parseOp, Quarantine, type ApplyOutcome } from './apply';
import type { Device, SyncContext } from '../store/context';
import { ENTITIES, type EntityName } from '../store/entities';
import { SyncError } from '../store/errors';
import { storableJson, storableOp } from './storable';
import { appendBatch, seenOps } from '../store/auditTrail';
import { isRetryable, pgCode, writeTransaction } from '../store/transaction';
import { UnitOfWork } from '../store/unitOfWork';

export type Source = 'push' | 'import';

/**
 * Ops must be stamped with the sending device's own id: one that claims
 * another device's sequence is not from this laptop at all, so the whole
 * request is refused. Everything else about an op (its office, its fields) is
 * checked when it is applied, and refused on its own.
 */
export function checkSender(device: Device, ops: RawOp[]): void {
  for (const op of ops) {
    if (op.deviceId !== device.id) throw new SyncError(403, 'scope.device', { deviceSeq: op.deviceSeq });
  }
}

type Origin = Source | 'district';

/** Ops per transaction: many enough to share the fixed costs, few enough to hold locks briefly. */
const OPS_PER_TRANSACTION = 250;

function asResult(op: Pick<RawOp, 'deviceSeq' | 'opId'>, o: ApplyOutcome): OpResult {
  if (o.status === 'quarantined')
    return {
      deviceSeq: op.deviceSeq,
      opId: op.opId,
      status: 'quarantined',
      reason: o.reason,
      ...(o.detail !== undefined ? { detail: o.detail } : {}),
    };
  return {
    deviceSeq: op.deviceSeq,
    opId: op.opId,
    status: 'applied',
    version: o.version,
    ...(o.conflicts?.length ? { conflicts: o.conflicts as ConflictRef[] } : {}),
  };
}

function asQuarantine(ctx: SyncContext, op: RawOp, e: unknown): ApplyOutcome {
  if (e instanceof Quarantine)
    return {
      status: 'quarantined',
      reason: e.reason,
      ...(e.detail !== undefined ? { detail: storableJson(e.detail) } : {}),
    };
  // The database's own words name the values (a unique key's, an invalid date's): only its code is kept.
  const code = pgCode(e);
  if (code === '23505') return { status: 'quarantined', reason: 'record.uniqueViolation', detail: { code } };
  // A bug must not wedge a village's sync for good: the op is kept (and can be
  // replayed by hand once fixed) and the rest goes on.
  ctx.log.error(
    { err: e, deviceId: op.deviceId, deviceSeq: op.deviceSeq },
    'op failed with a server error; quarantined',
  );
  return { status: 'quarantined', reason: 'server.error', ...(code ? { detail: { code } } : {}) };
}

/** A database error in the fast pass: the batch is run again op by op, each in a savepoint. */
class NeedsCareful extends Error {}

/** op: the op as parsed, or null where it failed its checks (then only its storable copy is kept). */
type Done = { raw: RawOp; op: Op | null; source: Origin; outcome: ApplyOutcome };
/** An op received before its predecessors; refusal: the verdict on its shape, taken when it arrived. */
type Waiting = { device_seq: number; op: RawOp; source: Source; refusal: ApplyOutcome | null };
/** An op that could not take its place in the sequence (another op holds or awaits that number). */
type Refused = { raw: RawOp; source: Origin; reason: 'op.seqReused'; detail: Record<string, unknown> };

/** The op's shape, or the refusal it gets: decided once, when the op arrives. */
function checked(raw: RawOp): { op: Op } | { refusal: ApplyOutcome } {
  try {
    return { op: parseOp(raw) };
  } catch (e) {
    const q = e as Quarantine;
    return { refusal: { status: 'quarantined', reason: q.reason, detail: q.detail } };
  }
}

const NumberShape = z.object({
  officeId: IdSchema,
  serviceCode: ServiceCodeSchema,
  journalYear: JournalYearSchema,
  journalSeq: JournalSeqSchema,
});

/** The records and numbers the ops name, for loading them in one query per table. */
function refsOf(ops: RawOp[]): {
  refs: Array<{ entity: EntityName; id: string }>;
  staff: string[];
  apps: Array<{ officeId: string; serviceCode: string; journalYear: number; journalSeq: number }>;
} {
  const refs: Array<{ entity: EntityName; id: string }> = [];
  const staff = new Set<string>();
  const apps: Array<{ officeId: string; serviceCode: string; journalYear: number; journalSeq: number }> = [];
  for (const op of ops as Array<Record<string, unknown>>) {
    const entityId = IdSchema.safeParse(op.entityId);
    if (typeof op.entity === 'string' && Object.hasOwn(ENTITIES, op.entity) && entityId.success)
      refs.push({ entity: op.entity as EntityName, id: entityId.data });
    const staffId = IdSchema.safeParse(op.staffId);
    if (staffId.success) staff.add(staffId.data);
    // Only numbers that can be valid: this runs before the ops are checked, and its values go to SQL.
    const f = op.fields;
    if (op.entity === 'application' && op.kind === 'create' && f && typeof f === 'object') {
      const n = NumberShape.safeParse(f);
      if (n.success) apps.push(n.data);
    }
  }
  return { refs, staff: [...staff], apps };
}

/**
 * One transaction of ops of one device. The fast pass applies them in memory
 * and writes once; an op the rules reject is undone in memory and quarantined.
 * Only a database error (a unique index, a bug) aborts the pass: then the same
 * batch runs carefully, each op written in its own savepoint, so the one that
 * fails is quarantined and the others still land.
 */
async function runChunk(
  tx: Queryable,
  ctx: SyncContext,
  device: Device,
  ops: RawOp[],
  source: Source,
  careful: boolean,
): Promise<ChunkOutcome> {
  const { rows: dev } = await tx.query<{ acked: number }>('SELECT acked FROM devices WHERE id = $1 FOR UPDATE', [
    device.id,
  ]);
  const ackedBefore = Number(dev[0].acked);
  let acked = ackedBefore;
  const seqs = ops.map((o) => o.deviceSeq);
  const seen = await seenOps(tx, device.id, seqs);
  const { rows: waitingRows } = await tx.query<Waiting>(
    'SELECT device_seq, op, source, refusal FROM backlog WHERE device_id = $1 AND device_seq > $2 ORDER BY device_seq LIMIT 5000',
    [device.id, acked],
  );
  const waiting = new Map(waitingRows.map((r) => [Number(r.device_seq), r]));

  const uow = new UnitOfWork(tx, ctx.db.kind === 'pglite');
  const named = refsOf(ops);
  await uow.preload(named.refs, named.staff);
  if (device.kind !== 'district' && named.apps.length) await uow.preloadNumbers(device.id, named.apps);

  const done: Done[] = [];
  // The same op twice in one request: the second is a duplicate, as across requests.
  const doneBySeq = new Map<number, Done>();
  const drained: number[] = [];
  const backlogged: Array<{ raw: RawOp; source: Source; refusal: ApplyOutcome | null }> = [];
  const refused: Refused[] = [];
  const results: OpResult[] = [];

  const apply = async (raw: RawOp, origin: Origin, refusal: ApplyOutcome | null = null): Promise<ApplyOutcome> => {
    const shape = refusal ? { refusal } : checked(raw);
    let outcome: ApplyOutcome;
    if ('refusal' in shape) {
      outcome = shape.refusal;
    } else {
      if (careful) await tx.query('SAVEPOINT apply_op');
      uow.begin();
      try {
        outcome = await applyOp(uow, ctx, device, shape.op);
        if (careful) {
          await uow.flush();
          await tx.query('RELEASE SAVEPOINT apply_op');
        }
        uow.commitOp();
      } catch (e) {
        // A deadlock is no fault of the op: the whole transaction runs again.
        if (isRetryable(e)) throw e;
        if (!careful && !(e instanceof Quarantine))
          throw new NeedsCareful(String((e as Error)?.message ?? e), { cause: e });
        if (careful) await tx.query('ROLLBACK TO SAVEPOINT apply_op');
        uow.rollback();
        outcome = asQuarantine(ctx, raw, e);
        // The sender changed its copy of a record of its own; another office's record is not touched.
        const sameOffice = uow.officeOfLoaded(ENTITIES[shape.op.entity], shape.op.entityId);
        if (
          (sameOffice === device.officeId || device.district) &&
          uow.reannounce(ENTITIES[shape.op.entity], shape.op.entityId) &&
          careful
        )
          await uow.flush();
      }
    }
    const d: Done = { raw, op: 'op' in shape ? shape.op : null, source: origin, outcome };
    done.push(d);
    doneBySeq.set(raw.deviceSeq, d);
    acked = raw.deviceSeq;
    return outcome;
  };

  for (const [i, op] of ops.entries()) {
    // PGlite answers through promise chains alone: a turn of the event loop now
    // and then keeps signals, health checks and other requests answered.
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    const before = seen.get(op.deviceSeq) ?? doneBySeq.get(op.deviceSeq);
    if (before) {
      const storedOpId = 'op_id' in before ? before.op_id : before.raw.opId;
      if (storedOpId !== op.opId) {
        // Same number, different op: the device lost its outbox counter (restored
        // backup?). Never overwrite the audit trail; refuse it where both sides see it.
        refused.push({ raw: op, source, reason: 'op.seqReused', detail: { held: 'applied' } });
        results.push({
          deviceSeq: op.deviceSeq,
          opId: op.opId,
          status: 'quarantined',
          reason: 'op.seqReused',
          detail: { held: 'applied' },
        });
        continue;
      }
      const first = 'op_id' in before ? before.result : before.outcome;
      const original = 'op_id' in before ? before.status : before.outcome.status;
      results.push({ ...asResult(op, first), status: 'duplicate', original } as OpResult);
      continue;
    }
    if (op.deviceSeq <= acked) {
      refused.push({ raw: op, source, reason: 'op.seqReused', detail: { acked } });
      results.push({
        deviceSeq: op.deviceSeq,
        opId: op.opId,
        status: 'quarantined',
        reason: 'op.seqReused',
        detail: { acked },
      });
      continue;
    }
    if (op.deviceSeq > acked + 1) {
      const held = waiting.get(op.deviceSeq)?.op ?? backlogged.find((b) => b.raw.deviceSeq === op.deviceSeq)?.raw;
      if (held && held.opId !== op.opId) {
        // Another op already waits under this number: this one is refused where the
        // laptop keeps and shows it, never acknowledged unapplied.
        refused.push({ raw: op, source, reason: 'op.seqReused', detail: { held: 'waiting' } });
        results.push({
          deviceSeq: op.deviceSeq,
          opId: op.opId,
          status: 'quarantined',
          reason: 'op.seqReused',
          detail: { held: 'waiting' },
        });
        continue;
      }
      if (!held) {
        // Kept as parsed (unknown keys dropped), or, refused on its shape, as it can be stored with its verdict.
        const shape = checked(op);
        backlogged.push(
          'op' in shape ? { raw: shape.op, source, refusal: null } : { raw: op, source, refusal: shape.refusal },
        );
      }
      results.push({ deviceSeq: op.deviceSeq, opId: op.opId, status: 'backlogged' });
      continue;
    }
    results.push(asResult(op, await apply(op, source)));
    // Ops that arrived earlier, out of order, and are now next in line: checked now, like any other.
    for (let w = waiting.get(acked + 1); w; w = waiting.get(acked + 1)) {
      waiting.delete(Number(w.device_seq));
      drained.push(Number(w.device_seq));
      await apply(w.op, w.source, w.refusal);
    }
  }

  if (done.length) {
    await insertOps(tx, device, done);
    await tx.query('UPDATE devices SET acked = $2, last_seen_at = now() WHERE id = $1', [device.id, acked]);
  }
  if (refused.length) await insertRefused(tx, device, refused);
  if (drained.length)
    await tx.query('DELETE FROM backlog WHERE device_id = $1 AND device_seq = ANY($2::bigint[])', [device.id, drained]);
  if (backlogged.length) {
    const params: unknown[] = [device.id];
    const tuples = backlogged.map((b) => {
      // An op refused on its shape is kept as it can be stored, with the verdict it already has.
      params.push(
        b.raw.deviceSeq,
        storableOp(b.raw).opId,
        JSON.stringify(b.refusal ? storableOp(b.raw) : b.raw),
        b.source,
        b.refusal ? JSON.stringify(b.refusal) : null,
      );
      const n = params.length;
      return `($1, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await tx.query(
      `INSERT INTO backlog (device_id, device_seq, op_id, op, source, refusal) VALUES ${tuples.join(', ')} ON CONFLICT (device_id, device_seq) DO NOTHING`,
      params,
    );
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
  return { results, done, refused, from: ackedBefore + 1, to: acked };
}

/** Ops refused before they took a place in the sequence: kept for the district (migration 006). */
async function insertRefused(tx: Queryable, device: Device, refused: Refused[]): Promise<void> {
  const rows = refused.map((r) => ({
    device_seq: r.raw.deviceSeq,
    op_id: storableOp(r.raw).opId.slice(0, 200),
    op: storableOp(r.raw),
    reason: r.reason,
    detail: r.detail,
  }));
  await tx.query(
    `INSERT INTO refused_ops (device_id, device_seq, op_id, office_id, op, reason, detail)
     SELECT $1, device_seq, op_id, $2, op, reason, detail FROM jsonb_to_recordset($3::jsonb) AS x(device_seq bigint, op_id text, op jsonb, reason text, detail jsonb)
     ON CONFLICT (device_id, device_seq, op_id) DO NOTHING`,
    [device.id, device.officeId, JSON.stringify(rows)],
  );
}

type ChunkOutcome = { results: OpResult[]; done: Done[]; refused: Refused[]; from: number; to: number };

/** Said once the transaction has committed: a log line is a promise the ops are in. */
function logChunk(ctx: SyncContext, device: Device, c: ChunkOutcome): OpResult[] {
  for (const d of c.done) {
    if (d.outcome.status === 'quarantined')
      ctx.log.warn({ deviceId: device.id, deviceSeq: d.raw.deviceSeq, reason: d.outcome.reason }, 'op quarantined');
  }
  for (const r of c.refused)
    ctx.log.warn(
      { deviceId: device.id, deviceSeq: r.raw.deviceSeq, reason: r.reason },
      'op refused: its number is taken',
    );
  if (c.to >= c.from) ctx.log.debug({ deviceId: device.id, from: c.from, to: c.to }, 'ops applied');
  return c.results;
}

/** An op that passed its checks is kept as it came; a refused one as it can be stored. */
async function insertOps(tx: Queryable, device: Device, done: Done[]): Promise<void> {
  await appendBatch(
    tx,
    device.id,
    done.map(({ raw, op, source, outcome }) => ({
      stored: outcome.status === 'quarantined' || !op ? storableOp(op ?? raw) : op,
      officeId: device.officeId,
      source,
      outcome: outcome.status === 'quarantined' ? (storableJson(outcome) as ApplyOutcome) : outcome,
    })),
  );
}

async function ingestChunk(ctx: SyncContext, device: Device, ops: RawOp[], source: Source): Promise<OpResult[]> {
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
export async function ingest(
  ctx: SyncContext,
  device: Device,
  ops: RawOp[],
  source: Source,
): Promise<{ acked: number; results: OpResult[] }> {
  const sorted = [...ops].sort((a, b) => a.deviceSeq - b.deviceSeq);
  const results: OpResult[] = [];
  const size = ctx.opsPerTransaction ?? OPS_PER_TRANSACTION;
  for (let i = 0; i < sorted.length; i += size) {
    if (i) await new Promise((r) => setImmediate(r));
    results.push(...(await ingestChunk(ctx, device, sorted.slice(i, i + size), source)));
  }
  return { acked: await deviceAcked(ctx.db, device.id), results };
}
