/**
 * K-02 (issue #15) on the real server: a notice of a preliminary refusal that
 * the desk sends with a hearing in its window arrives whole; a notice forged
 * past the desk's check (tests/support/rawOps.ts), with a hearing so late the
 * final decision would fall after the term or before the 2 working days to
 * object have run, is refused by the same shared rule (hearingNoticeErrors)
 * with a translated reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultCatalog,
  fromLocal,
  hearingWindow,
  localParts,
  makeIin,
  type Application,
  type IntakeInput,
  type Op,
} from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { forge } from '../support/rawOps';
import { advance, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let dev: DeskDevice;
beforeAll(async () => {
  srv = await startTestServer();
  // Camp referrals are decided by the education department (seed 003 Annex 2 §1; F-20): its laptop.
  dev = await srv.desk('district', 'hearing laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const camp = defaultCatalog.get('camp-referral');
const stored = async (id: string) =>
  (await srv.db.query<{ data: Application }>('SELECT data FROM applications WHERE id = $1', [id])).rows[0]?.data;
const issues = (detail: unknown) =>
  ((detail ?? []) as Array<{ path: string[]; code: string }>).map((i) => `${i.path.join('.')}:${i.code}`);

let serial = 0;
function campIntake(): Partial<IntakeInput> {
  serial++;
  const child = makeIin('2015-09-14', 'male', 300 + serial)!;
  return {
    serviceCode: 'camp-referral',
    child: { iin: child, lastName: 'Сейітқали', firstName: 'Әлішер' },
    kindergartenIds: [],
    fields: { schoolNumber: '2', classLetter: '5 «Ә»', schoolYear: '2025-2026' },
    statusCategory: 'targetedSocialAssistance',
    statusDocument: 'анықтама № 45',
    documents: ['application', 'applicantId', 'medicalCertificate', 'tsaCertificate'],
  };
}

describe('the hearing window on the server (K-02)', () => {
  it('takes the desk’s notice with a hearing in its window, and refuses forged ones too late or too early', async () => {
    const app = await register(dev, { over: campIntake() });
    await advance(dev, app.id, 'assigned');
    const executor = await dev.as('executor');
    const now = dev.desk.context.now();
    const w = hearingWindow(camp, app.dueAt, now);
    const { ops: honest } = await dev.record(() =>
      dev.desk.preliminaryRefusal(app.id, { grounds: ['noConsent'], reason: 'Келісім жоқ', hearingAt: w.latestAt }),
    );
    const run = await dev.sync();
    expect(honest.map((o) => run.result(o)?.status)).toEqual(honest.map(() => 'applied'));
    expect((await stored(app.id))?.hearing?.hearingAt).toBe(w.latestAt);

    // Two more applications, each given a notice the desk would have refused.
    const late = await register(dev, { over: campIntake() });
    const early = await register(dev, { over: campIntake() });
    expect((await dev.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const notice = (a: Application, hearingAt: string) => ({
      grounds: ['noConsent'],
      reason: 'Келісім жоқ',
      noticeNo: 'ҚРҚ-Т-1',
      noticeOn: localParts(now, 300).date,
      noticeAt: now,
      noticeBy: executor.id,
      noticeByName: executor.fullName,
      latestNoticeOn: localParts(now, 300).date,
      termEndsOn: localParts(a.dueAt, 300).date,
      hearingAt,
    });
    const patch = (a: Application, hearingAt: string): Promise<Op> =>
      forge(dev, {
        entity: 'application',
        entityId: a.id,
        kind: 'patch',
        fields: { hearing: notice(a, hearingAt) },
        baseVersion: 1,
        staffId: executor.id,
      });
    const { ops } = await dev.record(async () => {
      // A minute before the term ends: the final decision, a working day later, is after it.
      await patch(late, new Date(Date.parse(late.dueAt) - 60_000).toISOString());
      // Half an hour after the notice: no time to object.
      await patch(early, new Date(Date.parse(now) + 30 * 60_000).toISOString());
    });
    const r = await dev.client.push(ops);
    const byOp = (op: Op) => r.results.find((x) => x.opId === op.opId);
    expect(ops.map((o) => byOp(o)?.reason)).toEqual(['validation', 'validation']);
    expect(issues(byOp(ops[0])?.detail)).toEqual(['hearing.hearingAt:hearing.afterTerm']);
    expect(issues(byOp(ops[1])?.detail)).toEqual(['hearing.hearingAt:hearing.beforeObjection']);
    expect((await stored(late.id))?.hearing).toBeUndefined();
    expect((await stored(early.id))?.hearing).toBeUndefined();
    // The rule's days, as a check of the test itself: the review's case.
    expect(hearingWindow(camp, fromLocal('2025-05-19', '09:20'), fromLocal('2025-05-14', '10:00')).earliestOn).toBe(
      '2025-05-16',
    );
  });
});
