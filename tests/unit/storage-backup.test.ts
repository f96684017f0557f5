// Issue #11, "Nothing lost on the laptop", the data layer's part: writes refused while the disk is
// full (nothing half-written), quota errors translated, automatic encrypted backups made, rotated and
// restored with any staff password, a backup of an older schema upgraded on restore, and the backup
// before an upgrade. Real Dexie on fake-indexeddb; the browser proofs are tests/e2e/storage-full.spec.ts
// and tests/e2e/restore-upgrade.spec.ts.
import '../helpers/browser-globals';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb, type DeskDbHooks } from '../../renderer/db/schema';
import { DeskError } from '../../renderer/services/api';
import type { BackupFiles } from '../../renderer/platform/backupFiles';
import {
  isStorageFullError,
  levelOf,
  mapStorageError,
  mapStorageFailure,
  StorageWatch,
  DISK_FULL_BELOW,
  DISK_LOW_BELOW,
} from '../../renderer/services/storage';
import {
  backupBeforeUpgrade,
  backupName,
  openAutoBackup,
  parseBackupName,
  toRemove,
  type AutoBackupInfo,
} from '../../renderer/services/autoBackup';
import { restoreExport } from '../../renderer/services/restore';
import { preschoolIntake } from '../helpers/testOffice';
import { fromLocal } from '../../shared';

const clock = fromLocal('2026-03-20', '10:00');
let dbn = 0;
const GB = 1024 ** 3;

/** The backups folder, in memory (the desktop one is tested in electron-backups.test.ts). */
function memoryFiles(): BackupFiles & { map: Map<string, Uint8Array> } {
  const map = new Map<string, Uint8Array>();
  return {
    kind: 'folder',
    map,
    list: async () => [...map].map(([name, b]) => ({ name, size: b.length })),
    read: async (name) => map.get(name) ?? null,
    write: async (name, bytes) => void map.set(name, bytes),
    remove: async (name) => void map.delete(name),
  };
}

function office(opts: { free?: () => number; files?: ReturnType<typeof memoryFiles>; db?: DeskDb } = {}) {
  const files = opts.files ?? memoryFiles();
  const desk = createDesk({
    db: opts.db ?? new DeskDb(`nl${++dbn}`),
    now: () => clock,
    backupFiles: files,
    storage: opts.free ? { diskSpace: async () => ({ freeBytes: opts.free!(), totalBytes: 100 * GB }) } : undefined,
  });
  return { desk, files };
}

async function setUp(desk: ReturnType<typeof office>['desk']) {
  await desk.setup({
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
      { fullName: 'Басшы Ғалым', login: 'head', password: 'secret456', roles: ['head', 'executor'] },
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
  });
}

const intake = (desk: ReturnType<typeof office>['desk'], serial: number) => preschoolIntake(desk, serial);

async function counts(db: DeskDb) {
  return {
    apps: await db.applications.count(),
    outbox: await db.outbox.count(),
    counters: JSON.stringify(await db.counters.toArray()),
  };
}

