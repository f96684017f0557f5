/**
 * One backup of the district database into a folder: PGlite as a gzipped
 * tarball of its data folder (`Db.snapshot`), PostgreSQL with `pg_dump -Fc`.
 * Each file is written under a temporary name and renamed when complete, with
 * a manifest beside it (time, kind, size, SHA-256 and the row count of every
 * table as the backup holds it), so a crash mid-backup leaves no file that
 * looks like a backup. The newest `keep` are kept.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, Queryable } from '../db';

export type BackupKind = 'pglite' | 'pg_dump';

export type BackupManifest = {
  /** The backup file's name in the backup folder. */
  file: string;
  at: string;
  kind: BackupKind;
  bytes: number;
  sha256: string;
  /** Rows of every table at the moment the backup was taken. */
  counts: Record<string, number>;
  /** The schema's migrations: a restore onto an older server is refused by it (server/db/migrate.ts). */
  migrations: string[];
  serverVersion: string;
};

export const MANIFEST_SUFFIX = '.manifest.json';

/** Every table of the schema with its row count, exact (a backup is checked by them). */
export async function countTables(q: Queryable): Promise<Record<string, number>> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  if (!rows.length) return {};
  // One statement: the counts are of one moment even outside a transaction.
  const sql = rows
    .map((r, i) => `SELECT $${i + 1}::text AS name, count(*)::int AS n FROM "${r.name}"`)
    .join(' UNION ALL ');
  const counted = await q.query<{ name: string; n: number }>(
    sql,
    rows.map((r) => r.name),
  );
  return Object.fromEntries(counted.rows.map((r) => [r.name, Number(r.n)]));
}

/**
 * libpq's environment for a DATABASE_URL: the password travels in PGPASSWORD,
 * never in argv, where `ps` shows it to every user of the machine.
 */
export function pgEnv(databaseUrl: string, database?: string): NodeJS.ProcessEnv {
  const u = new URL(databaseUrl);
  // The server's own PG* settings must not leak in: the URL says everything.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname).replace(/^\[|\]$/g, '');
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGDATABASE = database ?? decodeURIComponent(u.pathname.replace(/^\//, ''));
  // A socket folder given as ?host=/run/postgresql, and the TLS mode, as libpq names them.
  const host = u.searchParams.get('host');
  if (host) env.PGHOST = host;
  const ssl = u.searchParams.get('sslmode');
  if (ssl) env.PGSSLMODE = ssl;
  return env;
}

/** Runs a PostgreSQL client program; rejects with its last lines of stderr (no secrets: the password is in the env). */
export function runPgTool(tool: 'pg_dump' | 'pg_restore' | 'psql', args: string[], env: NodeJS.ProcessEnv) {
  const bin = process.env[tool.toUpperCase()] || tool;
  return new Promise<void>((resolve, reject) => {
    const p = spawn(bin, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString()).slice(-4000);
    });
    p.on('error', (e) =>
      reject(new Error(`${tool} could not be started (${e.message}): install the PostgreSQL client`)),
    );
    p.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${tool} failed (${code ?? signal}): ${err.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** 20260105T020000123Z: sortable, and two backups in one second keep apart. */
const stamp = (iso: string) => iso.replace(/[-:.]/g, '');

export type BackupTarget = {
  dir: string;
  /** PostgreSQL: the URL pg_dump connects with. */
  databaseUrl?: string;
  serverVersion: string;
};

/** Makes one backup now; returns its manifest. */
export async function makeBackup(db: Db, target: BackupTarget, now: string): Promise<BackupManifest> {
  // Owner only: a backup holds every child's record, and a PGlite one the server key and TLS key too.
  mkdirSync(target.dir, { recursive: true, mode: 0o700 });
  const kind: BackupKind = db.kind === 'pglite' ? 'pglite' : 'pg_dump';
  const file = `akimat-district-${stamp(now)}${kind === 'pglite' ? '.tar.gz' : '.dump'}`;
  const path = join(target.dir, file);
  const tmp = `${path}.${process.pid}.tmp`;
  let counts: Record<string, number>;
  let migrations: string[];
  const readState = async (q: Queryable) => {
    const m = await q.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    return { counts: await countTables(q), migrations: m.rows.map((r) => r.name) };
  };
  try {
    if (kind === 'pglite') {
      if (!db.snapshot) throw new Error('this database cannot be snapshotted');
      const snap = await db.snapshot(readState);
      ({ counts, migrations } = snap.inside);
      await writeFile(tmp, snap.data, { flush: true, mode: 0o600 });
    } else {
      if (!target.databaseUrl) throw new Error('pg_dump needs the database URL');
      const url = target.databaseUrl;
      // pg_dump reads the snapshot this transaction exported, so the counts are of exactly what it dumps.
      ({ counts, migrations } = await db.transaction(async (tx) => {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const { rows } = await tx.query<{ s: string }>('SELECT pg_export_snapshot() AS s');
        const state = await readState(tx);
        await runPgTool('pg_dump', ['-Fc', '--no-owner', `--snapshot=${rows[0].s}`, '-f', tmp], pgEnv(url));
        chmodSync(tmp, 0o600);
        return state;
      }));
    }
    const manifest: BackupManifest = {
      file,
      at: now,
      kind,
      bytes: statSync(tmp).size,
      sha256: await sha256File(tmp),
      counts,
      migrations,
      serverVersion: target.serverVersion,
    };
    renameSync(tmp, path);
    const mtmp = `${path}${MANIFEST_SUFFIX}.${process.pid}.tmp`;
    await writeFile(mtmp, JSON.stringify(manifest, null, 2), { flush: true, mode: 0o600 });
    // The manifest last: a backup without one is not listed (and is removed as a leftover).
    renameSync(mtmp, `${path}${MANIFEST_SUFFIX}`);
    return manifest;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The backups in a folder, newest first (those with a readable manifest whose file is there). */
export function listBackups(dir: string): BackupManifest[] {
  if (!existsSync(dir)) return [];
  const out: BackupManifest[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(MANIFEST_SUFFIX)) continue;
    try {
      const m = JSON.parse(readFileSync(join(dir, f), 'utf8')) as BackupManifest;
      if (m.file && existsSync(join(dir, m.file))) out.push(m);
    } catch {
      // An unreadable manifest is not a backup this server can vouch for.
    }
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** Keeps the newest `keep` backups; removes older ones and leftovers of interrupted backups a day old. */
export function applyRetention(dir: string, keep: number, nowMs = Date.now()): string[] {
  const removed: string[] = [];
  for (const m of listBackups(dir).slice(Math.max(1, keep))) {
    rmSync(join(dir, `${m.file}${MANIFEST_SUFFIX}`), { force: true });
    rmSync(join(dir, m.file), { force: true });
    removed.push(m.file);
  }
  for (const f of readdirSync(dir)) {
    // Another process's backup may be writing its .tmp right now: only old ones are leftovers.
    if (f.endsWith('.tmp') && nowMs - statSync(join(dir, f)).mtimeMs > 24 * 3600_000)
      rmSync(join(dir, f), { force: true });
  }
  return removed;
}
