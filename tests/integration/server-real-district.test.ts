/**
 * Issue #13's proof, in one flow as a district lives it: an empty server set
 * up through the CLI (a child process, as a technician runs it), started
 * without the demo; the first administrator imports offices, staff and
 * kindergartens from the XLSX template (a file with errors writes nothing; the
 * fixed file writes everything); issues a code per office; two real desks
 * enrol with them, their clerks change their one-time passwords, register
 * children and sync; an account disabled at the district is refused on its
 * laptop after the next sync; a laptop revoked with "take what it has, then
 * stop" delivers its pending work, is then refused, and keeps its data. Then
 * the technician's backup before an upgrade (server/cli/backup.ts): refused
 * while the server holds a PGlite folder, made and restore-checked once stopped.
 * Runs on PGlite and (scripts/pg-test.sh) on PostgreSQL.
 */
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceBoardRow, DistrictSetup, ImportReport } from '../../shared';
import { newStorage, startTestServer, START_TIMEOUT_MS, type TestServer, type TestStorage } from '../support/harness';
import { DistrictClient } from '../support/client';
import { runCli, setupArgs } from '../support/child';
import { importWorkbook, sendImport } from '../helpers/district-import';
import { makeDevice, register, type DeskDevice } from '../helpers/desk-device';

const ADMIN_PASSWORD = 'Әкімші-құпия-2026';
const SETUP: DistrictSetup = {
  name: { kk: 'Талғар ауданы', ru: 'Талгарский район' },
  region: { kk: 'Алматы облысы', ru: 'Алматинская область' },
  kato: '196200000',
  office: {
    name: { kk: 'Талғар ауданының білім бөлімі', ru: 'Отдел образования Талгарского района' },
    address: { kk: 'Талғар қаласы, Қонаев көшесі, 2', ru: 'город Талгар, улица Кунаева, 2' },
    headName: 'Жұмабекова Гүлнар Әбілқызы',
    code: 'ТББ',
  },
  admin: { fullName: 'Нұрланов Ерлан Маратұлы', login: 'admin.talgar', password: ADMIN_PASSWORD },
};

// Offices: code, type, KATO, name kk, name ru, address kk, address ru, head, phone.
const OFFICES = [
  [
    'ТАУ',
    'Аппарат акима села',
    '196230100',
    'Тау ауылы әкімінің аппараты',
    'Аппарат акима села Тау',
    'Тау ауылы, Абай к., 1',
    'село Тау, ул. Абая, 1',
    'Сәрсенов Бақыт',
    null,
  ],
  [
    'КӨЛ',
    'Аппарат акима сельского округа',
    '196230200',
    'Көл ауылдық округі әкімінің аппараты',
    'Аппарат акима Кольского сельского округа',
    'Көл ауылы, Жамбыл к., 4',
    'село Коль, ул. Жамбыла, 4',
    'Әлиев Нұрлан',
    '+7 727 100 20 30',
  ],
];
// Settlements: office code, KATO, name kk, name ru.
const SETTLEMENTS = [['КӨЛ', '196230300', 'Шалқар', 'Шалкар']];
// Staff: office code, full name, position, login, roles.
const STAFF = [
  ['ТАУ', 'Сейітқызы Гүлнұр', 'кеңсе қызметкері', 'gulnur', 'clerk'],
  ['ТАУ', 'Сәрсенов Бақыт', 'әкім', 'bakyt', 'Басшы, Жауапты орындаушы'],
  ['КӨЛ', 'Омарова Әйгерім', 'маман', 'aigerim', 'Сотрудник канцелярии'],
  ['КӨЛ', 'Әлиев Нұрлан', 'әкім', 'nurlan', 'head, executor'],
];
// Kindergartens: number, name kk, name ru, address kk, address ru, group kk, group ru, min age, max age, places.
const KINDERGARTENS = [
  [
    '5',
    '«Еркетай» балабақшасы',
    'Детский сад «Еркетай»',
    'Тау ауылы, 7',
    'село Тау, 7',
    'Кіші топ',
    'Младшая группа',
    1,
    3,
    20,
  ],
  ['5', null, null, null, null, 'Ересек топ', 'Старшая группа', 4, 6, 25],
];

