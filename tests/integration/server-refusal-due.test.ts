/**
 * R-01 (issue #15) on the real server: an over-age child is taken in (the
 * server no longer quarantines the application), and its decision can only be
 * the reasoned refusal on the age. A decision forged past the desk's check
 * (tests/support/rawOps.ts) is refused by the same shared rule
 * (dueRefusalErrors) with a translated reason; so is a preschool application
 * without consent, for which the catalog names no ground of refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts, newId, type Application } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { forge } from '../support/rawOps';
import { advance, childAged, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let dev: DeskDevice;
beforeAll(async () => {
  srv = await startTestServer();
  dev = await srv.desk('karasu', 'refusal laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const stored = async (id: string) =>
  (await srv.db.query<{ data: Application }>('SELECT data FROM applications WHERE id = $1', [id])).rows[0]?.data;
const issues = (detail: unknown) =>
  ((detail ?? []) as Array<{ path: string[]; code: string }>).map((i) => `${i.path.join('.')}:${i.code}`);

describe('an over-age child on the server (R-01)', () => {
  it('is taken in; a forged notification is refused, the reasoned refusal on the age arrives', async () => {
    const today = localParts(dev.desk.context.now(), 300).date;
    const six = childAged(6, 11, today);
    const app = await register(dev, {
      over: { child: { iin: six.iin, lastName: 'Сұлтанов', firstName: 'Әлихан' } },
    });
    await advance(dev, app.id, 'assigned');
    expect((await dev.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const onServer = await stored(app.id);
    expect(onServer).toMatchObject({ status: 'assigned', child: { birthDate: six.birthDate } });

    const executor = await dev.as('executor');
    const forged = await forge(dev, {
      entity: 'application',
      entityId: app.id,
      kind: 'transition',
      step: 'decision',
      fields: { status: 'decided', decision: { kind: 'notification' } },
      baseVersion: onServer!.version,
      staffId: executor.id,
    });
    const run = await dev.sync();
    const result = run.result(forged);
    expect(result).toMatchObject({ status: 'quarantined', reason: 'validation' });
    expect(issues(result && 'detail' in result ? result.detail : undefined)).toEqual(['decision:refusal.dueOverAge']);
    expect((await stored(app.id))?.decision).toBeUndefined();

    await advance(dev, app.id, 'issued', {
      kind: 'refusal',
      groundCode: 'ageLimit',
      reason: 'Өтініш берілген күні бала 6 жасқа толған.',
    });
    // Everything else arrives (the forged op stays in the laptop's quarantine list, for the office to see).
    expect((await dev.sync()).state).toMatchObject({ pending: 0, quarantined: 1 });
    expect(await stored(app.id)).toMatchObject({
      status: 'issued',
      queueState: 'refused',
      decision: { kind: 'refusal', groundCode: 'ageLimit' },
    });
  });

  it('a preschool application without consent is still refused: the catalog names no ground for it', async () => {
    const app = await register(dev);
    expect((await dev.sync()).state).toMatchObject({ pending: 0 });
    const clerk = await dev.as('clerk');
    const { id: _id, version: _v, ...rest } = app;
    const id = newId();
    const forged = await forge(dev, {
      entity: 'application',
      entityId: id,
      kind: 'create',
      fields: { ...rest, id, journalSeq: app.journalSeq + 5000, journalNo: `${app.journalNo}-X`, consent: false },
      baseVersion: 0,
      staffId: clerk.id,
      step: 'accept',
    });
    const result = (await dev.sync()).result(forged);
    expect(result).toMatchObject({ status: 'quarantined', reason: 'validation' });
    expect(issues(result && 'detail' in result ? result.detail : undefined)).toContain('consent:consent.required');
    expect(await stored(id)).toBeUndefined();
  });
});
