/**
 * No network at all: signed batch files carried to the district, imported
 * over HTTP (POST /v1/import) or with the CLI straight into the database.
 * Same ops, same idempotency, same backlog as a push. The ops are a real
 * desk's (tests/helpers/desk-device.ts), signed with its batch key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  generateBatchKey,
  makeBatchFile,
  parseBatchFile,
  verifyBatchFile,
  type BatchFile,
  type Op,
} from '../../shared';
import { newStorage, startTestServer, usingPostgres, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DeviceClient, DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';

const run = promisify(execFile);
let storage: Awaited<ReturnType<typeof newStorage>>;
let srv: TestServer;
let district: DistrictClient;
let laptop: DeskDevice;
let dev: DeviceClient;
let tmp: string;
/** The first three applications' ops, one file's worth each. */
let first: Op[][];

beforeAll(async () => {
  storage = await newStorage();
  srv = await startTestServer({ storage });
  district = await srv.district();
  laptop = await srv.desk('akkainar', 'laptop with no network');
  dev = laptop.client;
  first = await workload(3);
  tmp = mkdtempSync(join(tmpdir(), 'akimat-batch-'));
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
  await storage?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const file = (ops: Op[]) =>
  makeBatchFile({
    deviceId: dev.deviceId,
    officeId: dev.officeId,
    ops,
    createdAt: new Date().toISOString(),
    keyB64: dev.batchKey,
  });
const counter = async () => (await srv.db.query('SELECT seq FROM change_counter')).rows[0].seq as number;

const last = (ops: Op[]) => ops[ops.length - 1].deviceSeq;

/** Applications registered, resolved and printed on the laptop: each one's ops (with their access-log entries). */
async function workload(apps: number): Promise<Op[][]> {
  const out: Op[][] = [];
  for (let i = 0; i < apps; i++) {
    const { ops } = await laptop.record(async () => {
      const a = await register(laptop);
      await advance(laptop, a.id, 'assigned');
      await laptop.as('clerk');
      await laptop.desk.logPrint(a.id, 'receipt', a.lang, 'print');
    });
    expect(ops.map((o) => o.kind)).toEqual(['create', 'create', 'transition', 'create', 'patch', 'create']);
    out.push(ops);
  }
  return out;
}

describe('batch files', () => {
  it('sign and verify with the device key (WebCrypto HMAC-SHA256), whatever the key order or indentation', async () => {
    // The file the desk itself writes for a USB stick: everything it has not sent.
    const exported = await laptop.engine.exportBatch();
    expect(exported?.ops).toBe(first.flat().length);
    expect(await verifyBatchFile(parseBatchFile(exported!.text), dev.batchKey)).toBe(true);
    const f = await file(first[0]);
    expect(f.signature.alg).toBe('HMAC-SHA256');
    expect(await verifyBatchFile(f, dev.batchKey)).toBe(true);
    const { signature, ops: fileOps, ...head } = f;
    const reindented = parseBatchFile(JSON.stringify({ signature, ops: fileOps, ...head }, null, 2));
    expect(await verifyBatchFile(reindented, dev.batchKey)).toBe(true);
    expect(await verifyBatchFile(f, generateBatchKey())).toBe(false);
    const tampered: BatchFile = {
      ...f,
      ops: [{ ...f.ops[0], fields: { ...(f.ops[0].fields as object), priority: 'orphan' } }, ...f.ops.slice(1)],
    };
    expect(await verifyBatchFile(tampered, dev.batchKey)).toBe(false);
  });

  it('imported out of order: later files wait in the backlog and apply when the first arrives; a second import changes nothing', async () => {
    const [p1, p2, p3] = first;
    const all = first.flat();
    const [f1, f2, f3] = await Promise.all([file(p1), file(p2), file(p3)]);

    const r3 = await district.importFile(f3);
    expect(r3.status).toBe(200);
    expect(r3.body).toMatchObject({
      deviceId: dev.deviceId,
      acked: 0,
      file: { ops: p3.length, fromSeq: p3[0].deviceSeq, toSeq: last(p3) },
    });
    expect(r3.body.results.map((x) => x.status)).toEqual(p3.map(() => 'backlogged'));
    const r2 = await district.importFile(f2);
    expect(r2.body.acked).toBe(0);
    const waiting = (await district.backlog()).find((b) => b.deviceId === dev.deviceId)!;
    expect(waiting.waiting.map((w) => [w.deviceSeq, w.source])).toEqual(
      [...p2, ...p3].map((o) => [o.deviceSeq, 'import']),
    );
    expect(waiting.missing).toEqual([{ from: 1, to: last(p1) }]);

    const r1 = await district.importFile(f1);
    expect(r1.body.acked).toBe(last(p3));
    expect(r1.body.results.map((x) => x.status)).toEqual(p1.map(() => 'applied'));
    const { rows } = await srv.db.query(
      `SELECT count(*)::int AS n, min(status) AS s FROM applications WHERE office_id = $1`,
      [dev.officeId],
    );
    expect(rows[0]).toEqual({ n: 3, s: 'assigned' });
    expect(
      (
        await srv.db.query(`SELECT count(*)::int AS n FROM ops WHERE device_id = $1 AND source = 'import'`, [
          dev.deviceId,
        ])
      ).rows[0].n,
    ).toBe(all.length);

    const before = await counter();
    for (const f of [f1, f3, f2]) {
      const again = await district.importFile(f);
      expect(again.status).toBe(200);
      expect(again.body.acked).toBe(last(p3));
      expect(again.body.results.every((x) => x.status === 'duplicate')).toBe(true);
    }
    expect(await counter()).toBe(before);
    // The laptop, once online, syncs the same ops: they are duplicates too, and leave its outbox.
    const run = await laptop.sync();
    expect(run.pushes.flatMap((p) => p.response.results.map((x) => x.status))).toEqual(all.map(() => 'duplicate'));
    expect(run.state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    expect(await counter()).toBe(before);
  });

  it('refuses a tampered file, a foreign key, an unknown device, or an office laptop importing', async () => {
    const [ops] = await workload(1);
    const good = await file(ops);
    const before = await counter();
    const tampered = { ...good, ops: good.ops.map((o, i) => (i === 0 ? { ...o, staffId: 'someone-else' } : o)) };
    const r1 = await district.importFile(tampered);
    expect(r1.status).toBe(400);
    expect(r1.body.error).toBe('batch.badSignature');
    expect(r1.body.message?.kk).toMatch(/қолтаңбасы/);
    const forged = await makeBatchFile({
      deviceId: dev.deviceId,
      officeId: dev.officeId,
      ops,
      createdAt: good.createdAt,
      keyB64: generateBatchKey(),
    });
    expect((await district.importFile(forged)).body.error).toBe('batch.badSignature');
    const stranger = await makeBatchFile({
      deviceId: 'unknown-device-1',
      officeId: dev.officeId,
      ops,
      createdAt: good.createdAt,
      keyB64: dev.batchKey,
    });
    expect((await district.importFile(stranger)).body.error).toBe('batch.unknownDevice');
    expect((await district.importFile({ format: 'something-else' })).status).toBe(400);
    const byOffice = await dev.post('/v1/import', good);
    expect(byOffice.status).toBe(403);
    expect(await counter()).toBe(before);
    expect((await district.importFile(good)).body.acked).toBe(last(ops));
  });
});

describe('import CLI', () => {
  const cli = (args: string[], env: Record<string, string>) =>
    run(join(process.cwd(), 'node_modules/.bin/tsx'), ['server/cli/import-batch.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      timeout: 60_000,
    })
      .then((r) => ({ code: 0, ...r }))
      .catch((e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }));
  const env = (): Record<string, string> =>
    storage.databaseUrl
      ? { DATABASE_URL: storage.databaseUrl, SERVER_KEY: storage.serverKey! }
      : { DATA_DIR: storage.dataDir! };

  it('imports files straight into the database with the same idempotency and backlog', async () => {
    const acked = (await srv.db.query(`SELECT acked FROM devices WHERE id = $1`, [dev.deviceId])).rows[0]
      .acked as number;
    const [p1, p2] = await workload(2);
    expect(p1[0].deviceSeq).toBe(acked + 1);
    const f1 = join(tmp, 'one.json');
    const f2 = join(tmp, 'two.json');
    writeFileSync(f1, JSON.stringify(await file(p1), null, 2));
    writeFileSync(f2, JSON.stringify(await file(p2)));
    if (!usingPostgres()) {
      // PGlite is one process's database: the CLI refuses while the server holds the folder.
      const busy = await cli([f2], env());
      expect(busy.code).not.toBe(0);
      expect(busy.stderr).toMatch(/in use by process/);
      await srv.close();
    }
    // Second file first, then both (the first one's ops fill the gap, the second's are duplicates).
    const a = await cli([f2], env());
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout.trim())).toMatchObject({ ok: true, acked, backlogged: p2.length });
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...(await file(p1)), officeId: 'x' }));
    const b = await cli([f1, f2, bad], env());
    expect(b.code).toBe(1);
    const lines = b.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ ok: true, acked: last(p2), applied: p1.length });
    expect(lines[1]).toMatchObject({ ok: true, acked: last(p2), duplicate: p2.length });
    expect(lines[2]).toMatchObject({ ok: false, error: 'batch.badSignature' });

    if (!usingPostgres()) srv = await startTestServer({ storage });
    const { rows } = await srv.db.query(`SELECT acked FROM devices WHERE id = $1`, [dev.deviceId]);
    expect(rows[0].acked).toBe(last(p2));
    expect(
      (await srv.db.query(`SELECT count(*)::int AS n FROM applications WHERE office_id = $1`, [dev.officeId])).rows[0]
        .n,
    ).toBe(6);
  }, 90_000);
});
