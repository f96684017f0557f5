/**
 * Issue #16 item 7: the language follows the person, to every laptop of the
 * office. The clerk switches to Russian on one laptop; after a sync there and
 * a pull on the other, the clerk's record there says Russian, and so does the
 * session (renderer/ui/App.tsx shows it). Nobody else's record changes, and a
 * language the desk does not have is refused by the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { forge } from '../support/rawOps';
import type { DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let a: DeskDevice;
let b: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer();
  a = await srv.desk('karasu', 'karasu laptop A');
  b = await srv.desk('karasu', 'karasu laptop B');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const serverStaff = async (id: string) =>
  (await srv.db.query<{ data: Staff }>('SELECT data FROM staff WHERE id = $1', [id])).rows[0].data;

describe('the language a person works in', () => {
  it('goes with them to the office’s other laptop', async () => {
    const clerk = await a.as('clerk');
    await a.desk.setOwnLang('ru');
    expect(a.desk.session()?.staff.lang).toBe('ru');
    expect((await a.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
    expect((await serverStaff(clerk.id)).lang).toBe('ru');

    await b.sync();
    expect((await b.desk.context.db.staff.get(clerk.id))?.lang).toBe('ru');
    b.desk.signOut();
    const s = await b.desk.signIn(clerk.login, b.password);
    expect(s.staff.lang).toBe('ru');
    // The head's record is untouched.
    const head = (await b.desk.staff()).find((x) => x.roles.includes('head'))!;
    expect((await serverStaff(head.id)).lang).toBeUndefined();
  });

  it('is one the desk has: anything else is refused on the server', async () => {
    const clerk = await a.as('clerk');
    const { ops } = await a.record(() =>
      forge(a, {
        entity: 'staff',
        entityId: clerk.id,
        kind: 'patch',
        fields: { lang: 'en' },
        baseVersion: 0,
        staffId: clerk.id,
      }),
    );
    const run = await a.sync();
    expect(run.result(ops[0])?.status).toBe('quarantined');
    expect((await serverStaff(clerk.id)).lang).toBe('ru');
  });
});