describe('a full disk', () => {
  it("classifies the browser's quota errors, as thrown and as Dexie wraps them", () => {
    const quota = new DOMException('no space', 'QuotaExceededError');
    expect(isStorageFullError(quota)).toBe(true);
    expect(isStorageFullError(new Dexie.AbortError('aborted', quota))).toBe(true);
    expect(
      isStorageFullError(Object.assign(new Error('bulk'), { name: 'BulkError', failures: [new Error('x'), quota] })),
    ).toBe(true);
    expect(isStorageFullError(Object.assign(new Error('bulk'), { name: 'BulkError', failures: { 3: quota } }))).toBe(
      true,
    );
    // Chromium 150 on a full disk: the transaction's error.
    const io = new DOMException(
      'Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)',
      'UnknownError',
    );
    expect(isStorageFullError(io)).toBe(true);
    expect(isStorageFullError(new Dexie.AbortError('aborted', io))).toBe(true);
    expect(isStorageFullError(new DOMException('Internal error', 'UnknownError'))).toBe(false);
    expect(isStorageFullError(new DOMException('x', 'ConstraintError'))).toBe(false);
    expect(isStorageFullError(new DeskError('validation'))).toBe(false);
    const mapped = mapStorageError(new Dexie.AbortError('aborted', quota));
    expect(mapped).toBeInstanceOf(DeskError);
    expect((mapped as DeskError).code).toBe('storage.full');
  });

  it("a bare AbortError is a full disk when its transaction says so a moment later (Chromium's order), and only then", async () => {
    const watch = new StorageWatch();
    const abort = new Dexie.AbortError();
    const later = mapStorageFailure(abort, watch);
    setTimeout(() => watch.markFull(), 20);
    expect(await later).toMatchObject({ code: 'storage.full' });
    const other = new StorageWatch();
    expect(await mapStorageFailure(abort, other, 50)).toBe(abort);
    expect(await mapStorageFailure(new DeskError('validation'), other)).toMatchObject({ code: 'validation' });
    // Once the browser closed the database over a full disk, what its dead connection answers says so.
    other.markFull(true);
    expect(await mapStorageFailure(new DOMException('Unknown error', 'UnknownError'), other)).toMatchObject({
      code: 'storage.lost',
    });
    expect(other.status).toMatchObject({ level: 'full', lost: true });
  });

  it('sets its levels by the disk (desktop) and by the quota (web)', () => {
    expect(levelOf('disk', 10 * GB, 100 * GB)).toBe('ok');
    expect(levelOf('disk', DISK_LOW_BELOW - 1, 100 * GB)).toBe('low');
    expect(levelOf('disk', DISK_FULL_BELOW - 1, 100 * GB)).toBe('full');
    expect(levelOf('quota', 900e6, 1e9)).toBe('ok');
    expect(levelOf('quota', 150e6, 1e9)).toBe('low');
    expect(levelOf('quota', 5e9, 60e9)).toBe('low');
    expect(levelOf('quota', 1e6, 1e9)).toBe('full');
    expect(levelOf('unknown', undefined, undefined)).toBe('ok');
  });

  it('refuses a registration before IndexedDB sees it, leaves no number or op behind, and works again once space is freed', async () => {
    let free = 10 * GB;
    const { desk } = office({ free: () => free });
    await setUp(desk);
    await desk.signIn('clerk', 'secret123');
    const saved = await desk.register(await intake(desk, 1));
    expect((await desk.storageStatus()).level).toBe('ok');

    const heard: string[] = [];
    desk.onStorageChange((s) => heard.push(s.level));
    free = DISK_LOW_BELOW - 1;
    expect((await desk.storageStatus()).level).toBe('low');
    free = 1024 * 1024;
    const before = await counts(desk.context.db);
    await expect(desk.register(await intake(desk, 2))).rejects.toMatchObject({ code: 'storage.full' });
    expect(await counts(desk.context.db)).toEqual(before);
    expect(heard).toEqual(['low', 'full']);
    // Reads go on: what was saved is there and opens.
    expect((await desk.get(saved.id))?.journalNo).toBe(saved.journalNo);
    expect((await desk.list({ text: saved.child!.iin })).items.map((a) => a.id)).toEqual([saved.id]);

    free = 10 * GB;
    const next = await desk.register(await intake(desk, 2));
    expect(next.journalSeq).toBe(saved.journalSeq + 1);
  });

  it('translates a quota error from IndexedDB itself (the disk filled between the check and the write) and aborts the whole transaction', async () => {
    let fail = false;
    const db = new DeskDb(`nl${++dbn}`);
    // Below the desk's own guard (lower level: nearer IndexedDB), the way the browser fails a write.
    db.use({
      stack: 'dbcore',
      name: 'disk-fills',
      level: 1,
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          return {
            ...t,
            mutate: (req) =>
              fail && name === 'applications'
                ? Promise.reject(new DOMException('The disk is full', 'QuotaExceededError'))
                : t.mutate(req),
          };
        },
      }),
    });
    const { desk } = office({ db });
    await setUp(desk);
    await desk.signIn('clerk', 'secret123');
    await desk.register(await intake(desk, 1));
    fail = true;
    const before = await counts(desk.context.db);
    await expect(desk.register(await intake(desk, 2))).rejects.toMatchObject({ code: 'storage.full' });
    // The number was taken and the op queued in the same transaction before the application failed: both rolled back.
    expect(await counts(desk.context.db)).toEqual(before);
  });
});

