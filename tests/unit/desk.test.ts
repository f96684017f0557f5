// Data layer over a real Dexie on fake-indexeddb (IndexedDB does not exist in Node).
import '../helpers/browser-globals';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { iinBorn, testOfficeDesk } from '../helpers/testOffice';
import { DeskError, type DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { fromLocal, type IntakeInput } from '../../shared';

let clock = fromLocal('2026-03-20', '10:00');
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

const childIin = iinBorn;

async function freshOffice() {
  desk = await testOfficeDesk(`t${++dbn}`, () => clock);
}

async function input(over: Partial<IntakeInput> = {}, serial = 100): Promise<IntakeInput> {
  const kgs = await desk.kindergartens();
  return {
    serviceCode: 'preschool-queue',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: childIin('1990-05-04', 300 + serial, 'female'),
      lastName: 'Әбілқасымова',
      firstName: 'Ұлжан',
      phone: '+7 701 123 45 67',
      address: 'Ақсу, Абай к. 5',
    },
    child: { iin: childIin('2023-02-11', serial), lastName: 'Әбілқасымова', firstName: 'Әлия' },
    priority: null,
    kindergartenIds: [kgs[0].id],
    workplaces: { mother: 'мектеп' },
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
    ...over,
  };
}

describe('desk data layer', () => {
  beforeEach(async () => {
    clock = fromLocal('2026-03-20', '10:00');
    await freshOffice();
  });

  it('signs staff in with their password only', async () => {
    await expect(desk.signIn('clerk', 'wrong-pass')).rejects.toMatchObject({ code: 'auth.badCredentials' });
    await expect(desk.signIn('nobody', 'secret123')).rejects.toMatchObject({ code: 'auth.badCredentials' });
    const s = await desk.signIn('CLERK', 'secret123');
    expect(s.staff.roles).toEqual(['clerk']);
  });

  it('registers with a journal number, due date over Nauryz, and one outbox op', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(await input());
    expect(app.journalNo).toBe('ТЕСТ-2026-0001');
    expect(app.child!.birthDate).toBe('2023-02-11');
    expect(app.child!.sex).toBe('female');
    // Fri 20 Mar 10:00 + 3 working days: 23-25 Mar are days off (Nauryz 2026), so Thu 26, Fri 27, Mon 30.
    expect(app.dueAt).toBe(fromLocal('2026-03-30', '10:00'));
    const ops = await desk.context.db.outbox.toArray();
    expect(ops.filter((o) => o.entity === 'application').map((o) => o.kind)).toEqual(['create']);
    const second = await desk.register(await input({}, 200));
    expect(second.journalSeq).toBe(2);
  });

  it('refuses invalid input with field errors and saves nothing', async () => {
    await desk.signIn('clerk', 'secret123');
    const before = await desk.context.db.outbox.count();
    const bad = await input();
    bad.child!.iin = bad.child!.iin.slice(0, 11) + ((Number(bad.child!.iin[11]) + 1) % 10);
    bad.applicant.firstName = ' ';
    const err = await desk.register(bad).catch((e) => e);
    expect(err).toBeInstanceOf(DeskError);
    expect(err.fields.map((f: { code: string }) => f.code).sort()).toEqual(['iin.checksum', 'required']);
    expect(await desk.context.db.applications.count()).toBe(0);
    expect(await desk.context.db.outbox.count()).toBe(before);
  });

  it('takes a child over the age limit in: the decision can only be the reasoned refusal (issue #15, R-01)', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(
      await input({ child: { iin: childIin('2019-01-10', 5), lastName: 'А', firstName: 'Б' } }),
    );
    expect(app).toMatchObject({ status: 'registered', journalNo: 'ТЕСТ-2026-0001' });
    await desk.signIn('head', 'secret123');
    await desk.resolve(app.id, (await desk.staff()).find((s) => s.login === 'exec')!.id);
    await desk.signIn('exec', 'secret123');
    await expect(desk.decide(app.id, { kind: 'notification' })).rejects.toMatchObject({
      fields: [{ code: 'refusal.dueOverAge', params: { limit: 6 } }],
    });
    const refused = await desk.decide(app.id, { kind: 'refusal', groundCode: 'ageLimit', reason: 'Бала 7 жаста' });
    expect(refused.queueState).toBe('refused');
  });

  it('records a refusal to accept listing exactly the missing documents', async () => {
    await desk.signIn('clerk', 'secret123');
    const i = await input({ priority: 'largeFamily', documents: ['application', 'applicantId', 'addressCertificate'] });
    await expect(desk.register(i)).rejects.toMatchObject({ code: 'documents.missing' });
    const r = await desk.refuseToAccept(i, ['birthCertificate', 'priorityProof']);
    expect(r.missingDocuments).toEqual(['birthCertificate', 'priorityProof']);
    expect((await desk.stats()).refusalsToAccept).toBe(1);
    expect(await desk.context.db.applications.count()).toBe(0);
  });

  it('shows an open application for the same child before a second one', async () => {
    await desk.signIn('clerk', 'secret123');
    const first = await desk.register(await input());
    await expect(desk.register(await input())).rejects.toMatchObject({
      code: 'duplicate.open',
      params: { journalNo: first.journalNo },
    });
    expect((await desk.openApplicationsForSubject(first.child!.iin, 'preschool-queue')).map((a) => a.id)).toEqual([
      first.id,
    ]);
    const again = await desk.register(await input(), { acknowledgeDuplicate: true });
    expect(again.journalSeq).toBe(2);
  });

  it('walks the workflow with the right roles only, and expires an unused referral', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(await input(), { startedAt: fromLocal('2026-03-20', '09:57') });
    expect(app.steps[0].late).toBe(false);
    await expect(desk.sign(app.id)).rejects.toMatchObject({ code: 'workflow.wrongState' });
    await expect(desk.resolve(app.id, 'x')).rejects.toMatchObject({ code: 'workflow.wrongRole' });
    await desk.signIn('head', 'secret123');
    const exec = (await desk.staff()).find((s) => s.login === 'exec')!;
    clock = fromLocal('2026-03-20', '10:09');
    const r = await desk.resolve(app.id, exec.id);
    expect(r.steps[1]).toMatchObject({ step: 'resolution', late: true });
    await expect(desk.decide(app.id, { kind: 'notification' })).rejects.toMatchObject({ code: 'workflow.wrongRole' });
    await desk.signIn('exec', 'secret123');
    const kg = (await desk.kindergartens())[0];
    const d = await desk.decide(app.id, { kind: 'referral', kindergartenId: kg.id, ageGroupId: 'g3' });
    expect(d.decision).toMatchObject({ kind: 'referral', referralNo: 'ТЕСТ-Ж-2026-0001' });
    expect((await desk.kindergartens())[0].ageGroups[0].freePlaces).toBe(0);
    await desk.signIn('head', 'secret123');
    await desk.sign(app.id);
    await desk.signIn('clerk', 'secret123');
    const issued = await desk.issue(app.id);
    // Five days end on 25 Mar 2026, a Nauryz day moved off the weekend: the referral lasts to the 26th (K-01).
    expect(issued.decision).toMatchObject({ issuedOn: '2026-03-20', validUntil: '2026-03-26' });
    expect(issued.queueState).toBe('referred');
    clock = fromLocal('2026-03-26', '17:00');
    expect(await desk.expireReferrals()).toBe(0);
    clock = fromLocal('2026-03-27', '09:00');
    expect(await desk.expireReferrals()).toBe(1);
    const back = (await desk.get(app.id))!;
    expect(back.queueState).toBe('waiting');
    expect(back.expiredReferrals).toHaveLength(1);
    expect((await desk.kindergartens())[0].ageGroups[0].freePlaces).toBe(1);
    expect(await desk.queuePosition(app.id)).toBe(1);
  });

  it('finds by IIN, by Kazakh name prefix (look-alikes folded), and by journal number; pages by keyset', async () => {
    await desk.signIn('clerk', 'secret123');
    const apps = [];
    for (let i = 0; i < 7; i++) {
      clock = fromLocal('2026-03-20', `1${i}:00`.slice(0, 5));
      apps.push(
        await desk.register(
          await input(
            {
              child: {
                iin: childIin('2023-02-11', 500 + i * 3),
                lastName: i === 3 ? 'Өмірзақова' : 'Сейітова',
                firstName: 'Іңкәр',
              },
            },
            500 + i * 3,
          ),
        ),
      );
    }
    expect((await desk.list({ text: apps[2].child!.iin })).items.map((a) => a.id)).toEqual([apps[2].id]);
    expect((await desk.list({ text: 'өмір' })).items.map((a) => a.id)).toEqual([apps[3].id]);
    // Latin ə and i typed on a Russian layout still find Kazakh letters.
    expect((await desk.list({ text: 'ӨМІРЗАҚ' })).items).toHaveLength(1);
    expect((await desk.list({ text: 'Iңкəр Өмір' })).items.map((a) => a.id)).toEqual([apps[3].id]);
    expect((await desk.list({ text: apps[4].journalNo })).items.map((a) => a.id)).toEqual([apps[4].id]);
    expect((await desk.list({ text: '5' })).items.map((a) => a.journalSeq)).toEqual([5]);
    const p1 = await desk.list({ limit: 3 });
    const p2 = await desk.list({ limit: 3, cursor: p1.next });
    const p3 = await desk.list({ limit: 3, cursor: p2.next });
    expect([...p1.items, ...p2.items, ...p3.items].map((a) => a.journalSeq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(p3.next).toBeUndefined();
  });

  it('a database emptied under a signed-in clerk (the browser dropped it after a full disk) is reported as lost, not as "set up first"', async () => {
    await desk.signIn('clerk', 'secret123');
    const form = await input();
    // What Chromium leaves after a fatal write error: the origin's storage deleted, the database opened again empty.
    await desk.context.db.meta.clear();
    await desk.context.db.offices.clear();
    await expect(desk.register(form)).rejects.toMatchObject({ code: 'storage.lost' });
  });

  it('writes a record and its op atomically: a failing op leaves neither', async () => {
    await desk.signIn('clerk', 'secret123');
    const db = desk.context.db;
    const orig = db.outbox.add.bind(db.outbox);
    db.outbox.add = (() => Promise.reject(new Error('disk full'))) as unknown as typeof db.outbox.add;
    await expect(desk.register(await input())).rejects.toThrow('disk full');
    db.outbox.add = orig;
    expect(await db.applications.count()).toBe(0);
    const ok = await desk.register(await input());
    // The failed attempt did not burn a journal number or a device sequence number.
    expect(ok.journalSeq).toBe(1);
    const seqs = (await db.outbox.toArray()).map((o) => o.deviceSeq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('builds a demo office that signs in and has work at every step', async () => {
    const demo = createDesk({ db: new DeskDb(`demo${++dbn}`), now: () => fromLocal('2026-11-20', '11:00') });
    const logins = await demo.setupDemo('kk');
    expect(logins.map((l) => l.login)).toContain('head');
    await demo.signIn('head', logins[0].password);
    const page = await demo.list({ limit: 100 });
    expect(page.items.length).toBe(40);
    expect((await demo.pendingFor('head')).length).toBeGreaterThan(0);
    expect((await demo.queue()).length).toBeGreaterThan(0);
    expect(page.items.some((a) => a.queueState === 'enrolled')).toBe(true);
    expect(page.items.some((a) => a.expiredReferrals.length > 0)).toBe(true);
    expect(page.items.some((a) => a.decision?.kind === 'refusal')).toBe(true);
  }, 180_000);

  it('keeps no IIN or name in plaintext anywhere in IndexedDB, and still finds the child', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(
      await input({ child: { iin: childIin('2023-02-11', 900), lastName: 'Құрманғазықызы', firstName: 'Ләйлә' } }, 900),
    );
    const db = desk.context.db;
    const dump = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
    for (const secret of [
      app.child!.iin,
      app.applicant.iin,
      'Құрманғазы',
      'Ләйлә',
      'Әбілқасымова',
      app.applicant.phone,
      app.child!.birthDate,
    ]) {
      expect(dump.includes(secret), secret).toBe(false);
    }
    expect((await desk.list({ text: app.child!.iin })).items.map((a) => a.id)).toEqual([app.id]);
    expect((await desk.list({ text: 'құрманғ' })).items.map((a) => a.id)).toEqual([app.id]);
    // A second person with the copied database file but without a password sees nothing.
    const thief = createDesk({ db: new DeskDb(db.name), now: () => clock });
    await expect(thief.list({ text: app.child!.iin })).rejects.toMatchObject({ code: 'auth.required' });
    await expect(thief.context.vault.open((await db.applications.get(app.id))!.sealed, app.id)).rejects.toThrow(
      'vault.locked',
    );
  });

  it('locks the screen, unlocks with the password or a PIN, and slows down repeated failures', async () => {
    await desk.signIn('clerk', 'secret123');
    await desk.setPin('482913');
    const app = await desk.register(await input());
    desk.lock();
    await expect(desk.get(app.id)).rejects.toMatchObject({ code: 'auth.locked' });
    expect(desk.context.vault.unlocked).toBe(false);
    expect(desk.lockedSession()?.staff.login).toBe('clerk');
    await desk.unlock('482913');
    expect((await desk.get(app.id))?.journalNo).toBe(app.journalNo);
    desk.lock();
    for (let i = 0; i < 3; i++)
      await expect(desk.unlock('000000')).rejects.toMatchObject({ code: 'auth.badCredentials' });
    await expect(desk.unlock('000000')).rejects.toMatchObject({ code: 'auth.badCredentials' });
    // The fifth try comes too soon: refused without even checking, with the wait in seconds.
    await expect(desk.unlock('secret123')).rejects.toMatchObject({ code: 'auth.tooManyAttempts' });
    await desk.context.db.meta.delete('authFailures');
    await desk.unlock('secret123');
    expect(desk.session()?.staff.login).toBe('clerk');
  });

  it('logs who opened, printed, exported and changed a record', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(await input());
    await desk.open(app.id);
    await desk.open(app.id); // within ten minutes: one entry
    await desk.logPrint(app.id, 'receipt', 'kk', 'print');
    await desk.logPrint(app.id, 'receipt', 'ru', 'save');
    const log = await desk.accessLog(app.id);
    expect(log.map((e) => `${e.action}:${e.detail ?? ''}`)).toEqual([
      'change:accept',
      'open:',
      'print:receipt:kk',
      'export:receipt:ru',
    ]);
    expect(log.every((e) => e.byName === 'Кеңсе Әйгерім')).toBe(true);
    const ops = await desk.context.db.outbox.where('entity').equals('access').count();
    expect(ops).toBe(4);
  });

  it('backs up the whole database encrypted and restores it on a new laptop', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(await input());
    await expect(desk.exportBackup('backup-pass-1')).rejects.toMatchObject({ code: 'workflow.wrongRole' });
    await desk.signIn('head', 'secret123');
    await expect(desk.exportBackup('short')).rejects.toMatchObject({ code: 'validation' });
    const { blob, name } = await desk.exportBackup('backup-pass-1');
    expect(name).toMatch(/\.akimatbackup$/);
    const bytes = new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(await blob.arrayBuffer()));
    expect(bytes.includes(app.child!.iin)).toBe(false);
    expect(bytes.includes('Әбілқасымова')).toBe(false);
    const fresh = createDesk({ db: new DeskDb(`restore${++dbn}`), now: () => clock });
    await expect(fresh.restoreBackup(blob, 'wrong-password')).rejects.toMatchObject({ code: 'backup.badPassword' });
    expect(await fresh.isSetUp()).toBe(false);
    const h = await fresh.restoreBackup(blob, 'backup-pass-1');
    expect(h.officeName).toContain('Ақсу');
    await fresh.signIn('head', 'secret123');
    const back = await fresh.list({ text: app.child!.iin });
    expect(back.items.map((a) => a.journalNo)).toEqual([app.journalNo]);
    // A restored office database refuses a second restore over it.
    await expect(fresh.restoreBackup(blob, 'backup-pass-1')).rejects.toMatchObject({ code: 'backup.notEmpty' });
  });
});
