/**
 * Imports signed batch files (carried from an office with no network) straight
 * into the district database, the same way POST /v1/import does:
 *
 *   npx tsx server/cli/import-batch.ts <file.json> [more files...]
 *
 * Uses DATA_DIR (PGlite, default ./.data/server) or DATABASE_URL, and the
 * server key (SERVER_KEY, else DATA_DIR/server.key) that opens the devices'
 * batch keys, as the server does. With PGlite
 * the server must be stopped first (one process per data folder); with
 * PostgreSQL it may keep running. Files may come in any order: ops that arrive
 * before their predecessors wait in the backlog; importing a file twice
 * changes nothing. Prints one JSON summary line per file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDb } from '../db';
import { migrate } from '../db/migrate';
import { lockDataDir } from '../db/lock';
import { loadCatalog } from '../reference/reference';
import { importBatch } from '../ingest/importFile';
import { SyncError } from '../store/errors';
import { loadServerKey, sealBatchKeys } from '../auth/serverKey';
import type { SyncContext } from '../store/context';

async function main(files: string[]): Promise<number> {
  if (!files.length) {
    console.error('usage: npx tsx server/cli/import-batch.ts <batch-file.json> [...]');
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = resolve(process.env.DATA_DIR ?? './.data/server');
  const serverKey = loadServerKey({ env: process.env.SERVER_KEY || undefined, dataDir });
  const unlock = databaseUrl ? () => {} : lockDataDir(dataDir);
  const db = await openDb({ databaseUrl, dataDir });
  let failed = 0;
  try {
    await migrate(db);
    await sealBatchKeys(db, serverKey);
    const catalog = await loadCatalog(db);
    const log = {
      debug: () => {},
      info: () => {},
      warn: (o: object | string, m?: string) =>
        console.error(
          JSON.stringify({ level: 'warn', ...(typeof o === 'string' ? { msg: o } : o), ...(m ? { msg: m } : {}) }),
        ),
      error: (o: object | string, m?: string) =>
        console.error(
          JSON.stringify({
            level: 'error',
            ...(typeof o === 'string' ? { msg: o } : { ...o, err: String((o as { err?: unknown }).err ?? '') }),
            ...(m ? { msg: m } : {}),
          }),
        ),
    };
    const ctx: SyncContext = { db, catalog: () => catalog, now: () => new Date().toISOString(), log };
    for (const file of files) {
      try {
        const raw = JSON.parse(readFileSync(file, 'utf8'));
        const r = await importBatch(ctx, raw, serverKey);
        const counts: Record<string, number> = {};
        for (const x of r.results) counts[x.status] = (counts[x.status] ?? 0) + 1;
        console.log(
          JSON.stringify({
            file,
            ok: true,
            deviceId: r.deviceId,
            acked: r.acked,
            ops: r.file.ops,
            fromSeq: r.file.fromSeq,
            toSeq: r.file.toSeq,
            ...counts,
          }),
        );
      } catch (e) {
        failed++;
        const err =
          e instanceof SyncError ? { error: e.code, detail: e.detail } : { error: String((e as Error)?.message ?? e) };
        console.log(JSON.stringify({ file, ok: false, ...err }));
      }
    }
  } finally {
    await db.close();
    unlock();
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
