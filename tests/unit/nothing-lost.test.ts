// Issue #11 ("Nothing lost on the laptop"), the data layer's part, over a real Dexie on
// fake-indexeddb: several desks on one database name are several windows of one profile.
// The browser proofs are tests/e2e/{key-race,version-guard,drafts}.spec.ts.
import '../helpers/browser-globals';
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { preschoolIntake } from '../helpers/testOffice';
import { DeskDb } from '../../renderer/db/schema';
import type { DeskApi, SetupInput } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { fromLocal } from '../../shared';

type Desk = DeskApi & { context: DeskContext };
let dbn = 0;
const clock = fromLocal('2026-03-20', '10:00');
const open = (name: string): Desk => createDesk({ db: new DeskDb(name), now: () => clock });

const SETUP: SetupInput = {
  lang: 'kk',
  office: {
    type: 'village',
    code: 'ТЕСТ',
    name: { kk: 'Ақсу ауылы әкімінің аппараты', ru: 'Аппарат акима села Аксу' },
    district: { kk: 'Ақсу ауданы', ru: 'Аксуский район' },
    address: { kk: 'Ақсу, Абай к. 1', ru: 'Аксу, ул. Абая 1' },
    headName: 'Өтегенов Ғ.',
  },
  staff: [
    { fullName: 'Кеңсе Әйгерім', login: 'clerk', password: 'secret123', roles: ['clerk'] },
    { fullName: 'Кеңсе Мәдина', login: 'clerk2', password: 'secret456', roles: ['clerk'] },
    { fullName: 'Басшы Ғалым', login: 'head', password: 'secret123', roles: ['head'] },
    { fullName: 'Орындаушы Құралай', login: 'exec', password: 'secret123', roles: ['executor'] },
  ],
  kindergartens: [
    {
      number: '7',
      name: { kk: '«Балапан»', ru: '«Балапан»' },
      address: { kk: 'Ақсу', ru: 'Аксу' },
      active: true,
      ageGroups: [{ id: 'g3', name: { kk: '3 жас', ru: '3 года' }, minAge: 2, maxAge: 4, freePlaces: 1 }],
    },
  ],
};

const input = (desk: Desk, serial: number) => preschoolIntake(desk, serial, { child: 'Сейітқалиева' });

/**
 * A database as enrolment leaves it: the office and its staff (with their
 * password hashes), nothing sealed and no data key yet. Made here by setting
 * an office up and taking its key ring and outbox away again.
 */
async function enrolledWithoutKey(): Promise<string> {
  const name = `nl${++dbn}`;
  const d = open(name);
  await d.setup(SETUP);
  await d.context.db.meta.delete('keyring');
  await d.context.db.outbox.clear();
  d.context.db.close();
  return name;
}

describe('one data key per database (finding 3)', () => {
  it('two windows signing in at once after enrolment make one key: each reads what the other sealed', async () => {
    const name = await enrolledWithoutKey();
    const a = open(name);
    const b = open(name);
    await Promise.all([a.signIn('clerk', 'secret123'), b.signIn('clerk', 'secret123')]);
    const fromA = await a.register(await input(a, 100));
    const fromB = await b.register(await input(b, 200));

    const ring = (await a.context.db.meta.get('keyring'))?.value as Record<string, unknown>;
    expect(Object.keys(ring)).toHaveLength(1);
    // A third window, as after a reload: the one copy in the key ring opens both records.
    const c = open(name);
    await c.signIn('clerk', 'secret123');
    expect((await c.get(fromA.id))?.child?.lastName).toBe('Сейітқалиева');
    expect((await c.get(fromB.id))?.child?.lastName).toBe('Сейітқалиева');
    expect((await a.get(fromB.id))?.id).toBe(fromB.id);
    expect((await b.get(fromA.id))?.id).toBe(fromA.id);
  });

  it('two colleagues in two windows at once: one makes the key, the other is told to wait for it, never a second key', async () => {
    const name = await enrolledWithoutKey();
    const a = open(name);
    const b = open(name);
    const results = await Promise.allSettled([a.signIn('clerk', 'secret123'), b.signIn('clerk2', 'secret456')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'vault.noKey' });
    const ring = (await a.context.db.meta.get('keyring'))?.value as Record<string, unknown>;
    expect(Object.keys(ring)).toHaveLength(1);
  });

  it('first-run set-up in two windows at once makes one office and one key', async () => {
    const name = `nl${++dbn}`;
    const a = open(name);
    const b = open(name);
    const results = await Promise.allSettled([a.setup(SETUP), b.setup(SETUP)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'setup.already',
    });
    expect(await a.context.db.offices.count()).toBe(1);
    const c = open(name);
    await c.signIn('clerk', 'secret123');
    const app = await c.register(await input(c, 300));
    const d = open(name);
    await d.signIn('clerk2', 'secret456');
    expect((await d.get(app.id))?.id).toBe(app.id);
  });
});

