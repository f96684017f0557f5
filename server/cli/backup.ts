/**
 * A backup now, from the shell (before an upgrade, or from cron on a server
 * without the schedule):
 *
 *   npx tsx server/cli/backup.ts [--dir FOLDER] [--keep N]
 *
 * Into BACKUP_DIR (or --dir), keeping BACKUP_KEEP (14) or --keep, then
 * restore-checked, as the server's schedule does. Uses DATA_DIR or
 * DATABASE_URL. A PGlite folder is one process's: while the server runs on it
 * this refuses, and the console's "Back up now" (POST /v1/district/backups)
 * does it instead. Runs no migration: a backup before an upgrade must hold the
 * database as the old server left it.
 *
 * Exit codes: 0 made and restore-checked; 1 failed or the check disagreed; 2 wrong input.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../db';
import { lockDataDir } from '../db/lock';
import { applyRetention, makeBackup } from '../backup/backup';
import { RESTORE_CHECK_KEY, restoreCheck } from '../backup/restoreCheck';
import { backupConfig } from '../backup/schedule';

export async function runBackup(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ok: boolean; text: string }> {
  const { values } = parseArgs({ args: argv, options: { dir: { type: 'string' }, keep: { type: 'string' } } });
  const cfg = backupConfig({ dir: values.dir ?? undefined, keep: values.keep ? Number(values.keep) : undefined }, env);
  if (!cfg.dir) throw new Error('no backup folder: set BACKUP_DIR or pass --dir');
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = resolve(env.DATA_DIR ?? './.data/server');
  let unlock = () => {};
  if (!databaseUrl) {
    try {
      unlock = lockDataDir(dataDir);
    } catch (e) {
      throw new Error(
        `${(e as Error).message}. The server is running on this folder: use "Back up now" in the district console (or stop the server first).`,
        { cause: e },
      );
    }
  }
  try {
    const db = await openDb({ databaseUrl, dataDir });
    try {
      const { rows } = await db.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS ok`);
      if (!rows[0].ok) throw new Error(`no district database in ${databaseUrl ? 'DATABASE_URL' : dataDir}`);
      const now = () => new Date().toISOString();
      const backup = await makeBackup(db, { dir: cfg.dir, databaseUrl, serverVersion: 'cli' }, now());
      const removed = applyRetention(cfg.dir, cfg.keep);
      const check = await restoreCheck(cfg.dir, backup, { databaseUrl, now });
      await db.query(
        `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [RESTORE_CHECK_KEY, JSON.stringify(check)],
      );
      const rowsTotal = Object.values(backup.counts).reduce((a, b) => a + b, 0);
      return {
        ok: check.ok,
        text: [
          `backup ${resolve(cfg.dir, backup.file)}: ${backup.bytes} bytes, ${rowsTotal} rows, SHA-256 ${backup.sha256}`,
          removed.length ? `removed ${removed.length} older backup(s) (keeping ${cfg.keep})` : '',
          check.ok
            ? `restore check: restored in ${check.seconds} s, every table's count matches`
            : `restore check FAILED: ${check.problem}`,
        ]
          .filter(Boolean)
          .join('\n'),
      };
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const r = await runBackup(process.argv.slice(2));
    (r.ok ? console.log : console.error)(r.text);
    process.exit(r.ok ? 0 : 1);
  } catch (e) {
    console.error(`backup failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof TypeError ? 2 : 1);
  }
}
