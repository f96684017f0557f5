/**
 * Sync throughput of the district server, measured over HTTP on 127.0.0.1:
 * push (gzip batches, as the desk sends them), a replay of the same batches
 * (idempotency cost), a fresh device's full pull, and the district queue.
 *
 *   npx tsx bench/sync-bench.ts [applications=1000] [batch=100]
 *   npx tsx bench/sync-bench.ts 100                            (a quick run)
 *   PG_TEST_URL=postgres://... npx tsx bench/sync-bench.ts     (on PostgreSQL)
 *   ON_DISK=1 npx tsx bench/sync-bench.ts                      (PGlite in a folder, not in memory)
 *   INDEX_USE=1 PG_TEST_URL=... npx tsx bench/sync-bench.ts    (also: the scans of each index of applications)
 *   RECORD_CHECKS=whole npx tsx bench/sync-bench.ts           (every op's record checked whole, as before issue #17)
 *
 * Prints one JSON object. The ops are the real desk's (tests/helpers/desk-device.ts),
 * made offline before anything is timed: each application is registered,
 * printed and resolved, each change with its access-log entry (six ops); every
 * seventh has a first-turn category. Only the server's work is timed; the push
 * also reports the SQL statements it sent (all, per batch, and by shape).
 */
import { gzipSync } from 'node:zlib';
import { newStorage, startTestServer } from '../tests/support/harness';
import { leaseNumbers, workday } from '../tests/helpers/desk-device';
import type { Op } from '../shared';
import type { Db, Queryable } from '../server/db';
import { recordChecks } from '../server/ingest/apply';

const apps = Number(process.argv[2] ?? 1000);
const batch = Number(process.argv[3] ?? 100);

const t = () => performance.now();
recordChecks.wholeOnly = process.env.RECORD_CHECKS === 'whole';
// PGlite in memory unless ON_DISK=1 (a folder, as the district server runs); PostgreSQL when PG_TEST_URL is set.
const srv = await startTestServer(
  process.env.ON_DISK === '1' || process.env.PG_TEST_URL ? { storage: await newStorage() } : {},
);
/**
 * Every SQL statement the server sends, counted by its shape (its first words):
 * the server holds this very Db object and looks its methods up at each call,
 * so wrapping them here counts what the push really sends, BEGIN and COMMIT included.
 */
