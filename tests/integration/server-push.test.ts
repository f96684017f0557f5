/**
 * Push: acknowledgements, idempotent replays, per-device order with the
 * backlog, and quarantine that does not block the rest. The ops are the real
 * desk's (tests/helpers/desk-device.ts), taken from its outbox and sent with
 * the tests' HTTP client, so each answer can be read op by op.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { advance, register, type DeskDevice } from '../helpers/desk-device';
import { forge } from '../support/rawOps';

let srv: TestServer;
/** Laptops whose every op the server has acknowledged after each test, so later tests go on with them. */
let karasu: DeskDevice;
let ushkonyr: DeskDevice;
beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu');
  ushkonyr = await srv.desk('ushkonyr', 'ushkonyr laptop A');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const count = async (sql: string, params: unknown[] = []) => (await srv.db.query(sql, params)).rows[0].n as number;
const last = (ops: Op[]) => ops[ops.length - 1].deviceSeq;

describe('push', () => {
  it('applies a create and the five workflow steps with their access-log entries, acknowledging each op (gzip body)', async () => {
    const dev = karasu;
    const { value: app, ops } = await dev.record(async () => {
      const a = await register(dev);
      await advance(dev, a.id, 'issued');
      await dev.desk.logPrint(a.id, 'receipt', a.lang, 'print');
      return a;
    });
    // Each change of the application and, after it, the access-log entry the desk writes with it.
    expect(ops.map((o) => (o.entity === 'application' ? (o.step ?? o.kind) : o.entity))).toEqual([
      'accept',
      'access',
      'resolution',
      'access',
      'decision',
      'access',
      'signature',
      'access',
      'issue',
      'access',
      'patch',
      'access',
    ]);
    const r = await dev.client.push(ops, { gzip: true });
    expect(r.acked).toBe(last(ops));
    expect(r.results.map((x) => x.status)).toEqual(ops.map(() => 'applied'));
    expect(r.results.filter((_, i) => ops[i].entity === 'application').map((x) => x.version)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    const { rows } = await srv.db.query('SELECT status, version, data FROM applications WHERE id = $1', [app.id]);
    expect(rows[0].status).toBe('issued');
    expect(rows[0].version).toBe(6);
    expect(rows[0].data.steps.map((s: { step: string }) => s.step)).toEqual([
      'accept',
      'resolution',
      'decision',
      'signature',
      'issue',
    ]);
    expect(rows[0].data.child.lastName).toBe(app.child!.lastName);
    expect(rows[0].data.prints).toHaveLength(1);
    // The audit trail has every op, in order.
    const trail = await srv.db.query(
      'SELECT device_seq, entity, kind, step FROM ops WHERE device_id = $1 AND device_seq >= $2 ORDER BY id',
      [dev.client.deviceId, ops[0].deviceSeq],
    );
    expect(trail.rows.map((x) => Number(x.device_seq))).toEqual(ops.map((o) => o.deviceSeq));
    expect(trail.rows.filter((x) => x.entity === 'application').map((x) => x.step ?? x.kind)).toEqual([
      'accept',
      'resolution',
      'decision',
      'signature',
      'issue',
      'patch',
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM access_log WHERE application_id = $1`, [app.id])).toBe(6);
  });

  it('answers a replayed op or batch the same way and changes nothing', async () => {
    // Its own laptop: the op sent under a used number leaves the real one unsent.
    const dev = await srv.desk('ushkonyr', 'replaying laptop');
    const { ops } = await dev.record(async () => {
      const a = await register(dev);
      await advance(dev, a.id, 'assigned');
      await register(dev);
    });
    const first = await dev.client.push(ops);
    expect(first.acked).toBe(last(ops));
    expect(first.results.map((x) => x.status)).toEqual(ops.map(() => 'applied'));
    const seqBefore = await count('SELECT seq AS n FROM change_counter');
    const opsBefore = await count('SELECT count(*)::int AS n FROM ops');
    // Whole batch again, then a part of it, then shuffled.
    for (const batch of [ops, [ops[2]], [ops[4], ops[0]]]) {
      const again = await dev.client.push(batch);
      expect(again.acked).toBe(last(ops));
      expect(again.results).toHaveLength(batch.length);
      for (const res of again.results) {
        const orig = first.results.find((x) => x.deviceSeq === res.deviceSeq)!;
        expect(res).toEqual({ ...orig, status: 'duplicate', original: 'applied' });
      }
    }
    expect(await count('SELECT seq AS n FROM change_counter')).toBe(seqBefore);
    expect(await count('SELECT count(*)::int AS n FROM ops')).toBe(opsBefore);
    // A different op under an already used number (a laptop numbering again from an old state) is not taken.
    const {
      ops: [later],
    } = await dev.record(() => register(dev));
    const clash = { ...later, deviceSeq: ops[1].deviceSeq };
    const r = await dev.client.push([clash]);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'op.seqReused' });
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [clash.entityId])).toBe(0);
  });

  it('keeps ops that arrive before their predecessor in a backlog, visible to the district, and applies them when the gap fills', async () => {
    const dev = ushkonyr;
    const { value: a, ops: regA } = await dev.record(() => register(dev));
    const { ops: steps } = await dev.record(() => advance(dev, a.id, 'signed'));
    const { value: b, ops: regB } = await dev.record(() => register(dev));
    expect((await dev.client.push(regA)).acked).toBe(last(regA));
    // Everything after it arrives; the resolution (the first op after) is lost on the way.
    const [lost, ...rest] = steps;
    expect(lost).toMatchObject({ kind: 'transition', step: 'resolution' });
    const later = [...rest, ...regB];
    const r = await dev.client.push(later);
    expect(r.acked).toBe(last(regA));
    expect(r.results.map((x) => x.status)).toEqual(later.map(() => 'backlogged'));
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [b.id])).toBe(0);
    // Pushed again while still waiting: same answer, nothing new.
    expect((await dev.client.push([regB[0]])).results[0].status).toBe('backlogged');
    const backlog = (await (await srv.district()).backlog()).find((x) => x.deviceId === dev.client.deviceId)!;
    expect(backlog.acked).toBe(last(regA));
    expect(backlog.waiting.map((w) => w.deviceSeq)).toEqual(later.map((o) => o.deviceSeq));
    expect(backlog.missing).toEqual([{ from: lost.deviceSeq, to: lost.deviceSeq }]);

    const fill = await dev.client.push([lost]);
    expect(fill.acked).toBe(last(regB));
    expect(fill.results[0].status).toBe('applied');
    const { rows } = await srv.db.query('SELECT status FROM applications WHERE id = $1', [a.id]);
    expect(rows[0].status).toBe('signed');
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [b.id])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM backlog WHERE device_id = $1', [dev.client.deviceId])).toBe(0);
    expect((await (await srv.district()).backlog()).find((x) => x.deviceId === dev.client.deviceId)).toBeUndefined();
    // The ones applied from the backlog now answer as duplicates.
    expect((await dev.client.push([regB[0]])).results[0]).toMatchObject({ status: 'duplicate', original: 'applied' });
  });

  it('quarantines a rejected op with its reason and goes on with the rest', async () => {
    const dev = await srv.desk('mobile');
    // The desk's ops, three of them altered on the way (the desk itself would never write them).
    const {
      value: good1,
      ops: [good1Op, ...good1Rest],
    } = await dev.record(() => register(dev));
    const {
      value: invalidApp,
      ops: [invalidOp, ...invalidRest],
    } = await dev.record(() => register(dev));
    const invalid = {
      ...invalidOp,
      fields: { ...invalidOp.fields, child: { ...invalidApp.child, birthDate: '15.01.2022' } },
    };
    const { value: good2, ops: good2Ops } = await dev.record(() => register(dev));
    // The head's resolution, signed with the mobile centre's clerk instead, who may not take that step: wrong role.
    const clerk = await dev.as('clerk');
    const {
      ops: [resolution, ...resolutionRest],
    } = await dev.record(() => advance(dev, good1.id, 'assigned'));
    const wrongRole = { ...resolution, staffId: clerk.id };
    const { value: good3, ops: good3Ops } = await dev.record(() => register(dev));
    const {
      ops: [print, ...printRest],
    } = await dev.record(() => dev.desk.logPrint(good2.id, 'receipt', 'kk', 'print'));
    const unknownRecord = { ...print, entityId: 'no-such-application' };
    const ops = [
      good1Op,
      ...good1Rest,
      invalid,
      ...invalidRest,
      ...good2Ops,
      wrongRole,
      ...resolutionRest,
      ...good3Ops,
      unknownRecord,
      ...printRest,
    ];
    const refused = new Map([
      [invalid.opId, 'validation'],
      [wrongRole.opId, 'workflow.wrongRole'],
      [unknownRecord.opId, 'record.notFound'],
    ]);
    const r = await dev.client.push(ops);
    expect(r.acked).toBe(last(ops));
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual(ops.map((o) => refused.get(o.opId) ?? 'applied'));
    expect(JSON.stringify(r.results.find((x) => x.opId === invalid.opId)!.detail)).toContain('birthDate');
    expect(
      await count('SELECT count(*)::int AS n FROM applications WHERE id = ANY($1::text[])', [
        [good1.id, good2.id, good3.id],
      ]),
    ).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [invalidApp.id])).toBe(0);
    const { rows } = await srv.db.query('SELECT status FROM applications WHERE id = $1', [good1.id]);
    expect(rows[0].status).toBe('registered');
    // The district sees them; a replay gets the same quarantine answer.
    const q = await (await srv.district()).get(`/v1/district/quarantine`);
    const mine = q.body.ops.filter((o: { deviceId: string }) => o.deviceId === dev.client.deviceId);
    expect(mine.map((o: { reason: string }) => o.reason)).toEqual([
      'validation',
      'workflow.wrongRole',
      'record.notFound',
    ]);
    const again = await dev.client.push([invalid]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', original: 'quarantined', reason: 'validation' });
    // The next op after the quarantined ones is applied normally.
    const next = await dev.record(() => register(dev));
    expect((await dev.client.push(next.ops)).results.map((x) => x.status)).toEqual(['applied', 'applied']);
  });

  it('a database refusal (a unique index) inside a batch quarantines that op alone; the ops around it land', async () => {
    // Two laptops of one office each add a colleague with the same login while apart: only the database's unique index can tell.
    const colleague = { fullName: 'Жаңа Маман', login: 'aidana', password: 'aidana-pass-1', roles: ['clerk' as const] };
    const first = ushkonyr;
    await first.as('head');
    await first.desk.addStaff(colleague);
    expect((await first.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });

    const dev = await srv.desk('ushkonyr', 'ushkonyr laptop B');
    const { value: before, ops } = await dev.record(async () => {
      const b = await register(dev);
      await dev.as('head');
      await dev.desk.addStaff(colleague);
      await register(dev);
      await advance(dev, b.id, 'assigned');
      return b;
    });
    const twin = ops.find((o) => o.entity === 'staff')!;
    const apps = ops.filter((o) => o.entity === 'application' && o.kind === 'create').map((o) => o.entityId);
    const r = await dev.client.push(ops);
    expect(r.acked).toBe(last(ops));
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual(
      ops.map((o) => (o === twin ? 'record.uniqueViolation' : 'applied')),
    );
    expect(await count('SELECT count(*)::int AS n FROM staff WHERE id = $1', [twin.entityId])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM staff WHERE login = 'aidana'`)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = ANY($1::text[])', [apps])).toBe(2);
    const { rows } = await srv.db.query('SELECT status, version FROM applications WHERE id = $1', [before.id]);
    expect(rows[0]).toMatchObject({ status: 'assigned', version: 2 });
    // Every op is in the audit trail exactly once, the refused one with its reason.
    const { rows: trail } = await srv.db.query<{ device_seq: number; status: string; reason: string | null }>(
      'SELECT device_seq, status, reason FROM ops WHERE device_id = $1 ORDER BY device_seq',
      [dev.client.deviceId],
    );
    expect(trail.map((t) => [Number(t.device_seq), t.status, t.reason])).toEqual(
      ops.map((o) => [
        o.deviceSeq,
        o === twin ? 'quarantined' : 'applied',
        o === twin ? 'record.uniqueViolation' : null,
      ]),
    );
  });

  it('removes an optional field sent as null (JSON has no undefined)', async () => {
    const dev = ushkonyr;
    const { value: app, ops } = await dev.record(async () => {
      const a = await register(dev);
      await advance(dev, a.id, 'issued');
      // A place frees up: the head sends the child back to the executor, the decision gone.
      await dev.as('head');
      await dev.desk.reopenForPlace(a.id);
      return a;
    });
    const reopen = ops.filter((o) => o.entity === 'application').at(-1)!;
    expect(reopen.kind).toBe('patch');
    expect(reopen.fields).toMatchObject({ status: 'assigned', decision: null });
    const r = await dev.client.push(ops);
    expect(r.results.map((x) => x.status)).toEqual(ops.map(() => 'applied'));
    const { rows } = await srv.db.query('SELECT status, data FROM applications WHERE id = $1', [app.id]);
    expect(rows[0].status).toBe('assigned');
    expect('decision' in rows[0].data).toBe(false);
  });

  it('keeps the ops table append-only', async () => {
    await expect(srv.db.query(`UPDATE ops SET status = 'applied' WHERE status = 'quarantined'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(srv.db.query(`DELETE FROM ops`)).rejects.toThrow(/append-only/);
  });
});

describe('access log entries', () => {
  it('are stored once, pulled by the devices of their office only, and never changed', async () => {
    const dev = karasu;
    const other = await srv.device('karasu');
    const stranger = await srv.device('akkainar');
    const { value: app, ops } = await dev.record(() => register(dev));
    const log = ops[1];
    expect(log).toMatchObject({
      entity: 'access',
      kind: 'create',
      fields: { applicationId: app.id, action: 'change', detail: 'accept' },
    });
    // An entry is never changed: no desk writes this.
    const change = await forge(dev, {
      entity: 'access',
      entityId: log.entityId,
      kind: 'patch',
      fields: { action: 'open' },
      baseVersion: 1,
      staffId: log.staffId,
    });
    const r = await dev.client.push([...ops, change]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'quarantined']);
    expect(r.results[2].reason).toBe('op.kindUnsupported');
    const seen = (await other.pullAll()).changes.filter(
      (c) => c.entity === 'access' && (c.data as { applicationId: string }).applicationId === app.id,
    );
    expect(seen.map((c) => c.data)).toEqual([log.fields]);
    // Another office's laptop gets its own office's entries only (akkainar's laptop above wrote some).
    const theirs = (await stranger.pullAll()).changes.filter((c) => c.entity === 'access');
    expect(theirs.filter((c) => (c.data as { officeId: string }).officeId !== stranger.officeId)).toEqual([]);
  });
});

describe('ops from several devices of one office', () => {
  let a: DeskDevice;
  let b: DeskDevice;
  beforeAll(async () => {
    a = karasu;
    b = await srv.desk('karasu', 'laptop B');
  });

  it('a device pulls what another device of its office pushed, and builds on it', async () => {
    const { value: reg, ops: made } = await a.record(() => register(a));
    // (The sync also sends again what this laptop sent by hand above: answered as before, duplicates.)
    const first = await a.sync();
    expect(first.result(made[0])?.status).toBe('applied');
    expect(first.state.pending).toBe(0);
    await b.sync();
    expect(await b.desk.recordSyncState(reg.id)).toMatchObject({ pending: 0, serverVersion: 1 });
    const { ops } = await b.record(() => advance(b, reg.id, 'assigned'));
    expect(ops[0]).toMatchObject({ kind: 'transition', step: 'resolution', baseVersion: 1 });
    const run = await b.sync();
    expect(run.result(ops[0])).toMatchObject({ status: 'applied', version: 2 });
    expect(run.result(ops[0])!.conflicts).toBeUndefined();
    expect(run.state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
  });
});
