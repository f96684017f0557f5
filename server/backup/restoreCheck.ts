/**
 * The automatic restore check: the newest backup restored into a scratch
 * database and every table counted against its manifest. A backup nobody has
 * restored is a hope; this turns it into a figure the console shows (and the
 * time a restore takes, which docs/district-setup.md quotes).
 *
 * PGlite: the tarball opened as an in-memory PGlite. PostgreSQL: a scratch
 * database `<db>_restore_check` on the same server (the role needs CREATEDB),
 * pg_restore into it, dropped afterwards.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Queryable } from '../db';
import { countTables, pgEnv, runPgTool, sha256File, type BackupManifest } from './backup';

export type RestoreCheck = {
  at: string;
  file: string;
  ok: boolean;
  counts: Record<string, number>;
  seconds: number;
  problem: string | null;
};

export const RESTORE_CHECK_KEY = 'backup.restoreCheck';

/** Restores one backup of `dir` into a scratch database and counts it. Never throws: a failure is the result. */
export async function restoreCheck(
  dir: string,
  manifest: BackupManifest,
  opts: { databaseUrl?: string; now: () => string },
): Promise<RestoreCheck> {
  const started = performance.now();
  const path = join(dir, manifest.file);
  let counts: Record<string, number> = {};
  let problem: string | null = null;
  try {
    if ((await sha256File(path)) !== manifest.sha256) throw new Error('the file does not match its manifest (SHA-256)');
    counts = manifest.kind === 'pglite' ? await countPglite(path) : await countPgDump(path, opts.databaseUrl);
    const diffs = Object.keys({ ...manifest.counts, ...counts })
      .filter((t) => manifest.counts[t] !== counts[t])
      .map((t) => `${t}: ${counts[t] ?? 'missing'} restored, ${manifest.counts[t] ?? 'none'} in the manifest`);
    if (diffs.length) problem = `counts differ: ${diffs.join('; ')}`;
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  return {
    at: opts.now(),
    file: manifest.file,
    ok: problem === null,
    counts,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    problem,
  };
}

async function countPglite(path: string): Promise<Record<string, number>> {
  const db = await PGlite.create({ loadDataDir: new Blob([await readFile(path)]) });
  try {
    return await countTables(db as unknown as Queryable);
  } finally {
    await db.close();
  }
}

/** `<database>_restore_check`, quoted; the name stays within PostgreSQL's 63 bytes. */
export function scratchName(databaseUrl: string): string {
  const base = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'postgres';
  return `${base.slice(0, 63 - '_restore_check'.length)}_restore_check`;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function countPgDump(path: string, databaseUrl: string | undefined): Promise<Record<string, number>> {
  if (!databaseUrl) throw new Error('a pg_dump backup is checked on the PostgreSQL server (DATABASE_URL)');
  const scratch = scratchName(databaseUrl);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    // A scratch database left by an interrupted check goes first.
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(scratch)}`);
    try {
      await runPgTool(
        'pg_restore',
        ['--no-owner', '--exit-on-error', '-d', scratch, path],
        pgEnv(databaseUrl, scratch),
      );
      const u = new URL(databaseUrl);
      u.pathname = `/${encodeURIComponent(scratch)}`;
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      try {
        return await countTables({
          query: async (sql: string, params?: unknown[]) => {
            const r = await c.query(sql, params);
            return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
          },
          exec: async (sql: string) => {
            await c.query(sql);
          },
        } as Queryable);
      } finally {
        await c.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
