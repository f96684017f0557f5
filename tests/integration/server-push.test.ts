/**
 * Push: acknowledgements, idempotent replays, per-device order with the
 * backlog, and quarantine that does not block the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DeviceClient } from '../support/client';
import { FakeDesk, resolutionFields } from '../support/fixtures';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const count = async (sql: string, params: unknown[] = []) => (await srv.db.query(sql, params)).rows[0].n as number;

const enrolled = (key = 'karasu') => srv.enrolled(key);

describe('push', () => {
  it('applies a create and the five workflow steps, acknowledging each op (gzip body)', async () => {
    const { dev, desk } = await enrolled();
    const { app, op } = desk.register();
    const ops: Op[] = [op];
    ops.push(desk.step(app.id, 'resolution', resolutionFields(desk)));
    ops.push(desk.step(app.id, 'decision', { decision: { kind: 'notification' } }));
    ops.push(desk.step(app.id, 'signature'));
    ops.push(desk.step(app.id, 'issue'));
    ops.push(desk.print(app.id));
    const r = await dev.push(ops, { gzip: true });
    expect(r.acked).toBe(6);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    expect(r.results.map((x) => x.version)).toEqual([1, 2, 3, 4, 5, 6]);
    const { rows } = await srv.db.query('SELECT status, version, data FROM applications WHERE id = $1', [app.id]);
    expect(rows[0].status).toBe('issued');
    expect(rows[0].version).toBe(6);
    expect(rows[0].data.steps.map((s: { step: string }) => s.step)).toEqual(['accept', 'resolution', 'decision', 'signature', 'issue']);
    expect(rows[0].data.child.lastName).toBe('Әбілқасымова');
    expect(rows[0].data.prints).toHaveLength(1);
    // The audit trail has every op, in order.
    const trail = await srv.db.query('SELECT device_seq, kind, step FROM ops WHERE device_id = $1 ORDER BY id', [dev.deviceId]);
    expect(trail.rows.map((x) => x.step ?? x.kind)).toEqual(['accept', 'resolution', 'decision', 'signature', 'issue', 'patch']);
  });

  it('answers a replayed op or batch the same way and changes nothing', async () => {
    const { dev, desk } = await enrolled('ushkonyr');
    const a = desk.register();
    const ops = [a.op, desk.step(a.app.id, 'resolution', resolutionFields(desk)), desk.register().op];
    const first = await dev.push(ops);
    expect(first.acked).toBe(3);
    const seqBefore = await count('SELECT seq AS n FROM change_counter');
    const opsBefore = await count('SELECT count(*)::int AS n FROM ops');
    // Whole batch again, then a part of it, then shuffled.
    for (const batch of [ops, [ops[1]], [ops[2], ops[0]]]) {
      const again = await dev.push(batch);
      expect(again.acked).toBe(3);
      for (const res of again.results) {
        const orig = first.results.find((x) => x.deviceSeq === res.deviceSeq)!;
        expect(res).toEqual({ ...orig, status: 'duplicate', original: 'applied' });
      }
    }
    expect(await count('SELECT seq AS n FROM change_counter')).toBe(seqBefore);
    expect(await count('SELECT count(*)::int AS n FROM ops')).toBe(opsBefore);
    // A different op under an already used number is not taken.
    const clash = { ...desk.register().op, deviceSeq: 2 };
    desk.seq--;
    const r = await dev.push([clash]);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'op.seqReused' });
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [clash.entityId])).toBe(0);
  });

  it('keeps ops that arrive before their predecessor in a backlog, visible to the district, and applies them when the gap fills', async () => {
    const { dev, desk } = await enrolled('akkainar');
    const a = desk.register(); // 1
    const steps = [
      desk.step(a.app.id, 'resolution', resolutionFields(desk)), // 2
      desk.step(a.app.id, 'decision', { decision: { kind: 'notification' } }), // 3
      desk.step(a.app.id, 'signature'), // 4
    ];
    const b = desk.register(); // 5
    expect((await dev.push([a.op])).acked).toBe(1);
    // 3, 4 and 5 arrive; 2 is lost on the way.
    const r = await dev.push([steps[1], steps[2], b.op]);
    expect(r.acked).toBe(1);
    expect(r.results.map((x) => x.status)).toEqual(['backlogged', 'backlogged', 'backlogged']);
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [b.app.id])).toBe(0);
    // Pushed again while still waiting: same answer, nothing new.
    expect((await dev.push([b.op])).results[0].status).toBe('backlogged');
    const backlog = (await (await srv.district()).backlog()).find((x) => x.deviceId === dev.deviceId)!;
    expect(backlog.acked).toBe(1);
    expect(backlog.waiting.map((w) => w.deviceSeq)).toEqual([3, 4, 5]);
    expect(backlog.missing).toEqual([{ from: 2, to: 2 }]);

    const fill = await dev.push([steps[0]]);
    expect(fill.acked).toBe(5);
    expect(fill.results[0].status).toBe('applied');
    const { rows } = await srv.db.query('SELECT status FROM applications WHERE id = $1', [a.app.id]);
    expect(rows[0].status).toBe('signed');
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [b.app.id])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM backlog WHERE device_id = $1', [dev.deviceId])).toBe(0);
    expect((await (await srv.district()).backlog()).find((x) => x.deviceId === dev.deviceId)).toBeUndefined();
    // The ones applied from the backlog now answer as duplicates.
    expect((await dev.push([b.op])).results[0]).toMatchObject({ status: 'duplicate', original: 'applied' });
  });

  it('quarantines a rejected op with its reason and goes on with the rest', async () => {
    const { dev, desk } = await enrolled('mobile');
    const good1 = desk.register();
    const invalid = desk.register();
    (invalid.op.fields as any).child = { ...invalid.app.child, birthDate: '15.01.2022' };
    const good2 = desk.register();
    // The mobile centre's head cannot take the clerk's step: wrong role.
    const wrongRole = desk.step(good1.app.id, 'resolution', resolutionFields(desk), { as: 'clerk' });
    const good3 = desk.register();
    const unknownRecord = desk.patch(good2.app.id, { queueState: 'withdrawn' });
    unknownRecord.entityId = 'no-such-application';
    const r = await dev.push([good1.op, invalid.op, good2.op, wrongRole, good3.op, unknownRecord]);
    expect(r.acked).toBe(6);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'quarantined', 'applied', 'quarantined', 'applied', 'quarantined']);
    expect(r.results[1].reason).toBe('validation');
    expect(JSON.stringify(r.results[1].detail)).toContain('birthDate');
    expect(r.results[3].reason).toBe('workflow.wrongRole');
    expect(r.results[5].reason).toBe('record.notFound');
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = ANY($1::text[])', [[good1.app.id, good2.app.id, good3.app.id]])).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = $1', [invalid.app.id])).toBe(0);
    const { rows } = await srv.db.query('SELECT status FROM applications WHERE id = $1', [good1.app.id]);
    expect(rows[0].status).toBe('registered');
    // The district sees them; a replay gets the same quarantine answer.
    const q = await (await srv.district()).get(`/v1/district/quarantine`);
    const mine = q.body.ops.filter((o: { deviceId: string }) => o.deviceId === dev.deviceId);
    expect(mine.map((o: { reason: string }) => o.reason)).toEqual(['validation', 'workflow.wrongRole', 'record.notFound']);
    const again = await dev.push([invalid.op]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', original: 'quarantined', reason: 'validation' });
    // The next op after the quarantined ones is applied normally.
    const next = desk.register();
    expect((await dev.push([next.op])).results[0].status).toBe('applied');
  });

  it('a database refusal (a unique index) inside a batch quarantines that op alone; the ops around it land', async () => {
    const { dev, desk } = await enrolled('ushkonyr');
    const clerk = desk.staff.find((x) => x.roles.includes('clerk'))!;
    const before = desk.register();
    // A second staff record with the clerk's login: only the database's unique index can tell.
    const { password: _hash, ...known } = clerk;
    const twin = { ...known, id: newId(), fullName: 'Екінші Тіркеуші', createdAt: new Date().toISOString() };
    const twinOp = desk.op({ entity: 'staff', entityId: twin.id, kind: 'create', fields: twin, baseVersion: 0, staffId: desk.actor('head').id });
    const after = desk.register();
    const step = desk.step(before.app.id, 'resolution', resolutionFields(desk));
    const r = await dev.push([before.op, twinOp, after.op, step]);
    expect(r.acked).toBe(twinOp.deviceSeq + 2);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'quarantined', 'applied', 'applied']);
    expect(r.results[1], JSON.stringify(r.results[1])).toMatchObject({ reason: 'record.uniqueViolation' });
    expect(await count('SELECT count(*)::int AS n FROM staff WHERE id = $1', [twin.id])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM applications WHERE id = ANY($1::text[])', [[before.app.id, after.app.id]])).toBe(2);
    const { rows } = await srv.db.query('SELECT status, version FROM applications WHERE id = $1', [before.app.id]);
    expect(rows[0]).toMatchObject({ status: 'assigned', version: 2 });
    // Every op is in the audit trail exactly once, the refused one with its reason.
    const { rows: trail } = await srv.db.query<{ device_seq: number; status: string; reason: string | null }>(
      'SELECT device_seq, status, reason FROM ops WHERE device_id = $1 AND device_seq >= $2 ORDER BY device_seq', [dev.deviceId, before.op.deviceSeq]);
    expect(trail.map((t) => [t.status, t.reason])).toEqual([['applied', null], ['quarantined', 'record.uniqueViolation'], ['applied', null], ['applied', null]]);
  });

  it('removes an optional field sent as null (JSON has no undefined)', async () => {
    const { dev, desk } = await enrolled('ushkonyr');
    const { app, op } = desk.register();
    const ops = [op,
      desk.step(app.id, 'resolution', resolutionFields(desk)),
      desk.step(app.id, 'decision', { decision: { kind: 'notification' } }),
      desk.step(app.id, 'signature'),
      desk.step(app.id, 'issue', {}, { as: 'clerk' })];
    // A place frees up: the head sends the child back to the executor (the desk's reopenForPlace).
    ops.push(desk.patch(app.id, { status: 'assigned', decision: undefined }, { as: 'head' }));
    expect(ops[5].fields).toMatchObject({ status: 'assigned', decision: null });
    const r = await dev.push(ops);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    const { rows } = await srv.db.query('SELECT status, data FROM applications WHERE id = $1', [app.id]);
    expect(rows[0].status).toBe('assigned');
    expect('decision' in rows[0].data).toBe(false);
  });

  it('keeps the ops table append-only', async () => {
    await expect(srv.db.query(`UPDATE ops SET status = 'applied' WHERE status = 'quarantined'`)).rejects.toThrow(/append-only/);
    await expect(srv.db.query(`DELETE FROM ops`)).rejects.toThrow(/append-only/);
  });
});

describe('access log entries', () => {
  it('are stored once, pulled by the devices of their office only, and never changed', async () => {
    const { dev, desk } = await enrolled('karasu');
    const other = await enrolled('karasu');
    const stranger = await enrolled('akkainar');
    const { app, op } = desk.register();
    const clerk = desk.actor('clerk');
    const entry = { id: `acc-${app.id}`, applicationId: app.id, officeId: dev.officeId, at: new Date().toISOString(), by: clerk.id, byName: clerk.fullName, action: 'print', detail: 'receipt' };
    const log = desk.op({ entity: 'access', entityId: entry.id, kind: 'create', fields: entry, baseVersion: 0, staffId: clerk.id });
    const change = desk.op({ entity: 'access', entityId: entry.id, kind: 'patch', fields: { action: 'open' }, baseVersion: 1, staffId: clerk.id });
    const r = await dev.push([op, log, change]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'quarantined']);
    expect(r.results[2].reason).toBe('op.kindUnsupported');
    const seen = (await other.dev.pullAll()).changes.filter((c) => c.entity === 'access');
    expect(seen.map((c) => c.data)).toEqual([entry]);
    expect((await stranger.dev.pullAll()).changes.filter((c) => c.entity === 'access')).toEqual([]);
  });
});

describe('ops from several devices of one office', () => {
  let a: { dev: DeviceClient; desk: FakeDesk };
  let b: { dev: DeviceClient; desk: FakeDesk };
  beforeAll(async () => {
    a = await enrolled('karasu');
    b = await enrolled('karasu');
  });

  it('a device pulls what another device of its office pushed, and builds on it', async () => {
    const reg = a.desk.register();
    await a.dev.push([reg.op]);
    const pulled = await b.dev.pullAll();
    const got = pulled.changes.find((c) => c.id === reg.app.id)!;
    expect(got.version).toBe(1);
    b.desk.receive(got.data as any, got.version);
    const r = await b.dev.push([b.desk.step(reg.app.id, 'resolution', resolutionFields(b.desk))]);
    expect(r.results[0]).toMatchObject({ status: 'applied', version: 2 });
    expect(r.results[0].conflicts).toBeUndefined();
  });
});
