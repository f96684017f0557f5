/**
 * Putting a backup's database back, whichever way it came (a backup file on
 * a USB stick, or an automatic backup). A backup made by an older version of
 * the app holds its tables as that version left them; importing it straight
 * into today's tables would skip the schema upgrade (finding 4 of issue #11:
 * restored applications without the subject's blind IIN were invisible to
 * the duplicate check). So an older backup is first imported into a scratch
 * database at its own version, which is then opened with today's schema:
 * Dexie runs exactly the upgrade an update runs (new indexes, every upgrade
 * function) before the result is copied into the office database.
 */
import Dexie from 'dexie';
import { DeskDb } from '../db/schema';
import { DeskError } from './api';
import type { DeskContext } from './context';
import { OWN_RECORDS_HELD, lastDeviceSeq } from './outbox';
import type { Enrolment } from '../sync/engine';
import { HOME_COUNTS } from '../db/homeCounts';
import { rebuildHomeCounters } from './homeCounters';

export type DatabaseState = 'ready' | 'empty' | 'damaged' | 'newer';

/** IndexedDB's VersionError, or versionGuard.ts's refusal of a database newer than this code, as Dexie may wrap them. */
function isNewerDatabase(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const x = e as { name?: unknown; code?: unknown; inner?: unknown };
  return x.name === 'VersionError' || x.code === 'version.outdated' || isNewerDatabase(x.inner, depth + 1);
}

/**
 * What the office database looks like at start: set up, empty (a new laptop,
 * or a database the browser deleted), damaged (it does not open or read), or
 * newer than this app (an older version was installed over a newer one: never
 * offered for replacement, the newer app can still read it).
 */
export async function databaseState(ctx: DeskContext): Promise<DatabaseState> {
  try {
    return (await ctx.db.meta.get('officeId')) ? 'ready' : 'empty';
  } catch (e) {
    return isNewerDatabase(e) ? 'newer' : 'damaged';
  }
}

/** A restore goes only into an empty (or damaged) database: checked before anything is read or typed in vain. */
export async function assertRestorable(ctx: DeskContext): Promise<DatabaseState> {
  const state = await databaseState(ctx);
  if (state === 'ready') throw new DeskError('backup.notEmpty');
  if (state === 'newer') throw new DeskError('backup.tooNew');
  return state;
}

/**
 * A damaged database (it does not open or read) is deleted just before the
 * restore, once the backup has opened: what it holds cannot be read anyway,
 * and the restore would have nowhere to go.
 */
export async function replaceIfDamaged(ctx: DeskContext, state: DatabaseState): Promise<void> {
  if (state !== 'damaged') return;
  console.warn('restore: replacing an office database that does not open');
  await ctx.db.delete({ disableAutoOpen: false });
  await ctx.db.open();
}

/** The dexie-export-import JSON of a whole database, into the (empty) office database, upgraded on the way. */
export async function restoreExport(ctx: DeskContext, exported: Blob): Promise<void> {
  // Loaded on demand: a restore is rare and the module is large.
  const { exportDB, importDB, importInto, peakImportFile } = await import('dexie-export-import');
  let meta: Awaited<ReturnType<typeof peakImportFile>>;
  try {
    meta = await peakImportFile(exported);
  } catch {
    throw new DeskError('backup.notABackup');
  }
  const version = Number(meta.data?.databaseVersion);
  if (!Number.isFinite(version) || version <= 0) throw new DeskError('backup.notABackup');
  if (version > ctx.db.verno) throw new DeskError('backup.tooNew');
  let source = exported;
  if (version < ctx.db.verno) {
    const scratch = `${ctx.db.name}-restore`;
    await Dexie.delete(scratch);
    try {
      (await importDB(exported, { name: scratch })).close();
      // The office database's own class (its versions and upgrade functions), on the scratch copy.
      const upgraded = new (ctx.db.constructor as typeof DeskDb)(scratch);
      await upgraded.open();
      source = await exportDB(upgraded, { prettyJson: false });
      upgraded.close();
    } finally {
      await Dexie.delete(scratch).catch(() => undefined);
    }
  }
  // One transaction over every table (dexie-export-import's default): a restore that fails half-way leaves none of it.
  // The backup's own home counters are left out: the middleware counts the records as they are imported, in the
  // same transaction (db/homeCounts.ts), and adding the backup's rows on top would collide with those.
  await importInto(ctx.db, source, {
    clearTablesBeforeImport: true,
    acceptNameDiff: true,
    filter: (table) => table !== HOME_COUNTS,
  });
  // Then checked against a full count of what came back, as after any restore.
  await rebuildHomeCounters(ctx);
}

/** What every restore does afterwards: this laptop enrols again, and forgets failures and what it held. */
export async function afterRestore(ctx: DeskContext): Promise<void> {
  // The old credential stays with the old laptop (and should be revoked): this one enrols afresh,
  // keeping its device id so the district resumes its numbering and op sequence.
  const enr = (await ctx.db.meta.get('enrolment'))?.value as Enrolment | undefined;
  if (enr) {
    // seq: where the backup's op sequence ends. Ops made from here on are renumbered
    // at enrolment if the old laptop went on syncing after the backup (outbox.ts resumeSequence).
    await ctx.db.meta.put({
      key: 'reEnrol',
      value: {
        baseUrl: enr.baseUrl,
        deviceId: enr.deviceId,
        officeId: enr.officeId,
        restoredAt: ctx.now(),
        seq: await lastDeviceSeq(ctx),
      },
    });
    await ctx.db.meta.delete('enrolment');
  }
  await ctx.db.meta.delete('authFailures');
  // The backup may be older than work this laptop pushed since: the next pull brings it all back.
  await ctx.db.meta.delete(OWN_RECORDS_HELD);
}