describe('automatic backups', () => {
  it('names, lists and rotates: the newest of each of 7 days, and 3 before upgrades', () => {
    const at = (d: string, t: string) => `2026-03-${d}T${t}.000Z`;
    const n = backupName('daily', at('20', '05:06:07'));
    expect(n).toBe('akimat-auto-daily-20260320t050607000z.akimatbackup');
    expect(parseBackupName(n)).toMatchObject({ kind: 'daily', createdAt: at('20', '05:06:07') });
    expect(parseBackupName(backupName('upgrade', at('20', '05:06:07'), 5))).toMatchObject({
      kind: 'upgrade',
      fromVersion: 5,
    });
    expect(parseBackupName('../../evil.akimatbackup')).toBeNull();
    const list: AutoBackupInfo[] = [];
    for (let d = 1; d <= 10; d++)
      for (const t of ['04:00:00', '12:00:00'])
        list.push(parseBackupName(backupName('daily', at(String(d).padStart(2, '0'), t)))!);
    for (let d = 1; d <= 5; d++)
      list.push(parseBackupName(backupName('upgrade', at(String(d).padStart(2, '0'), '03:00:00'), 4))!);
    const gone = new Set(toRemove(list));
    const kept = list.filter((b) => !gone.has(b.name));
    expect(
      kept
        .filter((b) => b.kind === 'daily')
        .map((b) => b.createdAt.slice(8, 19))
        .sort(),
    ).toEqual([
      '04T12:00:00',
      '05T12:00:00',
      '06T12:00:00',
      '07T12:00:00',
      '08T12:00:00',
      '09T12:00:00',
      '10T12:00:00',
    ]);
    expect(kept.filter((b) => b.kind === 'upgrade').map((b) => b.createdAt.slice(8, 10))).toEqual(
      ['03', '04', '05'].reverse().sort(),
    );
  });

  it('makes one at set-up and again at sign-out after changes; it holds no plaintext and opens with any staff password', async () => {
    const { desk, files } = office();
    await setUp(desk);
    await desk.backupsIdle();
    expect((await desk.autoBackups()).map((b) => b.kind)).toEqual(['daily']);
    await desk.signIn('clerk', 'secret123');
    await desk.backupsIdle();
    // The first sign-in of the day finds today's backup made already.
    expect(files.map.size).toBe(1);
    const app = await desk.register(await intake(desk, 5));
    desk.signOut();
    await desk.backupsIdle();
    // Today's again, with the new application; the older one of the day rotated out.
    const [latest] = await desk.autoBackups();
    expect(files.map.size).toBe(1);
    const bytes = files.map.get(latest.name)!;
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    for (const secret of [app.child!.iin, app.applicant.iin, 'Сұлтанова', 'Кеңсе Әйгерім', 'ТЕСТ'])
      expect(text.includes(secret), secret).toBe(false);

    await expect(openAutoBackup(bytes, 'not-a-password')).rejects.toMatchObject({ code: 'backup.autoBadPassword' });
    const tampered = bytes.slice();
    tampered[tampered.length - 10] ^= 1;
    await expect(openAutoBackup(tampered, 'secret123')).rejects.toMatchObject({ code: 'backup.autoBadPassword' });
    // The head's password opens it as well as the clerk's.
    const { header, exported } = await openAutoBackup(bytes, 'secret456');
    expect(header.officeName).toContain('Ақсу');
    expect(await exported.text()).toContain(app.journalNo);

    // A laptop whose database the browser deleted: the same backups folder, an empty database.
    const fresh = office({ files });
    expect(await fresh.desk.databaseState()).toBe('empty');
    await expect(fresh.desk.restoreAutoBackup(latest.name, 'wrong-password')).rejects.toMatchObject({
      code: 'backup.autoBadPassword',
    });
    expect(await fresh.desk.isSetUp()).toBe(false);
    const r = await fresh.desk.restoreAutoBackup(latest.name, 'secret123');
    expect(r.createdAt).toBe(latest.createdAt);
    await fresh.desk.signIn('clerk', 'secret123');
    expect((await fresh.desk.list({ text: app.child!.iin })).items.map((a) => a.journalNo)).toEqual([app.journalNo]);
    await expect(fresh.desk.restoreAutoBackup(latest.name, 'secret123')).rejects.toMatchObject({
      code: 'backup.notEmpty',
    });
  });

  it('a database that does not open is offered for replacement, and the backup replaces it', async () => {
    const name = `nl${++dbn}`;
    const files = memoryFiles();
    const { desk } = office({ db: new DeskDb(name), files });
    await setUp(desk);
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(await intake(desk, 11));
    desk.signOut();
    await desk.backupsIdle();
    desk.context.db.close();

    // The same database, now failing to read (a disk error): every open fails until it is replaced.
    const db = new DeskDb(name);
    let damaged = true;
    db.on(
      'ready',
      () => {
        if (damaged) throw new Error('the files do not read');
      },
      true,
    );
    const broken = office({ db, files });
    expect(await broken.desk.databaseState()).toBe('damaged');
    const [latest] = await broken.desk.autoBackups();
    await expect(broken.desk.restoreAutoBackup(latest.name, 'wrong-password')).rejects.toMatchObject({
      code: 'backup.autoBadPassword',
    });
    // A wrong password leaves the damaged database as it was.
    expect(await broken.desk.databaseState()).toBe('damaged');
    damaged = false;
    await broken.desk.restoreAutoBackup(latest.name, 'secret456');
    expect(await broken.desk.databaseState()).toBe('ready');
    await broken.desk.signIn('clerk', 'secret123');
    expect((await broken.desk.get(app.id))?.journalNo).toBe(app.journalNo);
  });

  it('before a schema upgrade, backs up the database as the older version left it', async () => {
    const name = `nl${++dbn}`;
    const files = memoryFiles();
    const { desk } = office({ db: new DeskDb(name), files });
    await setUp(desk);
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(await intake(desk, 7));
    await desk.backupsIdle();
    desk.context.db.close();
    files.map.clear();

    // The next release: one more schema version. Opening it runs the hook first, then the upgrade.
    const seen: number[] = [];
    class NextDeskDb extends DeskDb {
      constructor(n: string, hooks: DeskDbHooks) {
        super(n, hooks);
        this.version(this.verno + 1).stores({ meta: 'key' });
      }
    }
    const next = new NextDeskDb(name, {
      beforeUpgrade: async (v) => {
        seen.push(v);
        return backupBeforeUpgrade(name, files, v, clock);
      },
    });
    expect(await next.applications.count()).toBe(1);
    expect(seen).toEqual([next.verno - 1]);
    const [b] = [...files.map.keys()].map((n) => parseBackupName(n)!);
    expect(b).toMatchObject({ kind: 'upgrade', fromVersion: next.verno - 1 });
    const { header, exported } = await openAutoBackup(files.map.get(b.name)!, 'secret123');
    expect(header.dbVersion).toBe(next.verno - 1);
    expect(await exported.text()).toContain(app.journalNo);
    next.close();
  });
});

