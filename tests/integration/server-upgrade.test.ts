/**
 * Upgrades keep the data and an older server refuses a newer database
 * (issue #13): a database that has a migration this code does not know
 * (an upgrade rolled back without its backup) stops the start with a clear
 * message, before anything is written to it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../server/db';
import { MIGRATIONS_DIR, migrate } from '../../server/db/migrate';
import { spawnServer } from '../support/child';
import { newStorage, startTestServer, START_TIMEOUT_MS, type TestStorage } from '../support/harness';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function openStorage(s: TestStorage) {
  return openDb({ databaseUrl: s.databaseUrl, dataDir: s.dataDir ?? 'memory:' });
}

describe('upgrades', () => {
  it(
    'a newer server migrates the data it finds; the older server then refuses the newer database and the start stops',
    async () => {
      const storage = await newStorage();
      cleanups.push(storage.cleanup);
      // The current server on the database: the demo district written, then stopped.
      const srv = await startTestServer({ storage });
      const offices = (await srv.db.query('SELECT count(*)::int AS n FROM offices')).rows[0].n;
      await srv.stop();

      // A "newer server": this code's migrations and one more.
      const newer = mkdtempSync(join(tmpdir(), 'akimat-migrations-'));
      cleanups.push(async () => rmSync(newer, { recursive: true, force: true }));
      cpSync(MIGRATIONS_DIR, newer, { recursive: true });
      const next = String(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length + 1).padStart(3, '0');
      writeFileSync(join(newer, `${next}_future_column.sql`), 'ALTER TABLE offices ADD COLUMN future_note text;');
      let db = await openStorage(storage);
      try {
        const { applied } = await migrate(db, newer);
        expect(applied).toEqual([`${next}_future_column`]);
        // The data is kept across the upgrade.
        expect((await db.query('SELECT count(*)::int AS n FROM offices')).rows[0].n).toBe(offices);
        // This server's code on the newer database: refused before anything is applied.
        await expect(migrate(db)).rejects.toThrow(
          `database is newer than this server (migration ${next}_future_column): install the newer server or restore a matching backup`,
        );
      } finally {
        await db.close();
      }

      // The server itself does not start on it, in-process and as the service runs it.
      await expect(startTestServer({ storage })).rejects.toThrow(/database is newer than this server/);
      const env: Record<string, string> = storage.databaseUrl
        ? { DATABASE_URL: storage.databaseUrl, SERVER_KEY: storage.serverKey! }
        : { DATA_DIR: storage.dataDir! };
      await expect(spawnServer(env)).rejects.toThrow(
        /database is newer than this server \(migration \d{3}_future_column\)/,
      );

      // Nothing was written by the refused starts.
      db = await openStorage(storage);
      try {
        const rows = (await db.query('SELECT name FROM schema_migrations ORDER BY version')).rows.map((r) => r.name);
        expect(rows.at(-1)).toBe(`${next}_future_column`);
        expect((await db.query('SELECT count(*)::int AS n FROM offices')).rows[0].n).toBe(offices);
      } finally {
        await db.close();
      }
    },
    START_TIMEOUT_MS,
  );
});
