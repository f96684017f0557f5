/**
 * Versioned migrations: server/migrations/NNN_name.sql, applied in order at
 * start, each in its own transaction together with its schema_migrations row,
 * so a crash mid-migration leaves the schema at the previous version.
 * A checksum catches an applied file that was edited afterwards.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../paths';
import type { Db } from './types';

export const MIGRATIONS_DIR = fromRoot('server', 'migrations');

export type Migration = { version: number; name: string; sql: string; checksum: string };

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const out = files.map((f) => {
    const sql = readFileSync(join(dir, f), 'utf8');
    return {
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    };
  });
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration numbers must run 001, 002, ... without gaps: ${m.name}`);
  });
  return out;
}

/** The database has a migration this server does not know: it was used by a newer server. */
export class DatabaseTooNew extends Error {
  constructor(readonly migration: string) {
    super(
      `database is newer than this server (migration ${migration}): install the newer server or restore a matching backup`,
    );
  }
}

/**
 * Applies what is missing; returns the names of all applied migrations.
 * Refuses (DatabaseTooNew) a database with a migration this code does not know.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<{ applied: string[]; all: string[] }> {
  const migrations = loadMigrations(dir);
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  // Before anything is applied: an older server must not write into a newer schema (an upgrade
  // rolled back without its backup). Its columns and rules are unknown here, and the newer server
  // would then find changes it did not make.
  const { rows: present } = await db.query<{ version: number; name: string }>(
    'SELECT version, name FROM schema_migrations ORDER BY version',
  );
  const byVersion = new Map(migrations.map((m) => [m.version, m.name]));
  const newer = present.filter((r) => byVersion.get(Number(r.version)) !== r.name);
  if (newer.length) throw new DatabaseTooNew(newer[newer.length - 1].name);
  const applied: string[] = [];
  for (const m of migrations) {
    const did = await db.transaction(async (tx) => {
      // Two servers starting on one PostgreSQL must not both run a migration.
      await tx.query('SELECT pg_advisory_xact_lock(727001)');
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [m.version],
      );
      if (rows.length) {
        if (rows[0].checksum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied`);
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (did) applied.push(m.name);
  }
  const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
  return { applied, all: rows.map((r) => r.name) };
}
