/**
 * Restores a backup made by server/backup into DATA_DIR (PGlite) or
 * DATABASE_URL (PostgreSQL), with the server stopped:
 *
 *   npx tsx server/cli/restore.ts --from /var/backups/akimat/akimat-district-20260105T020000Z.tar.gz [--force]
 *
 * The file is checked against its manifest (SHA-256) when the manifest is
 * beside it. A target that already holds a district is refused unless
 * --force: then a PGlite folder is moved aside (kept, named in the output),
 * and a PostgreSQL database's tables are dropped before pg_restore. The
 * migrations then run (an older backup is brought up to date; a backup newer
 * than this server is refused) and an audit entry records the restore.
 *
 * Exit codes: 0 restored; 1 failed; 2 wrong input; 3 the target is not empty (no --force).
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { openDb } from '../db';
import { migrate } from '../db/migrate';
import { lockDataDir } from '../db/lock';
import { MANIFEST_SUFFIX, countTables, pgEnv, runPgTool, sha256File, type BackupManifest } from '../backup/backup';
import { audit } from '../admin/audit';

class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function runRestore(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let values: { from?: string; force?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { from: { type: 'string' }, force: { type: 'boolean' } } }));
  } catch (e) {
    throw new Exit(2, (e as Error).message);
  }
  if (!values.from) throw new Exit(2, 'usage: npx tsx server/cli/restore.ts --from BACKUP_FILE [--force]');
  const file = resolve(values.from);
  if (!existsSync(file)) throw new Exit(2, `no such file: ${file}`);
  const manifestPath = `${file}${MANIFEST_SUFFIX}`;
  const manifest: BackupManifest | null = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest)
    : null;
  if (manifest && (await sha256File(file)) !== manifest.sha256)
    throw new Exit(1, `${basename(file)} does not match its manifest (SHA-256): the file is damaged`);
  const kind = manifest?.kind ?? (file.endsWith('.dump') ? 'pg_dump' : 'pglite');
  const databaseUrl = env.DATABASE_URL || undefined;
  const started = performance.now();
  const lines: string[] = [];
  if (kind === 'pglite') {
    if (databaseUrl)
      throw new Exit(2, 'this is a PGlite backup: restore it into DATA_DIR (unset DATABASE_URL), not into PostgreSQL');
    const dataDir = resolve(env.DATA_DIR ?? './.data/server');
    let unlock: () => void;
    try {
      unlock = lockDataDir(dataDir);
    } catch (e) {
      throw new Exit(1, `${(e as Error).message}: stop the server before restoring`);
    }
    try {
      if (existsSync(`${dataDir}/PG_VERSION`)) {
        if (!values.force) throw new Exit(3, `${dataDir} already holds a database: pass --force to replace it`);
        // Kept, not deleted: a restore of the wrong file must be undoable.
        const aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
        unlock();
        renameSync(dataDir, aside);
        unlock = lockDataDir(dataDir);
        lines.push(`the database that was there is kept in ${aside}`);
      } else if (readdirSync(dataDir).some((f) => f !== 'server.pid')) {
        if (!values.force) throw new Exit(3, `${dataDir} is not empty: pass --force to restore into it`);
      }
      const pgl = await PGlite.create({ dataDir, loadDataDir: new Blob([await readFile(file)]) });
      await pgl.close();
      // The backup carries the pid file of the server it was taken from: this process holds the folder now.
      rmSync(`${dataDir}/server.pid`, { force: true });
      unlock = lockDataDir(dataDir);
      lines.push(await afterRestore(await openDb({ dataDir }), file, manifest));
    } finally {
      unlock();
    }
  } else {
    if (!databaseUrl) throw new Exit(2, 'this is a pg_dump backup: set DATABASE_URL to the database to restore into');
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      if (rows[0].n > 0) {
        if (!values.force) throw new Exit(3, 'the database already has tables: pass --force to replace them');
        await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
        lines.push('the tables that were there were dropped');
      }
    } finally {
      await c.end();
    }
    const env = pgEnv(databaseUrl);
    // -d always: without it pg_restore prints the SQL instead of restoring.
    await runPgTool('pg_restore', ['--no-owner', '--exit-on-error', '-d', env.PGDATABASE || 'postgres', file], env);
    lines.push(await afterRestore(await openDb({ databaseUrl, dataDir: '' }), file, manifest));
  }
  lines.push(`restored in ${Math.round((performance.now() - started) / 100) / 10} s; start the server`);
  return lines.join('\n');
}

/** Migrations, the counts against the manifest, and the audit entry. */
async function afterRestore(db: Awaited<ReturnType<typeof openDb>>, file: string, manifest: BackupManifest | null) {
  try {
    const counts = await countTables(db);
    const diffs = manifest ? Object.keys(manifest.counts).filter((t) => manifest.counts[t] !== counts[t]) : [];
    if (diffs.length) throw new Exit(1, `the restored database does not match the manifest: ${diffs.join(', ')}`);
    const { applied } = await migrate(db);
    await db.transaction((tx) =>
      audit(
        tx,
        { staffId: null, name: 'cli' },
        {
          action: 'backup.restore',
          target: basename(file),
          after: { takenAt: manifest?.at ?? null, sha256: manifest?.sha256 ?? null, migrationsApplied: applied },
        },
      ),
    );
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    return `restored ${basename(file)}${manifest ? ` (taken ${manifest.at})` : ''}: ${rows} rows${manifest ? ', every table as counted at backup time' : ''}${applied.length ? `; migrations applied: ${applied.join(', ')}` : ''}`;
  } finally {
    await db.close();
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    console.log(await runRestore(process.argv.slice(2)));
    process.exit(0);
  } catch (e) {
    console.error(`restore failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof Exit ? e.code : 1);
  }
}
