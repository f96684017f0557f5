/**
 * A refusal to accept withdrawn right after it was made (issue #16, item 5)
 * on the real server: the desk's withdrawal arrives as a patch and is taken
 * from the refusal's own office within the window; the record stays, marked,
 * and the district's reports stop counting it. A withdrawal forged past the
 * desk's checks (tests/support/rawOps.ts) is refused: late, from another
 * office's laptop, or undoing a withdrawal. Runs on PGlite and
 * (scripts/pg-test.sh) on PostgreSQL.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSAL_UNDO_MS, localParts, type AcceptRefusal, type IntakeInput, type Op } from '../../shared';
import { startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { forge } from '../support/rawOps';
import { intake, type DeskDevice } from '../helpers/desk-device';
import { factsOf } from '../../server/reports/facts';
import { loadCatalog } from '../../server/reference/reference';

const year = Number(localParts(new Date().toISOString()).date.slice(0, 4));

let srv: TestServer;
let karasu: DeskDevice;
let other: DeskDevice;
let district: DistrictClient;
beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu', 'withdrawal laptop');
  other = await srv.desk('ushkonyr', 'other office laptop');
  district = await srv.district();
}, START_TIMEOUT_MS);
afterAll(async () => srv?.stop());

let serial = 8100;
async function refuse(dev: DeskDevice, over: Partial<IntakeInput> = {}): Promise<AcceptRefusal> {
  await dev.as('clerk');
  const kgIds = (await dev.desk.kindergartens()).map((k) => k.id);
  const today = localParts(dev.desk.context.now()).date;
  return dev.desk.refuseToAccept({ ...intake(serial++, kgIds, today), documents: ['application'], ...over }, [
    'applicantId',
    'birthCertificate',
    'addressCertificate',
  ]);
}
const stored = async (id: string) =>
  (await srv.db.query<{ data: AcceptRefusal }>('SELECT data FROM refusals WHERE id = $1', [id])).rows[0]?.data;
/** The district's annual report: refusals to accept counted. */
const counted = async () => {
  const r = await district.get(`/v1/district/reports/annual?year=${year}`);
  expect(r.status).toBe(200);
  const n = r.body.data.control.refusedToAccept;
  expect(typeof n).toBe('number');
  return n as number;
};
const issues = (detail: unknown) =>
  ((detail ?? []) as Array<{ path: string[]; code: string }>).map((i) => `${i.path.join('.')}:${i.code}`);
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('withdrawing a refusal to accept', () => {
  it('takes the desk’s withdrawal from the office: kept, marked, no longer counted in the reports', async () => {
    const before = await counted();
    const r = await refuse(karasu);
    const kept = await refuse(karasu);
    expect((await karasu.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
    expect(await counted()).toBe(before + 2);

    const { value: w, ops } = await karasu.record(() => karasu.desk.withdrawRefusal(r.id));
    expect(ops.map((o) => [o.entity, o.kind, Object.keys(o.fields)])).toEqual([['refusal', 'patch', ['withdrawn']]]);
    const run = await karasu.sync();
    expect(run.result(ops[0])?.status).toBe('applied');
    expect(await stored(r.id)).toMatchObject({
      id: r.id,
      missingDocuments: r.missingDocuments,
      withdrawn: w.withdrawn,
    });
    expect(await counted()).toBe(before + 1);
    const mirror = factsOf(srv.db);
    await mirror.refresh(srv.db, await loadCatalog(srv.db));
    expect(mirror.refusals.has(r.id)).toBe(false);
    expect(mirror.refusals.has(kept.id)).toBe(true);
  });

  it('refuses a withdrawal forged late, from another office’s laptop, or taking a withdrawal back', async () => {
    const late = await refuse(karasu);
    const open = await refuse(karasu);
    const clerk = await karasu.as('clerk');
    expect((await karasu.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
    const before = await counted();
    const patch = (id: string, withdrawn: unknown, staffId: string) => ({
      entity: 'refusal' as const,
      entityId: id,
      kind: 'patch' as const,
      fields: { withdrawn },
      baseVersion: 1,
      staffId,
    });
    const byWho = (at: string, s: { id: string; fullName: string }) => ({ at, by: s.id, byName: s.fullName });

    // Late: a tampered laptop writes the withdrawal a second past the window.
    const { ops: lateOps } = await karasu.record(() =>
      forge(karasu, patch(late.id, byWho(later(late.at, REFUSAL_UNDO_MS + 1000), clerk), clerk.id)),
    );
    const lr = await karasu.client.push(lateOps);
    expect(lr.results[0]).toMatchObject({ status: 'quarantined', reason: 'validation' });
    expect(issues(lr.results[0].detail)).toEqual(['withdrawn:refusalWithdrawal.late']);

    // Another office's laptop, within the window, signed by its own clerk.
    const otherClerk = await other.as('clerk');
    await other.sync();
    const { ops: otherOps } = await other.record(() =>
      forge(other, patch(open.id, byWho(later(open.at, 1000), otherClerk), otherClerk.id)),
    );
    const or = await other.client.push(otherOps);
    expect(or.results[0]).toMatchObject({ status: 'quarantined', reason: 'scope.office' });

    // A withdrawal changes nothing else: what the receipt says is fixed once the refusal is made.
    const { ops: moreOps } = await karasu.record(() =>
      forge(karasu, {
        ...patch(open.id, byWho(later(open.at, 1000), clerk), clerk.id),
        fields: { withdrawn: byWho(later(open.at, 1000), clerk), missingDocuments: ['applicantId'] },
      }),
    );
    const mr = await karasu.client.push(moreOps);
    expect(mr.results[0]).toMatchObject({ status: 'quarantined', reason: 'scope.districtOnly' });
    expect(mr.results[0].detail).toMatchObject({ fields: ['missingDocuments'] });

    for (const id of [late.id, open.id]) expect((await stored(id))?.withdrawn).toBeUndefined();
    expect(await counted()).toBe(before);

    // Withdrawn by the office, then taken back (null removes a field): refused, it stays withdrawn.
    const { ops: wOps } = await karasu.record(() => karasu.desk.withdrawRefusal(open.id));
    expect((await karasu.client.push(wOps)).results[0]).toMatchObject({ status: 'applied' });
    const { ops: backOps } = await karasu.record(() => forge(karasu, patch(open.id, null, clerk.id)));
    const br = await karasu.client.push(backOps as Op[]);
    expect(br.results[0]).toMatchObject({ status: 'quarantined', reason: 'validation' });
    expect(issues(br.results[0].detail)).toEqual(['withdrawn:refusalWithdrawal.final']);
    expect((await stored(open.id))?.withdrawn).toBeTruthy();
    expect(await counted()).toBe(before - 1);
  });
});