const statements = new Map<string, number>();
const count = (sql: string) => {
  const shape = sql.replace(/\s+/g, ' ').trim().slice(0, 48);
  statements.set(shape, (statements.get(shape) ?? 0) + 1);
};
const counted = (q: Queryable): Queryable => ({
  query: ((sql: string, params?: unknown[]) => {
    count(sql);
    return q.query(sql, params);
  }) as Queryable['query'],
  exec: (sql: string) => {
    count(sql);
    return q.exec(sql);
  },
});
const db: Db = srv.db;
const { query, exec, transaction } = db;
Object.assign(db, {
  ...counted({ query: query.bind(db), exec: exec.bind(db) }),
  transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
    count('BEGIN');
    return transaction.call(db, (tx: Queryable) => fn(counted(tx))).finally(() => count('COMMIT'));
  },
});
const statementTotal = () => [...statements.values()].reduce((a, b) => a + b, 0);
try {
  const laptop = await srv.desk('karasu', 'bench laptop');
  // Numbers from the laptop's leases, as a desk has them (the server flags any other): its top-up leased one block.
  for (let left = apps; left > 0; left -= 1000) await leaseNumbers(laptop, 'preschool-queue', Math.min(1000, left));
  let t0 = t();
  const { ops } = await laptop.record(() =>
    workday(laptop, { applications: apps, serial: 1, resolved: 1, printed: 1, firstTurnEvery: 7 }, laptop.password),
  );
  const generateMs = t() - t0;
  const dev = laptop.client;
  const batches: Op[][] = [];
  for (let i = 0; i < ops.length; i += batch) batches.push(ops.slice(i, i + batch));
  const rawBytes = batches.reduce((n, b) => n + Buffer.byteLength(JSON.stringify({ ops: b })), 0);
  const gzBytes = batches.reduce((n, b) => n + gzipSync(JSON.stringify({ ops: b })).length, 0);

  t0 = t();
  // CPU time of this process (the server runs in it): steadier than wall time on a busy machine.
  const cpu0 = process.cpuUsage();
  let slowest = 0;
  statements.clear();
  const checks0 = { ...recordChecks };
  for (const b of batches) {
    const s = t();
    const r = await dev.push(b, { gzip: true });
    slowest = Math.max(slowest, t() - s);
    if (r.results.some((x) => x.status !== 'applied')) throw new Error('unexpected result');
  }
  const pushMs = t() - t0;
  const pushCpu = process.cpuUsage(cpu0);
  const pushStatements = statementTotal();
  const pushShapes = Object.fromEntries([...statements].sort((a, b) => b[1] - a[1]));

  t0 = t();
  for (const b of batches) await dev.push(b, { gzip: true });
  const replayMs = t() - t0;

  const fresh = await srv.device('karasu', 'fresh laptop');
  t0 = t();
  const pulled = await fresh.pullAll(500);
  const pullMs = t() - t0;

  const district = await srv.district();
  t0 = t();
  const q = await district.queue();
  const queueMs = t() - t0;

  // What an application row stores per field: bytes on disk (after any compression) and as JSON text.
  const { rows: stored } = await srv.db.query<Record<string, number>>(
    `SELECT avg(pg_column_size(field_versions))::float8 AS "fieldVersions", avg(octet_length(field_versions::text))::float8 AS "fieldVersionsText",
            avg(pg_column_size(data))::float8 AS data FROM applications`,
  );
  const applicationRowBytes = Object.fromEntries(Object.entries(stored[0]).map(([k, v]) => [k, Math.round(v)]));

  // Which indexes of applications the work above used (PostgreSQL; the backends report their counts within 10 s of going idle).
  let indexScans: Record<string, number> | undefined;
  if (srv.db.kind === 'postgres' && process.env.INDEX_USE === '1') {
    await new Promise((r) => setTimeout(r, 11_000));
    const { rows } = await srv.db.query<{ name: string; scans: number }>(
      `SELECT indexrelname AS name, idx_scan AS scans FROM pg_stat_user_indexes WHERE relname = 'applications' ORDER BY 1`,
    );
    indexScans = Object.fromEntries(rows.map((r) => [r.name, Number(r.scans)]));
  }
  const byKind: Record<string, number> = {};
  for (const o of ops) byKind[`${o.entity}.${o.kind}`] = (byKind[`${o.entity}.${o.kind}`] ?? 0) + 1;
  console.log(
    JSON.stringify(
      {
        db: srv.db.kind,
        applications: apps,
        ops: ops.length,
        opsByKind: byKind,
        generatedByTheDeskMs: Math.round(generateMs),
        batchOps: batch,
        pushBytes: { raw: rawBytes, gzip: gzBytes, ratio: +(rawBytes / gzBytes).toFixed(1) },
        push: {
          ms: Math.round(pushMs),
          cpuMs: Math.round((pushCpu.user + pushCpu.system) / 1000),
          opsPerSecond: Math.round(ops.length / (pushMs / 1000)),
          slowestBatchMs: Math.round(slowest),
          statements: pushStatements,
          statementsPerBatch: +(pushStatements / batches.length).toFixed(1),
          statementsByShape: pushShapes,
          // Records checked whole and ops checked by their changed fields, and the time inside those checks.
          recordChecks: {
            whole: recordChecks.whole - checks0.whole,
            changed: recordChecks.changed - checks0.changed,
            ms: Math.round(recordChecks.ms - checks0.ms),
            ...(recordChecks.wholeOnly ? { wholeOnly: true } : {}),
          },
        },
        replay: { ms: Math.round(replayMs), opsPerSecond: Math.round(ops.length / (replayMs / 1000)) },
        pull: {
          ms: Math.round(pullMs),
          changes: pulled.changes.length,
          pages: pulled.pages,
          queueEntries: pulled.last.queue?.entries.length,
        },
        districtQueue: { ms: Math.round(queueMs), waiting: q.groups.reduce((n, g) => n + g.total, 0) },
        applicationRowBytes,
        ...(indexScans ? { applicationsIndexScans: indexScans } : {}),
        // On a 100 kbit/s EDGE link (~12 KB/s of payload) a batch of this size takes about:
        edgeSecondsPerBatch: +(gzBytes / batches.length / 12_000).toFixed(1),
      },
      null,
      2,
    ),
  );
} finally {
  await srv.stop();
}
