/**
 * The district's directory (issue #13) over HTTP against the real server:
 * offices with KATO codes and settlements, staff accounts with one-time
 * passwords, kindergartens with places; every change an op of the district
 * pseudo-device that a real desk of the office receives with its next pull;
 * saving what is already stored changes nothing (no op, no change number, no
 * audit entry); every change in the append-only audit log.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Kindergarten, Office, StaffAdmin } from '../../shared';
import { startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import type { DistrictClient } from '../support/client';
import type { DeskDevice } from '../helpers/desk-device';
import { saveOffice } from '../../server/admin/directory';

let srv: TestServer;
let district: DistrictClient;
let laptop: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  laptop = await srv.desk('karasu', 'karasu directory desk');
  await laptop.sync();
}, START_TIMEOUT_MS);

afterAll(async () => {
  await srv?.stop();
});

const q = async (sql: string, params: unknown[] = []) => (await srv.db.query(sql, params)).rows;
const districtOps = async () =>
  Number((await q(`SELECT count(*)::int AS n FROM ops WHERE device_id = 'district-server'`))[0].n);
const changeSeq = async () => Number((await q('SELECT seq FROM change_counter WHERE id = 1'))[0].seq);
const auditCount = async () => Number((await q('SELECT count(*)::int AS n FROM admin_audit'))[0].n);

const mobileCentre = {
  type: 'mobileCentre',
  code: 'МОБ2',
  kato: '194030100',
  name: { kk: 'Екінші жылжымалы орталық', ru: 'Второй мобильный центр' },
  address: { kk: 'Ұзынағаш ауылы, Жамбыл көшесі, 1', ru: 'село Узынагаш, улица Жамбыла, 1' },
  headName: 'Серікбаев Асқар',
  phone: '+7 727 700 00 01',
  settlements: [
    { kato: '194030200', name: { kk: 'Қарасу', ru: 'Карасу' } },
    { name: { kk: 'Үшқоңыр', ru: 'Ушконыр' } },
  ],
};

describe('offices', () => {
  it('creates, edits and closes an office; a desk pulls it; its code is unique; a closed office enrols no laptop', async () => {
    const created = await district.post('/v1/district/offices', mobileCentre);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.outcome).toBe('created');
    const office: Office = created.body.office;
    expect(office).toMatchObject({ code: 'МОБ2', kato: '194030100', type: 'mobileCentre' });
    expect(office.settlements).toHaveLength(2);
    expect(office.district.ru).toBeTruthy();

    const taken = await district.post('/v1/district/offices', { ...mobileCentre, name: { kk: 'Басқа', ru: 'Другой' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe('office.codeTaken');

    const renamed = await district.request('PUT', `/v1/district/offices/${office.id}`, {
      ...mobileCentre,
      name: { kk: 'Жылжымалы орталық №2', ru: 'Мобильный центр №2' },
      settlements: [...mobileCentre.settlements, { kato: '194030300', name: { kk: 'Аққайнар', ru: 'Аккайнар' } }],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.outcome).toBe('updated');
    expect(renamed.body.office.settlements).toHaveLength(3);

    // Every desk of the district holds every office (reference data): karasu's laptop pulls the new one.
    await laptop.sync();
    const pulled = (await laptop.desk.offices()).find((o) => o.id === office.id)!;
    expect(pulled.name.ru).toBe('Мобильный центр №2');
    expect(pulled.settlements?.map((s) => s.name.ru)).toEqual(['Карасу', 'Ушконыр', 'Аккайнар']);
    expect(pulled.kato).toBe('194030100');

    const code = await district.enrolmentCode(office.id);
    const closed = await district.post(`/v1/district/offices/${office.id}/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.office.closedAt).toBeTruthy();
    // A closed office gets no new code, and one issued before it closed does not enrol a laptop.
    const refused = await district.post('/v1/district/enrolment-codes', { officeId: office.id, validHours: 24 });
    expect([refused.status, refused.body.error]).toEqual([409, 'enrol.officeClosed']);
    const enrol = await district.post('/v1/enrol', { code, deviceName: 'late laptop' }, { token: null });
    expect(enrol.status).toBe(403);
    expect(enrol.body.error).toBe('enrol.officeClosed');
    await laptop.sync();
    expect((await laptop.desk.offices()).find((o) => o.id === office.id)!.closedAt).toBe(closed.body.office.closedAt);
  });

  it('keeps the district education office open and of its type', async () => {
    const id = srv.officeId('district');
    const close = await district.post(`/v1/district/offices/${id}/close`, {});
    expect(close.status).toBe(409);
    expect(close.body.error).toBe('office.districtEducation');
    const retype = await district.request('PUT', `/v1/district/offices/${srv.officeId('karasu')}`, {
      ...mobileCentre,
      code: 'ҚРС',
      type: 'districtEducation',
    });
    expect(retype.body.error).toBe('office.districtEducation');
  });

  it('saving the same office twice is unchanged: no op, no change number, no audit entry', async () => {
    const input = { ...mobileCentre, code: 'СЕЛ9', type: 'village' };
    const first = await district.post('/v1/district/offices', input);
    expect(first.body.outcome).toBe('created');
    const [ops, seq, audits] = [await districtOps(), await changeSeq(), await auditCount()];
    const again = await district.request('PUT', `/v1/district/offices/${first.body.id}`, input);
    expect(again.body.outcome).toBe('unchanged');
    // As the import calls it (server/admin/import): same outcome, inside a transaction.
    const direct = await srv.db.transaction((tx) =>
      saveOffice(
        tx,
        { now: () => new Date().toISOString() },
        { staffId: null },
        { ...input, type: 'village' },
        first.body.id,
      ),
    );
    expect(direct).toEqual({ id: first.body.id, outcome: 'unchanged' });
    expect([await districtOps(), await changeSeq(), await auditCount()]).toEqual([ops, seq, audits]);
  });
});

describe('staff', () => {
  it('creates an account with a one-time password, resets it and disables it; the office desk pulls each change', async () => {
    const officeId = srv.officeId('karasu');
    const created = await district.post('/v1/district/staff', {
      officeId,
      fullName: 'Жаңа Маман Қызметкер',
      position: 'маман',
      login: 'new.clerk',
      roles: ['clerk'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const staff: StaffAdmin = created.body.staff;
    const otp: string = created.body.oneTimePassword;
    // The console's powers belong to the district education department's accounts only.
    const misfit = await district.post('/v1/district/staff', {
      officeId,
      fullName: 'Ауылдағы Әкімші',
      login: 'village.admin',
      roles: ['clerk', 'admin'],
    });
    expect([misfit.status, misfit.body.error]).toEqual([409, 'staff.roleOffice']);
    const promoted = await district.request('PUT', `/v1/district/staff/${staff.id}`, {
      officeId,
      fullName: staff.fullName,
      login: staff.login,
      roles: ['specialist'],
    });
    expect([promoted.status, promoted.body.error]).toEqual([409, 'staff.roleOffice']);
    expect(otp).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(staff).toMatchObject({ login: 'new.clerk', active: true, mustChangePassword: true, lastSignInAt: null });
    expect(JSON.stringify(created.body.staff)).not.toContain('salt');

    const dup = await district.post('/v1/district/staff', {
      officeId,
      fullName: 'X',
      login: 'new.clerk',
      roles: ['clerk'],
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toBe('staff.loginTaken');

    // The hash never enters the ops trail.
    const [op] = await q(`SELECT fields FROM ops WHERE entity = 'staff' AND entity_id = $1 AND kind = 'create'`, [
      staff.id,
    ]);
    expect(JSON.stringify(op.fields)).not.toContain('salt');

    await laptop.sync();
    const onDesk = (await laptop.desk.staff()).find((s) => s.id === staff.id)!;
    expect(onDesk).toMatchObject({ login: 'new.clerk', mustChangePassword: true, active: true });

    const edited = await district.request('PUT', `/v1/district/staff/${staff.id}`, {
      officeId,
      fullName: 'Жаңа Маман Қызметкер',
      login: 'new.clerk',
      roles: ['clerk', 'executor'],
    });
    expect(edited.body.roles).toEqual(['clerk', 'executor']);
    expect(edited.body.position).toBeUndefined();

    const reset = await district.post(`/v1/district/staff/${staff.id}/reset-password`, {});
    expect(reset.status).toBe(200);
    expect(reset.body.oneTimePassword).not.toBe(otp);

    const disabled = await district.post(`/v1/district/staff/${staff.id}/disable`, {});
    expect(disabled.body.active).toBe(false);
    await laptop.sync();
    expect((await laptop.desk.staff()).find((s) => s.id === staff.id)).toMatchObject({
      active: false,
      roles: ['clerk', 'executor'],
    });

    const list: StaffAdmin[] = (await district.get(`/v1/district/staff?officeId=${officeId}`)).body;
    expect(list.every((s) => s.officeId === officeId)).toBe(true);
    expect(list.find((s) => s.id === staff.id)!.active).toBe(false);
    // Office staff's last sign-in: the newest op they signed that reached the server.
    const [newest] = await q(`SELECT max(received_at) AS at FROM ops WHERE staff_id = $1 AND source <> 'district'`, [
      staff.id,
    ]);
    expect(list.find((s) => s.id === staff.id)!.lastSignInAt).toBe(newest.at);
  });
});

describe('kindergartens', () => {
  it('creates and edits a kindergarten; places become free places; a desk pulls it', async () => {
    const input = {
      number: '77',
      name: { kk: '«Балапан» балабақшасы', ru: 'Детский сад «Балапан»' },
      address: { kk: 'Қарасу ауылы, Абай көшесі, 3', ru: 'село Карасу, улица Абая, 3' },
      ageGroups: [
        { id: 'g-77-1', name: { kk: 'Кіші топ', ru: 'Младшая группа' }, minAge: 2, maxAge: 3, places: 5 },
        { id: 'g-77-2', name: { kk: 'Ересек топ', ru: 'Старшая группа' }, minAge: 4, maxAge: 6, places: 2 },
      ],
      active: true,
    };
    const created = await district.post('/v1/district/kindergartens', input);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const kg: Kindergarten = created.body.kindergarten;
    expect(kg.ageGroups.map((g) => g.freePlaces)).toEqual([5, 2]);
    expect((await district.post('/v1/district/kindergartens', input)).body.error).toBe('kindergarten.numberTaken');

    const same = await district.request('PUT', `/v1/district/kindergartens/${kg.id}`, input);
    expect(same.body.outcome).toBe('unchanged');
    const more = { ...input, ageGroups: [{ ...input.ageGroups[0], places: 8 }, input.ageGroups[1]] };
    const edited = await district.request('PUT', `/v1/district/kindergartens/${kg.id}`, more);
    expect(edited.body.outcome).toBe('updated');
    expect(edited.body.kindergarten.ageGroups[0].freePlaces).toBe(8);

    await laptop.sync();
    const onDesk = (await laptop.desk.kindergartens()).find((k) => k.id === kg.id)!;
    expect(onDesk.ageGroups.map((g) => g.freePlaces)).toEqual([8, 2]);
  });
});

describe('audit', () => {
  it('lists every change with before and after, without secrets, and the table refuses UPDATE and DELETE', async () => {
    const all: AuditEntry[] = (await district.get('/v1/district/audit')).body.entries;
    const actions = new Set(all.map((e) => e.action));
    for (const a of [
      'office.create',
      'office.update',
      'office.close',
      'staff.create',
      'staff.update',
      'staff.resetPassword',
      'staff.disable',
      'kindergarten.create',
      'kindergarten.update',
    ])
      expect(actions, a).toContain(a);
    expect(JSON.stringify(all)).not.toMatch(/salt|oneTimePassword/);
    const staffCreate = all.find((e) => e.action === 'staff.create')!;
    expect(staffCreate.actorName).toBeTruthy();
    expect((staffCreate.after as Record<string, unknown>).login).toBe('new.clerk');
    const rename = all.find((e) => e.action === 'office.update')!;
    expect((rename.before as { name: { ru: string } }).name.ru).toBe('Второй мобильный центр');
    expect((rename.after as { name: { ru: string } }).name.ru).toBe('Мобильный центр №2');

    const filtered: AuditEntry[] = (await district.get('/v1/district/audit?action=staff.')).body.entries;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((e) => e.action.startsWith('staff.'))).toBe(true);
    const byTarget: AuditEntry[] = (
      await district.get(`/v1/district/audit?target=${encodeURIComponent(rename.target!)}`)
    ).body.entries;
    expect(byTarget.every((e) => e.target === rename.target)).toBe(true);
    const page: AuditEntry[] = (await district.get(`/v1/district/audit?before=${all[0].id}`)).body.entries;
    expect(page.every((e) => e.id < all[0].id)).toBe(true);

    await expect(q(`UPDATE admin_audit SET action = 'x' WHERE id = $1`, [all[0].id])).rejects.toThrow(/append-only/);
    await expect(q(`DELETE FROM admin_audit WHERE id = $1`, [all[0].id])).rejects.toThrow(/append-only/);
  });
});

describe('staff changes on the office desk', () => {
  it('a one-time password is changed at the first sign-in and the own password survives later pulls; a reset replaces it; a disabled account is refused', async () => {
    const officeId = srv.officeId('karasu');
    const { desk } = laptop;
    const created = await district.post('/v1/district/staff', {
      officeId,
      fullName: 'Столдағы Жаңа Қызметкер',
      login: 'desk.clerk',
      roles: ['clerk'],
    });
    const otp: string = created.body.oneTimePassword;
    const id: string = created.body.staff.id;
    await laptop.sync();

    desk.signOut();
    const first = await desk.signIn('desk.clerk', otp);
    expect(first.mustChangePassword).toBe(true);
    // Nothing else until the person chooses a password of their own.
    await expect(desk.queue()).rejects.toMatchObject({ code: 'auth.mustChangePassword' });
    await expect(desk.changePassword(otp, 'short')).rejects.toMatchObject({
      fields: [{ field: 'next', code: 'password.tooShort' }],
    });
    await expect(desk.changePassword('wrong', 'my-own-password')).rejects.toMatchObject({
      fields: [{ field: 'current', code: 'password.currentWrong' }],
    });
    const changed = await desk.changePassword(otp, 'my-own-password');
    expect(changed.mustChangePassword).toBeUndefined();
    expect(Array.isArray(await desk.queue())).toBe(true);
    // The district learns that it was changed (the console stops saying "must change"), never the hash;
    // and the person's new key pair, sealed under the new password (issue #16 item 12).
    const reported = await laptop.sync();
    const report = reported.pushes.flatMap((p) => p.ops).find((o) => o.entity === 'staff' && o.entityId === id)!;
    expect(report.fields).toEqual({
      passwordChangedAt: expect.any(String),
      keys: expect.objectContaining({ publicKey: expect.any(String), wrappedPrivate: expect.any(String) }),
    });
    expect(reported.result(report)?.status).toBe('applied');
    const listed = async () => (await district.get(`/v1/district/staff?officeId=${officeId}`)).body as StaffAdmin[];
    expect((await listed()).find((s) => s.id === id)!.mustChangePassword).toBe(false);

    // The district edits the account: the pulled record still carries the district's one-time hash.
    const edit = await district.request('PUT', `/v1/district/staff/${id}`, {
      officeId,
      fullName: 'Столдағы Жаңа Қызметкер',
      login: 'desk.clerk',
      roles: ['clerk', 'executor'],
    });
    expect(edit.status).toBe(200);
    await laptop.sync();
    expect((await desk.staff()).find((s) => s.id === id)!.roles).toEqual(['clerk', 'executor']);
    desk.signOut();
    await expect(desk.signIn('desk.clerk', otp)).rejects.toMatchObject({ code: 'auth.badCredentials' });
    expect((await desk.signIn('desk.clerk', 'my-own-password')).mustChangePassword).toBeUndefined();

    // The district resets the password again: its new one-time password takes over.
    const reset = await district.post(`/v1/district/staff/${id}/reset-password`, {});
    await laptop.sync();
    desk.signOut();
    await expect(desk.signIn('desk.clerk', 'my-own-password')).rejects.toMatchObject({ code: 'auth.badCredentials' });
    expect((await desk.signIn('desk.clerk', reset.body.oneTimePassword)).mustChangePassword).toBe(true);
    expect((await listed()).find((s) => s.id === id)!.mustChangePassword).toBe(true);
    await desk.changePassword(reset.body.oneTimePassword, 'my-second-password');

    // Disabled at the district: refused on the laptop after its next sync.
    await district.post(`/v1/district/staff/${id}/disable`, {});
    desk.signOut();
    expect((await desk.signIn('desk.clerk', 'my-second-password')).staff.id).toBe(id);
    desk.signOut();
    await laptop.sync();
    await expect(desk.signIn('desk.clerk', 'my-second-password')).rejects.toMatchObject({
      code: 'auth.badCredentials',
    });
    await laptop.as('clerk');
  });
});

describe('two administrators saving the same thing at once', () => {
  // On PostgreSQL the two requests run in transactions side by side: both would pass the
  // "is it taken?" check and the second insert would hit the unique index (a 500 before the
  // directory lock). One of each pair is created, the other is the same 409 a later save gets.
  const both = async (path: string, body: object) => {
    const answers = await Promise.all([district.post(path, body), district.post(path, body)]);
    return answers.map((a) => [a.status, a.body.error ?? a.body.outcome] as const).sort();
  };

  it('one office, one account and one kindergarten are created; the other save is refused with 409', async () => {
    expect(await both('/v1/district/offices', { ...mobileCentre, code: 'ҚОС1' })).toEqual([
      [200, 'created'],
      [409, 'office.codeTaken'],
    ]);
    expect(await q(`SELECT id FROM offices WHERE code = 'ҚОС1'`)).toHaveLength(1);

    const officeId = srv.officeId('karasu');
    const account = { officeId, fullName: 'Екі Рет Жазылған', login: 'twice.saved', roles: ['clerk'] };
    expect(await both('/v1/district/staff', account)).toEqual([
      [200, 'created'],
      [409, 'staff.loginTaken'],
    ]);
    expect(await q(`SELECT id FROM staff WHERE login = 'twice.saved'`)).toHaveLength(1);

    const kindergarten = {
      number: '78',
      name: { kk: '«Айгөлек» балабақшасы', ru: 'Детский сад «Айголек»' },
      address: { kk: 'Қарасу ауылы', ru: 'село Карасу' },
      ageGroups: [{ id: 'g-78-1', name: { kk: 'Кіші топ', ru: 'Младшая группа' }, minAge: 2, maxAge: 3, places: 4 }],
      active: true,
    };
    expect(await both('/v1/district/kindergartens', kindergarten)).toEqual([
      [200, 'created'],
      [409, 'kindergarten.numberTaken'],
    ]);
    expect(await q(`SELECT id FROM kindergartens WHERE number = '78'`)).toHaveLength(1);
  });
});
