/**
 * Per-field versions in their compact stored form (issue #17): what a row of
 * applications holds in field_versions after real desks push, and that the
 * merge reads it back exactly, so two laptops of one office still get the
 * conflicts they got when each field's version and device were written out
 * in full. Rows written before the packed form stay readable as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application, FieldVersions, Op } from '../../shared';
import { unpackFieldVersions } from '../../server/store/fieldVersions';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let district: DistrictClient;
let A: DeskDevice;
let B: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  A = await srv.desk('karasu', 'laptop A');
  B = await srv.desk('karasu', 'laptop B');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const DAY = 86_400_000;
const appOp = (ops: Op[]) => ops.find((o) => o.entity === 'application')!;

async function stored(id: string): Promise<{ fv: Record<string, unknown>; data: Record<string, unknown> }> {
  const { rows } = await srv.db.query<{ field_versions: Record<string, unknown>; data: Record<string, unknown> }>(
    'SELECT field_versions, data FROM applications WHERE id = $1',
    [id],
  );
  return { fv: rows[0].field_versions, data: rows[0].data };
}

/** The row as a server before the packed form wrote it: every field's {v, d} in full. */
async function storeExpanded(id: string): Promise<void> {
  const full = unpackFieldVersions((await stored(id)).fv);
  await srv.db.query('UPDATE applications SET field_versions = $1::jsonb WHERE id = $2', [JSON.stringify(full), id]);
  expect((await stored(id)).fv).toEqual(full);
}

describe('per-field versions as stored', () => {
  it('an application taken through its steps, one sync each, is stored packed and reads back as its ops made it', async () => {
    const dev = A;
    const a = await register(dev);
    await dev.sync();
    await dev.as('clerk');
    await dev.desk.logPrint(a.id, 'receipt', 'kk', 'print');
    await dev.sync();
    await advance(dev, a.id, 'assigned');
    expect((await dev.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });

    const { fv, data } = await stored(a.id);
    const d = await dev.deviceId();
    // The packed form: its marker, the one device once, and no field named at the top level.
    expect(fv).toMatchObject({ '~': 1, d: [d] });
    expect(Object.keys(fv).sort()).toEqual(['d', 'g', '~']);

    // Every field of the record has its version (id and version have none), and nothing else does.
    const expected: FieldVersions = {};
    for (const k of Object.keys(data)) if (k !== 'id' && k !== 'version') expected[k] = { v: 1, d };
    expected.prints = { v: 2, d };
    for (const k of ['steps', 'status', 'executorId']) expected[k] = { v: 3, d };
    expect(data.version).toBe(3);
    expect(unpackFieldVersions(fv)).toEqual(expected);
    // What the row rewrites with every op, as the database holds it (jsonb, before any compression):
    // under a fifth of the fields written out in full.
    const { rows } = await srv.db.query<{ packed: number; expanded: number }>(
      'SELECT pg_column_size($1::jsonb) AS packed, pg_column_size($2::jsonb) AS expanded',
      [JSON.stringify(fv), JSON.stringify(expected)],
    );
    expect(rows[0].packed * 5).toBeLessThan(rows[0].expanded);
  });

  /**
   * A child referred to a place: on A the clerk marks the child enrolled, while B,
   * its clock past the referral's validity, expires it: both change queueState
   * (as in server-conflicts.test.ts). `beforeB` runs between A's sync and B's.
   */
  async function enrolledAndExpired(beforeB: (app: Application) => Promise<void> = async () => {}) {
    const kg = (await A.desk.kindergartens()).find((k) => k.number === '1')!;
    const app = await register(A);
    await advance(A, app.id, 'issued', { kind: 'referral', kindergartenId: kg.id, ageGroupId: 'nursery' });
    expect((await A.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    await B.sync();
    expect((await B.desk.get(app.id))?.queueState).toBe('referred');
    await A.as('clerk');
    await A.desk.markEnrolled(app.id);
    await A.sync();
    await beforeB(app);
    B.setClock(40 * DAY);
    await B.as('clerk');
    const { value: expired, ops } = await B.record(() => B.desk.expireReferrals());
    B.setClock(0);
    expect(expired).toBe(1);
    const expire = appOp(ops);
    expect(expire.fields).toMatchObject({ queueState: 'waiting', decision: { kind: 'notification' } });
    return { app, expire, result: (await B.sync()).result(expire) };
  }

  async function expectQueueStateConflict(
    app: Application,
    result: Awaited<ReturnType<typeof enrolledAndExpired>>['result'],
  ) {
    expect(result).toMatchObject({ status: 'applied' });
    expect(result!.conflicts).toEqual([{ id: expect.any(Number), kind: 'hard', fields: ['queueState'] }]);
    const [c] = await district.conflicts(`status=open&entityId=${app.id}`);
    expect(c).toMatchObject({ kind: 'hard', reason: 'field', status: 'open', deviceId: await B.deviceId() });
    expect(c.fields).toEqual([{ field: 'queueState', server: 'enrolled', device: 'waiting' }]);
    // The server's value stays, the rest of B's change merged, and the row is packed, B's device beside A's.
    const { fv, data } = await stored(app.id);
    expect(data).toMatchObject({ queueState: 'enrolled', decision: { kind: 'notification' } });
    expect(fv).toMatchObject({ '~': 1, d: [await A.deviceId(), await B.deviceId()] });
    const versions = unpackFieldVersions(fv);
    expect(versions.queueState.d).toBe(await A.deviceId());
    expect(versions.decision).toEqual({ v: data.version, d: await B.deviceId() });
  }

  it('the same field changed differently on two laptops is the same hard conflict on packed rows', async () => {
    const { app, result } = await enrolledAndExpired();
    await expectQueueStateConflict(app, result);
  });

  it('a row written before the packed form still gives the conflict, and is packed by its next write', async () => {
    const { app, result } = await enrolledAndExpired(async (a) => {
      await storeExpanded(a.id);
      expect((await stored(a.id)).fv).not.toHaveProperty('~');
    });
    await expectQueueStateConflict(app, result);
  });
});