describe('a window older than the database stops writing (finding 4)', () => {
  /** What a newer version of the app does to the database: opens it at a higher version and adds a store. */
  const upgrade = (name: string, version: number) =>
    new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, version);
      req.onupgradeneeded = () => req.result.createObjectStore('addedByANewerVersion');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the old window kept the database open'));
    });

  it('lets go of the database when a newer version opens it, says so, and refuses every call with version.outdated', async () => {
    const name = `nl${++dbn}`;
    const desk = open(name);
    await desk.setup(SETUP);
    await desk.signIn('clerk', 'secret123');
    const application = await input(desk, 400);
    let told = 0;
    desk.onOutdated(() => told++);
    const native = desk.context.db.backendDB().version;
    await upgrade(name, native + 10);
    expect(told).toBe(1);
    await expect(desk.register(application)).rejects.toMatchObject({ code: 'version.outdated' });
    await expect(desk.isSetUp()).rejects.toMatchObject({ code: 'version.outdated' });
    await expect(desk.saveDraft({ serviceCode: 'preschool-queue', form: {}, startedAt: clock })).rejects.toMatchObject({
      code: 'version.outdated',
    });
    // A listener that comes later is told at once.
    let late = 0;
    desk.onOutdated(() => late++);
    expect(late).toBe(1);
  });

  it('code older than the database refuses to open it, and leaves it as it is', async () => {
    const name = `nl${++dbn}`;
    const first = open(name);
    await first.setup(SETUP);
    const native = first.context.db.backendDB().version;
    first.context.db.close();
    await upgrade(name, native + 10);

    const old = open(name);
    let told = 0;
    old.onOutdated(() => told++);
    await expect(old.isSetUp()).rejects.toMatchObject({ code: 'version.outdated' });
    await expect(old.signIn('clerk', 'secret123')).rejects.toMatchObject({ code: 'version.outdated' });
    expect(told).toBe(1);
    const version = await new Promise<number>((resolve) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        resolve(req.result.version);
        req.result.close();
      };
    });
    expect(version).toBe(native + 10);
  });
});

describe('drafts of applications (finding 6)', () => {
  const FORM = {
    applicant: { iin: '920921450123', lastName: 'Жақсыбекова' },
    child: { lastName: 'Жақсыбекова', firstName: 'Аружан' },
  };

  it('keeps a half-typed application sealed, for the same person only, until it is discarded or registered', async () => {
    const name = `nl${++dbn}`;
    const desk = open(name);
    await desk.setup(SETUP);
    await desk.signIn('clerk', 'secret123');
    expect(await desk.draft()).toBeNull();
    const saved = await desk.saveDraft({ serviceCode: 'preschool-queue', form: FORM, startedAt: clock });
    expect(saved.savedAt).toBe(clock);
    expect(await desk.draft()).toEqual({
      serviceCode: 'preschool-queue',
      form: FORM,
      startedAt: clock,
      savedAt: clock,
    });

    // Sealed: nothing typed is in the stored row.
    const rows = await desk.context.db.meta.toArray();
    const stored = JSON.stringify(rows.filter((r) => r.key.startsWith('draft:')));
    expect(stored).toContain('draft:');
    for (const s of ['920921450123', 'Жақсыбекова', 'Аружан', 'preschool-queue']) expect(stored).not.toContain(s);

    // Survives the idle lock and a reload (a new desk on the same database).
    desk.lock();
    await expect(desk.draft()).rejects.toMatchObject({ code: 'auth.locked' });
    await desk.unlock('secret123');
    expect((await desk.draft())?.form).toEqual(FORM);
    const reloaded = open(name);
    await reloaded.signIn('clerk', 'secret123');
    expect((await reloaded.draft())?.form).toEqual(FORM);

    // A colleague does not get it, not even by copying the row under their own key.
    await desk.signIn('clerk2', 'secret456');
    expect(await desk.draft()).toBeNull();
    const clerkId = (await desk.staff()).find((s) => s.login === 'clerk')!.id;
    const clerk2Id = desk.session()!.staff.id;
    const row = await desk.context.db.meta.get(`draft:${clerkId}`);
    await desk.context.db.meta.put({ key: `draft:${clerk2Id}`, value: row!.value });
    expect(await desk.draft()).toBeNull();
    await desk.discardDraft();

    // Discarded: gone.
    await desk.signIn('clerk', 'secret123');
    await desk.discardDraft();
    expect(await desk.draft()).toBeNull();

    // Registered: gone; a refusal to accept ends it too.
    await desk.saveDraft({ serviceCode: 'preschool-queue', form: FORM, startedAt: clock });
    await desk.register(await input(desk, 500));
    expect(await desk.draft()).toBeNull();
    await desk.saveDraft({ serviceCode: 'preschool-queue', form: FORM, startedAt: clock });
    const i = await input(desk, 600);
    await desk.refuseToAccept({ ...i, documents: ['application'] }, [
      'applicantId',
      'birthCertificate',
      'addressCertificate',
    ]);
    expect(await desk.draft()).toBeNull();
  });

  it('a save in progress is what a following read sees', async () => {
    const desk = open(`nl${++dbn}`);
    await desk.setup(SETUP);
    await desk.signIn('clerk', 'secret123');
    // Leaving the screen saves without waiting; coming straight back reads.
    void desk.saveDraft({ serviceCode: 'preschool-queue', form: { step: 1 }, startedAt: clock });
    void desk.saveDraft({ serviceCode: 'preschool-queue', form: { step: 2 }, startedAt: clock });
    expect((await desk.draft())?.form).toEqual({ step: 2 });
  });
});