describe('restore runs the schema upgrade', () => {
  it('a backup of the previous version (no subject blind IIN) comes back upgraded: the duplicate check finds the child', async () => {
    const { desk } = office();
    await setUp(desk);
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(await intake(desk, 9));
    const { exportDB } = await import('dexie-export-import');
    // The previous version's export: database version 4, applications without subjectIin or its indexes.
    const json = JSON.parse(await (await exportDB(desk.context.db)).text());
    json.data.databaseVersion = 4;
    const apps = json.data.tables.find((t: { name: string }) => t.name === 'applications');
    apps.schema = apps.schema.replace(',subjectIin,[serviceCode+subjectIin]', '');
    expect(apps.schema).not.toContain('subjectIin');
    for (const t of json.data.data) if (t.tableName === 'applications') for (const r of t.rows) delete r.subjectIin;
    const old = new Blob([JSON.stringify(json)]);

    const fresh = office();
    await restoreExport(fresh.desk.context, old);
    const row = await fresh.desk.context.db.applications.get(app.id);
    expect(row?.subjectIin).toBe(row?.childIin);
    await fresh.desk.signIn('clerk', 'secret123');
    expect((await fresh.desk.openApplicationsForSubject(app.child!.iin, 'preschool-queue')).map((a) => a.id)).toEqual([
      app.id,
    ]);
    await expect(fresh.desk.register(await intake(fresh.desk, 9))).rejects.toMatchObject({ code: 'duplicate.open' });

    // A backup from a newer version than this app is refused, not half-imported.
    json.data.databaseVersion = fresh.desk.context.db.verno + 1;
    const other = office();
    await expect(restoreExport(other.desk.context, new Blob([JSON.stringify(json)]))).rejects.toMatchObject({
      code: 'backup.tooNew',
    });
  });
});