let srv: TestServer | undefined;
let storage: TestStorage;
let tmp = '';
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await srv?.stop();
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const count = async (table: string) =>
  Number((await srv!.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);

describe('a real district, from an empty server to enrolled laptops', () => {
  it(
    'CLI setup, import (refused whole, then written whole), codes, two desks, a disabled account, a drained revoke',
    async () => {
      // --- an empty server, set up through the CLI -------------------------------------------
      storage = await newStorage();
      cleanups.push(storage.cleanup);
      tmp = mkdtempSync(join(tmpdir(), 'akimat-real-district-'));
      cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
      writeFileSync(join(tmp, 'pw'), ADMIN_PASSWORD, { mode: 0o600 });
      const setup = await runCli('server/cli/setup.ts', setupArgs(SETUP, join(tmp, 'pw')), storage);
      expect(setup.code, setup.out).toBe(0);
      expect(setup.out).not.toContain(ADMIN_PASSWORD);

      // Started as a service starts it: no demo.
      srv = await startTestServer({ storage, demo: false });
      expect(srv.demo).toBeNull();
      expect(await count('offices')).toBe(1);
      const district = new DistrictClient(srv.url);
      await district.login(SETUP.admin.login, ADMIN_PASSWORD);

      // --- the import: a file with errors writes nothing ---------------------------------------
      const before = { offices: await count('offices'), staff: await count('staff'), ops: await count('ops') };
      const wrong = await importWorkbook(district, {
        offices: OFFICES,
        settlements: SETTLEMENTS,
        staff: [...STAFF, ['ЖОҚ', 'Белгісіз Адам', null, 'nobody', 'clerk']],
        kindergartens: [KINDERGARTENS[0], ['5', null, null, null, null, 'Ересек топ', 'Старшая группа', 6, 4, 25]],
      });
      const refused = await sendImport(district, 'apply', wrong);
      expect(refused.status).toBe(200);
      expect(refused.body.applied).toBe(false);
      expect(refused.body.errors.map((e) => [e.sheet, e.row, e.code])).toEqual([
        ['staff', 7, 'import.officeUnknown'],
        ['kindergartens', 4, 'import.ages'],
      ]);
      expect({ offices: await count('offices'), staff: await count('staff'), ops: await count('ops') }).toEqual(before);

      // --- the fixed file: previewed, then written whole ---------------------------------------
      const fixed = await importWorkbook(district, {
        offices: OFFICES,
        settlements: SETTLEMENTS,
        staff: STAFF,
        kindergartens: KINDERGARTENS,
      });
      const preview = await sendImport(district, 'preview', fixed);
      expect(preview.body).toMatchObject({ applied: false, errors: [], offices: { create: 2 }, staff: { create: 4 } });
      const applied = await sendImport(district, 'apply', fixed);
      expect(applied.body).toMatchObject({
        applied: true,
        errors: [],
        offices: { create: 2 },
        settlements: { create: 1 },
        staff: { create: 4 },
        kindergartens: { create: 1 },
      });
      const otp = (report: ImportReport, login: string) =>
        report.oneTimePasswords.find((p) => p.login === login)!.password;
      expect(await count('offices')).toBe(3);
      const officeId = async (code: string) =>
        String((await srv!.db.query('SELECT id FROM offices WHERE code = $1', [code])).rows[0].id);
      const [tau, kol] = [await officeId('ТАУ'), await officeId('КӨЛ')];

      // --- codes, two desks enrol; each clerk changes the one-time password --------------------
      const laptop = async (office: string, name: string, login: string): Promise<DeskDevice> => {
        const code = await district.enrolmentCode(office);
        const dev = await makeDevice({ baseUrl: srv!.url, code, name, password: otp(applied.body, login) });
        expect(dev.enrolment.officeId).toBe(office);
        const session = dev.desk.session()!;
        expect([session.staff.login, session.mustChangePassword]).toEqual([login, true]);
        await dev.desk.changePassword(otp(applied.body, login), `${login}-own-password`);
        return dev;
      };
      const a = await laptop(tau, 'Тау, 1-ноутбук', 'gulnur');
      const b = await laptop(kol, 'Көл, 1-ноутбук', 'aigerim');
      // The imported kindergarten reached both laptops with its groups.
      for (const d of [a, b])
        expect((await d.desk.kindergartens()).map((k) => [k.number, k.ageGroups.length])).toEqual([['5', 2]]);

      const appA = await register(a);
      const appB = await register(b);
      for (const d of [a, b]) expect((await d.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
      const onServer = async (id: string) =>
        (await srv!.db.query('SELECT office_id FROM applications WHERE id = $1', [id])).rows[0]?.office_id;
      expect([await onServer(appA.id), await onServer(appB.id)]).toEqual([tau, kol]);
      // Each laptop holds its own office's applications only.
      expect((await a.desk.context.db.applications.toArray()).map((x) => x.id)).toEqual([appA.id]);
      expect((await b.desk.context.db.applications.toArray()).map((x) => x.id)).toEqual([appB.id]);
      // The board lists both, each in its office.
      const board: DeviceBoardRow[] = (await district.get('/v1/district/devices')).body.devices;
      expect(
        board
          .filter((r) => [tau, kol].includes(r.officeId))
          .map((r) => r.officeId)
          .sort(),
      ).toEqual([tau, kol].sort());

      // --- an account disabled at the district is refused on its laptop after the next sync ----
      const aigerim = (await srv.db.query(`SELECT id FROM staff WHERE login = 'aigerim'`)).rows[0].id as string;
      expect((await district.post(`/v1/district/staff/${aigerim}/disable`, {})).status).toBe(200);
      b.desk.signOut();
      // Until the laptop hears of it, she still signs in (it may be offline for days)...
      expect((await b.desk.signIn('aigerim', 'aigerim-own-password')).staff.id).toBe(aigerim);
      b.desk.signOut();
      await b.sync();
      // ...and after its next sync she does not; the head of the office still does.
      await expect(b.desk.signIn('aigerim', 'aigerim-own-password')).rejects.toMatchObject({
        code: 'auth.badCredentials',
      });
      expect((await b.desk.signIn('nurlan', otp(applied.body, 'nurlan'))).mustChangePassword).toBe(true);

      // --- revoke "take what it has, then stop": the pending work arrives, then it is refused ---
      const later = [await register(a), await register(a)];
      const pending = (await a.engine.refreshCounts()).pending;
      expect(pending).toBeGreaterThan(0);
      const deviceA = await a.deviceId();
      expect((await district.post(`/v1/district/devices/${deviceA}/revoke`, { mode: 'drain' })).status).toBe(200);
      const run = await a.sync();
      expect(run.pushes.flatMap((p) => p.ops)).toHaveLength(pending);
      expect(run.state).toMatchObject({ status: 'error', pending: 0, error: { code: 'sync.revoked' } });
      for (const x of later) expect(await onServer(x.id)).toBe(tau);
      // Refused from now on, and nothing wiped on the laptop.
      expect((await a.client.get('/v1/leases')).body.error).toBe('auth.revoked');
      expect(await a.desk.context.db.applications.count()).toBe(3);
      // Laptop B goes on syncing.
      expect((await b.sync()).state.status).toBe('idle');

      // Every step in the audit log, by whom.
      const actions = new Set(
        (await srv.db.query<{ action: string }>('SELECT action FROM admin_audit')).rows.map((r) => r.action),
      );
      for (const x of ['district.setup', 'import.applied', 'enrolmentCode.issue', 'staff.disable', 'device.revoke'])
        expect(actions, x).toContain(x);
    },
    START_TIMEOUT_MS,
  );

  it(
    'a backup before an upgrade, from the shell: refused while the server holds a PGlite folder, then made and restore-checked',
    async () => {
      const dir = join(tmp, 'backups');
      if (storage.dataDir) {
        const busy = await runCli('server/cli/backup.ts', ['--dir', dir], storage);
        expect(busy.code, busy.out).toBe(1);
        expect(busy.out).toMatch(/Back up now/);
      }
      const applications = await count('applications');
      const staff = await count('staff');
      await srv!.stop();
      srv = undefined;
      const made = await runCli('server/cli/backup.ts', ['--dir', dir], storage);
      expect(made.code, made.out).toBe(0);
      expect(made.out).toMatch(/restore check: restored in [\d.]+ s, every table's count matches/);
      const manifest = readdirSync(dir).find((f) => f.endsWith('.manifest.json'))!;
      const counts = (JSON.parse(readFileSync(join(dir, manifest), 'utf8')) as { counts: Record<string, number> })
        .counts;
      expect([counts.applications, counts.staff]).toEqual([applications, staff]);
    },
    START_TIMEOUT_MS,
  );
});
