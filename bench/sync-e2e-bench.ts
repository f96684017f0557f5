/**
 * The sync benchmark, end to end: the real desk (renderer/services on
 * fake-indexeddb) and the real sync engine against the real district server,
 * through the byte-counting proxy of tests/helpers/flaky-proxy.ts, beside
 * PouchDB replicating the same records to express-pouchdb. One run prints a
 * table with targets and verdicts and writes bench-results/sync.json.
 *
 *   npx tsx bench/sync-e2e-bench.ts [--ops 10000] [--devices 200] [--only ours,pouch,ourspg,faults,pg,netns]
 *
 * Parts:
 *   ours    ~10,000 ops of one office (register, the five steps, prints, access log) pushed to
 *           the server (PGlite), then the pull that follows in the same sync run
 *   pouch   the same records replicated by PouchDB to express-pouchdb: memory adapter at both
 *           ends (PouchDB's best case), then LevelDB at both ends (what pouchdb-node and
 *           express-pouchdb persist to). Both servers run in their own process.
 *   ourspg  ours again, the server on a real PostgreSQL (scripts/pg-test.sh), a workload made the same way
 *   faults  both again with 30% of requests cut mid-request or mid-response
 *   pg      200 devices pushing at once to the server on a real PostgreSQL (scripts/pg-test.sh)
 *   netns   one office's day (100 applications) over a shaped link in a network namespace (root)
 */
import 'fake-indexeddb/auto';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import httpAdapter from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import { startServer } from '../server/main';
import { openDb } from '../server/db';
import { spawnServer } from '../tests/support/child';
import { DistrictClient, type DeviceClient } from '../tests/support/client';
import { SyncEngine, getEnrolment } from '../renderer/sync/engine';
import { call, SyncHttpError } from '../renderer/sync/transport';
import { opFromRow } from '../renderer/services/indexes';
import type { OutboxRow } from '../renderer/db/schema';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type Kindergarten, type Op } from '../shared';
import { leaseNumbers, makeDevice, workday, type DeskDevice } from '../tests/helpers/desk-device';
import { DEMO_PASSWORD } from '../server/demo/seed';
import { startFlakyProxy, type ProxyStats } from '../tests/helpers/flaky-proxy';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const TARGET_OPS = Number(arg('ops', '10000'));
const DEVICES = Number(arg('devices', '200'));
const ONLY = new Set(arg('only', 'ours,pouch,ourspg,faults,pg,netns').split(','));
const CUT = 0.3;
/** PouchDB's watchdog on loopback: no progress for this long means a hung request (see watched()). */
const POUCH_IDLE_MS = 2000;
const SEED = 4242;
const PASSWORD_ITERATIONS = 100_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Row = { part: string; what: string; value: number | string; unit: string; target: string; verdict: string };
const rows: Row[] = [];
const details: Record<string, unknown> = {};
const row = (part: string, what: string, value: number | string, unit: string, target = '', ok?: boolean) =>
  rows.push({
    part,
    what,
    value: typeof value === 'number' ? +value.toFixed(value < 10 ? 2 : 0) : value,
    unit,
    target,
    verdict: ok === undefined ? '' : ok ? 'OK' : 'MISSED',
  });
const log = (...a: unknown[]) => console.error('[sync-bench]', ...a);
const kb = (b: number) => b / 1024;
const now = () => performance.now();

PouchDB.plugin(memoryAdapter).plugin(leveldbAdapter).plugin(httpAdapter).plugin(replication);
const remotePouch = (url: string) => new PouchDB(url, { adapter: 'http' });

// ---------------------------------------------------------------- the workload

type Workload = {
  template: string;
  dev: DeskDevice;
  deviceId: string;
  outbox: OutboxRow[];
  ops: Op[];
  cursor: unknown;
  kindergartens: Kindergarten[];
  password: string;
  applications: number;
  /** The workload's server database on PostgreSQL (a template database copied per run); else the PGlite folder `template`. */
  pgUrl?: string;
};

const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/**
 * One office's laptop builds ~TARGET_OPS ops with the real desk, offline, on a
 * server whose database folder is then kept as a template: every run starts a
 * server on a fresh copy, so each pushes the very same ops to the same state.
 */
async function makeWorkload(pgUrl?: string): Promise<Workload> {
  const template = pgUrl ? '' : mkdtempSync(join(shm, 'akimat-sync-bench-'));
  const server = await startServer({
    port: 0,
    tls: false,
    ...(pgUrl ? { databaseUrl: pgUrl } : { dataDir: template }),
    // The workload is the demo district's offices (the server's default is no demo).
    demo: true,
    logger: false,
    passwordIterations: PASSWORD_ITERATIONS,
  });
  const password = server.demo!.password;
  const code = server.demo!.codes.find((c) => c.officeKey === 'karasu')!.code;
  const dev = await makeDevice({ baseUrl: server.url, code, name: 'bench laptop', password });
  // The laptop synced once after enrolling, as any office does before a day offline.
  await dev.engine.syncNow();
  // Per application: create, resolution, decision, signature, issue, a print, each with its
  // access-log entry (12 ops), plus a places delta for every referral.
  const applications = Math.ceil(TARGET_OPS / 12.1);
  for (let left = applications; left > 0; left -= 1000)
    await leaseNumbers(dev, 'preschool-queue', Math.min(1000, left));
  const t0 = now();
  await workday(dev, { applications, serial: 1, resolved: 1, completed: 1, printed: 1, referralEvery: 10 }, password);
  const genMs = now() - t0;
  const { db, vault } = dev.desk.context;
  const outbox = await db.outbox.orderBy('deviceSeq').toArray();
  const ops = await Promise.all(outbox.map((r) => opFromRow(vault, r)));
  const cursor = (await db.meta.get('syncCursor'))!.value;
  const kindergartens = await db.kindergartens.toArray();
  await server.close();
  log(`workload: ${applications} applications, ${ops.length} ops made with the desk in ${Math.round(genMs)} ms`);
  details.workload = {
    applications,
    ops: ops.length,
    byKind: countBy(ops, (o) => `${o.entity}.${o.kind}`),
    generateMs: Math.round(genMs),
  };
  return {
    template,
    dev,
    deviceId: await dev.deviceId(),
    outbox,
    ops,
    cursor,
    kindergartens,
    password,
    applications,
    ...(pgUrl ? { pgUrl } : {}),
  };
}

/** PostgreSQL copies a database in one statement: each run starts from the workload's state. */
async function withDbCopy<T>(url: string, fn: (copyUrl: string) => Promise<T>): Promise<T> {
  const { default: pgm } = await import('pg');
  const u = new URL(url);
  const template = u.pathname.slice(1);
  const copy = `${template}_run_${process.pid}_${Math.floor(now())}`;
  const admin = new pgm.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${template}`);
    try {
      return await fn(Object.assign(new URL(url), { pathname: `/${copy}` }).toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

function countBy<T>(xs: T[], k: (x: T) => string): Record<string, number> {
  const m: Record<string, number> = {};
  for (const x of xs) m[k(x)] = (m[k(x)] ?? 0) + 1;
  return m;
}

type SyncResult = {
  ms: number;
  pushMs: number;
  runs: number;
  serverCpuMs: number;
  deskCpuMs: number;
  proxy: ProxyStats;
  push: { up: number; down: number };
  pull: { up: number; down: number };
  answers: { push: { raw: number; gzip: number }; pull: { raw: number; gzip: number } };
};

/** Our sync: a server on a fresh copy of the template, the desk's outbox as it was, syncNow until nothing is pending. */
async function runOurs(w: Workload, cut: number): Promise<SyncResult> {
  if (w.pgUrl) return withDbCopy(w.pgUrl, (url) => runOursOn(w, cut, { databaseUrl: url }));
  const dir = mkdtempSync(join(shm, 'akimat-sync-run-'));
  cpSync(w.template, dir, { recursive: true });
  try {
    return await runOursOn(w, cut, { dataDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** User + system CPU time of a process so far (Linux). */
function cpuMsOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** CPU time so far of every PostgreSQL process on the machine (its sessions, writers, WAL), Linux. */
function postgresCpuMs(): number {
  let ms = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!/^\d+ \(postgres\) /.test(stat)) continue;
      const f = stat.split(') ')[1].split(' ');
      ms += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      // Gone between the listing and the read: its time is lost to both readings alike.
    }
  }
  return ms;
}

/**
 * The server runs in its own process, as on the district's machine: the desk
 * and the server each have a core, as PouchDB's two ends do in runPouch.
 */
async function runOursOn(
  w: Workload,
  cut: number,
  target: { dataDir: string } | { databaseUrl: string },
): Promise<SyncResult> {
  const child = await spawnServer(
    { DEMO: '0', ...('dataDir' in target ? { DATA_DIR: target.dataDir } : { DATABASE_URL: target.databaseUrl }) },
    60_000,
    process.env.BENCH_CPU_PROFILE
      ? ['--cpu-prof', '--cpu-prof-interval', '200', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}/server`]
      : [],
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    child.proc.kill('SIGTERM');
    await child.exited;
  };
  const proxy = await startFlakyProxy({
    target: { port: Number(new URL(child.url).port) },
    seed: SEED,
    cutFraction: cut,
  });
  try {
    const { db } = w.dev.desk.context;
    await db.outbox.clear();
    await db.outbox.bulkAdd(w.outbox);
    await db.meta.put({ key: 'syncCursor', value: w.cursor });
    const enr = (await getEnrolment(w.dev.desk.context))!;
    await db.meta.put({ key: 'enrolment', value: { ...enr, baseUrl: proxy.url } });
    let pushEnd: { t: number; up: number; down: number } | null = null;
    // The answers' decoded size and what gzip makes of it (measured on clean runs only).
    const answers = { push: { raw: 0, gzip: 0 }, pull: { raw: 0, gzip: 0 } };
    const markingFetch: typeof fetch = async (input, init) => {
      const pull = String(input).includes('/v1/pull');
      if (!pushEnd && pull) pushEnd = { t: now(), up: proxy.stats.bytesUp, down: proxy.stats.bytesDown };
      const res = await fetch(input, init);
      if (cut === 0 && (pull || String(input).includes('/v1/push'))) {
        const buf = Buffer.from(await res.clone().arrayBuffer());
        const a = answers[pull ? 'pull' : 'push'];
        a.raw += buf.length;
        a.gzip += gzipSync(buf).length;
      }
      return res;
    };
    const engine = new SyncEngine(w.dev.desk.context, { fetch: markingFetch, attempts: 1000, sleep: async () => {} });
    const serverCpu0 = cpuMsOf(child.proc.pid!);
    const deskCpu0 = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
    const t0 = now();
    let runs = 0;
    for (;;) {
      const s = await engine.syncNow();
      runs++;
      if (s.pending === 0 && s.status === 'idle') break;
      if (runs > 50)
        throw new Error(`ours: ${s.pending} ops still pending after ${runs} runs: ${JSON.stringify(s.error)}`);
    }
    const ms = now() - t0;
    const st = { ...proxy.stats };
    const pe = pushEnd ?? { t: now(), up: st.bytesUp, down: st.bytesDown };
    const serverCpuMs = cpuMsOf(child.proc.pid!) - serverCpu0;
    const deskCpuMs = (process.cpuUsage().user + process.cpuUsage().system) / 1000 - deskCpu0;
    // Exactly once, checked on the server's own table once it has shut down.
    await stop();
    const sdb = await openDb(
      'dataDir' in target ? { dataDir: target.dataDir } : { databaseUrl: target.databaseUrl, dataDir: '' },
    );
    try {
      const { rows: check } = await sdb.query<{ n: number; seqs: number; applied: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT device_seq)::int AS seqs, count(*) FILTER (WHERE status = 'applied')::int AS applied FROM ops WHERE device_id = $1`,
        [w.deviceId],
      );
      if (check[0].n !== w.ops.length || check[0].seqs !== w.ops.length || check[0].applied !== w.ops.length) {
        throw new Error(`ours: the server holds ${JSON.stringify(check[0])} for ${w.ops.length} ops sent`);
      }
    } finally {
      await sdb.close();
    }
    return {
      ms,
      pushMs: pe.t - t0,
      runs,
      serverCpuMs,
      deskCpuMs,
      proxy: st,
      push: { up: pe.up, down: pe.down },
      pull: { up: st.bytesUp - pe.up, down: st.bytesDown - pe.down },
      answers,
    };
  } finally {
    await stop();
    await proxy.close();
  }
}

/**
 * BENCH_CPU_PROFILE=dir writes a .cpuprofile of one part (open it in Chrome's
 * DevTools): the workload's generation would drown a whole-process profile.
 */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return fn();
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

// ---------------------------------------------------------------- PouchDB

/**
 * The same office on PouchDB, the way such an app would keep it: one document
 * per record (application, access-log entry, kindergarten), every op a new
 * revision of it, written in the same order as the desk wrote its ops.
 */
async function buildPouch(w: Workload, name: string, adapter: PouchAdapter = 'memory') {
  const dir = adapter === 'leveldb' ? mkdtempSync(join(shm, 'akimat-pouch-desk-')) : '';
  const local =
    adapter === 'leveldb'
      ? new PouchDB(join(dir, name), { adapter: 'leveldb' })
      : new PouchDB(name, { adapter: 'memory' });
  const docs = new Map<string, Record<string, any>>();
  const kgs = new Map(w.kindergartens.map((k) => [k.id, k]));
  for (const op of w.ops) {
    const id = `${op.entity}:${op.entityId}`;
    const cur = docs.get(id);
    let doc: Record<string, any>;
    if (op.entity === 'kindergarten') {
      const base = cur ?? { _id: id, ...kgs.get(op.entityId)! };
      const delta = (op.fields.freePlacesDelta ?? {}) as Record<string, number>;
      doc = {
        ...base,
        ageGroups: base.ageGroups.map((g: any) => ({ ...g, freePlaces: g.freePlaces + (delta[g.id] ?? 0) })),
      };
    } else if (op.kind === 'create')
      doc = { _id: id, type: op.entity, ...op.fields, ...(cur ? { _rev: cur._rev } : {}) };
    else doc = { ...cur!, ...op.fields };
    const r = await local.put(doc);
    docs.set(id, { ...doc, _rev: r.rev });
  }
  return {
    local,
    docs,
    adapter,
    remove: () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * PouchDB's storage at both ends: `memory` keeps nothing (its best case);
 * `leveldb` is what pouchdb-node and express-pouchdb persist to by default, as
 * our desk (IndexedDB) and server (PGlite/PostgreSQL) persist.
 */
type PouchAdapter = 'memory' | 'leveldb';

/** express-pouchdb in its own process, like our server in this benchmark (bench/pouch-server.ts). */
async function spawnPouchServer(adapter: PouchAdapter) {
  const dir = mkdtempSync(join(shm, 'akimat-pouch-srv-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/pouch-server.ts'), adapter, dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((res) => proc.on('exit', () => res()));
  const port = await new Promise<number>((res, rej) => {
    let buf = '';
    proc.stdout!.on('data', (c) => {
      buf += c;
      const m = /\{"port":(\d+)\}/.exec(buf);
      if (m) res(Number(m[1]));
    });
    exited.then(() => rej(new Error('pouch server exited before listening')));
  });
  return {
    port,
    close: async () => {
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One PouchDB replication with a watchdog. PouchDB's HTTP client (node-fetch 2)
 * never settles when a response is cut mid-body (seen on the checkpoint GET),
 * so the replication hangs; an app would cancel and re-run it, as done here
 * after `idleMs` without progress.
 */
function watched(rep: any, idleMs: number): Promise<'complete' | 'error' | 'stalled'> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: 'complete' | 'error' | 'stalled') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const stall = () => {
      rep.cancel();
      finish('stalled');
    };
    let timer = setTimeout(stall, idleMs);
    const bump = () => {
      clearTimeout(timer);
      timer = setTimeout(stall, idleMs);
    };
    rep.on('change', bump);
    rep.on('active', bump);
    rep.then(
      () => finish('complete'),
      () => finish('error'),
    );
  });
}

/** Replicates local to a fresh remote through a proxy, re-running after each failure until the remote has every leaf revision. */
async function runPouch(
  local: any,
  docs: Map<string, Record<string, any>>,
  cut: number,
  name: string,
  alsoPull: boolean,
  adapter: PouchAdapter = 'memory',
) {
  const srv = await spawnPouchServer(adapter);
  const proxy = await startFlakyProxy({ target: { port: srv.port }, seed: SEED, cutFraction: cut });
  const url = `${proxy.url}/${name}`;
  try {
    const t0 = now();
    let runs = 0;
    let errors = 0;
    let stalls = 0;
    for (;;) {
      runs++;
      const r = await watched(local.replicate.to(remotePouch(url)), POUCH_IDLE_MS);
      if (r === 'error') errors++;
      if (r === 'stalled') stalls++;
      if (await complete(remotePouch(`http://127.0.0.1:${srv.port}/${name}`), docs)) break;
      if (runs > 3000) throw new Error(`pouch: incomplete after ${runs} runs`);
    }
    const pushMs = now() - t0;
    const push = { up: proxy.stats.bytesUp, down: proxy.stats.bytesDown };
    let pullMs = 0;
    if (alsoPull) {
      // The other half of a two-way sync: the device asks for changes it has not seen.
      const t1 = now();
      for (let i = 0; ; i++) {
        if ((await watched(local.replicate.from(remotePouch(url)), POUCH_IDLE_MS)) === 'complete') break;
        if (i > 500) throw new Error('pouch: pull never completed');
      }
      pullMs = now() - t1;
    }
    const st = { ...proxy.stats };
    return {
      ms: pushMs + pullMs,
      pushMs,
      runs,
      errors,
      stalls,
      stalledMs: stalls * POUCH_IDLE_MS,
      proxy: st,
      push,
      pull: { up: st.bytesUp - push.up, down: st.bytesDown - push.down },
    };
  } finally {
    await proxy.close();
    await srv.close();
  }
}

async function complete(remote: any, docs: Map<string, Record<string, any>>): Promise<boolean> {
  try {
    const all = await remote.allDocs();
    if (all.rows.length !== docs.size) return false;
    return all.rows.every((r: any) => docs.get(r.id)?._rev === r.value.rev);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- parts 1-3

async function partsOursAndPouch() {
  const res: Record<string, any> = {};
  let n = 0;
  if (['ours', 'pouch', 'faults'].some((p) => ONLY.has(p))) {
    const w = await makeWorkload();
    n = w.ops.length;
    try {
      if (ONLY.has('ours') || ONLY.has('pouch')) {
        log('ours, clean link...');
        res.ours = await profiled('ours', () => runOurs(w, 0));
        log('ours:', JSON.stringify(res.ours));
      }
      let pouch: Awaited<ReturnType<typeof buildPouch>> | null = null;
      if (ONLY.has('pouch') || ONLY.has('faults')) {
        const t0 = now();
        pouch = await buildPouch(w, `desk-${process.pid}`);
        log(`pouch: ${pouch.docs.size} documents, ${n} revisions written locally in ${Math.round(now() - t0)} ms`);
        details.pouchDocs = pouch.docs.size;
      }
      if (ONLY.has('pouch') && pouch) {
        log('pouch, clean link...');
        res.pouch = await profiled('pouch', () => runPouch(pouch!.local, pouch!.docs, 0, 'office-clean', true));
        log('pouch:', JSON.stringify(res.pouch));
        const t0 = now();
        const ldb = await buildPouch(w, `desk-ldb-${process.pid}`, 'leveldb');
        log(`pouch on LevelDB: written locally in ${Math.round(now() - t0)} ms; clean link...`);
        try {
          res.pouchLdb = await runPouch(ldb.local, ldb.docs, 0, 'office-ldb', true, 'leveldb');
        } finally {
          await ldb.local.close();
          ldb.remove();
        }
        log('pouch on LevelDB:', JSON.stringify(res.pouchLdb));
      }
      if (ONLY.has('faults')) {
        log(`ours, ${CUT * 100}% cut...`);
        res.oursCut = await runOurs(w, CUT);
        log('ours cut:', JSON.stringify(res.oursCut));
        if (pouch) {
          log(`pouch, ${CUT * 100}% cut...`);
          res.pouchCut = await runPouch(pouch.local, pouch.docs, CUT, 'office-cut', false);
          log('pouch cut:', JSON.stringify(res.pouchCut));
        }
      }
    } finally {
      rmSync(w.template, { recursive: true, force: true });
    }
  }
  if (ONLY.has('ourspg')) {
    const pg = startPg();
    if ('error' in pg) log(`ours on PostgreSQL skipped: ${pg.error}`);
    else {
      try {
        log('ours, server on PostgreSQL, clean link...');
        const wp = await makeWorkload(pg.url);
        n ||= wp.ops.length;
        res.oursPg = await runOurs(wp, 0);
        log('ours on PostgreSQL:', JSON.stringify(res.oursPg));
      } finally {
        spawnSync('bash', [join(ROOT, 'scripts/pg-test.sh'), 'stop', pg.dir], { stdio: 'ignore' });
      }
    }
  }
  details.oursVsPouch = res;
  const { ours, pouch, pouchLdb, oursCut, pouchCut, oursPg } = res;
  const P = `1-2 (${n} ops)`;
  if (ours) {
    row(P, 'ours: push, time', ours.pushMs, 'ms');
    row(P, 'ours: push, throughput', n / (ours.pushMs / 1000), 'ops/s');
    row(P, 'ours: push, bytes up', kb(ours.push.up), 'KiB');
    row(P, 'ours: push, bytes down', kb(ours.push.down), 'KiB');
    row(P, 'ours: pull after it, bytes down (own records left out)', kb(ours.pull.down), 'KiB', '', undefined);
    row(
      P,
      'ours: push + pull answers decoded (gzipped)',
      `${kb(ours.answers.push.raw).toFixed(0)} (${kb(ours.answers.push.gzip).toFixed(0)}) + ${kb(ours.answers.pull.raw).toFixed(0)} (${kb(ours.answers.pull.gzip).toFixed(0)})`,
      'KiB',
    );
    row(P, 'ours: whole sync run (push+pull+leases)', ours.ms, 'ms');
    row(
      P,
      'ours: CPU of the server process / of the desk (with the proxy)',
      `${Math.round(ours.serverCpuMs)} / ${Math.round(ours.deskCpuMs)}`,
      'ms',
    );
  }
  if (pouch) {
    row(P, 'PouchDB: replicate.to, time', pouch.pushMs, 'ms');
    row(P, 'PouchDB: replicate.to, bytes up', kb(pouch.push.up), 'KiB');
    row(P, 'PouchDB: replicate.to, bytes down', kb(pouch.push.down), 'KiB');
    row(P, 'PouchDB: replicate.from after it, bytes down', kb(pouch.pull.down), 'KiB');
    row(P, 'PouchDB: two-way (to + from), time', pouch.ms, 'ms');
  }
  if (pouchLdb) {
    row(P, 'PouchDB on LevelDB: replicate.to, time', pouchLdb.pushMs, 'ms');
    row(P, 'PouchDB on LevelDB: two-way, time', pouchLdb.ms, 'ms');
  }
  if (ours && pouchLdb)
    row(
      P,
      'push speed: PouchDB on LevelDB / ours',
      pouchLdb.pushMs / ours.pushMs,
      'x',
      '>= 3x',
      pouchLdb.pushMs / ours.pushMs >= 3,
    );
  if (ours && pouch) {
    const speed = pouch.pushMs / ours.pushMs;
    row(P, 'push speed: PouchDB (memory) time / ours', speed, 'x', '>= 3x', speed >= 3);
    const up = ours.push.up / pouch.push.up;
    row(P, 'bytes up: ours / PouchDB', up, 'ratio', '<= 0.20', up <= 0.2);
    row(P, 'two-way: PouchDB time / ours', pouch.ms / ours.ms, 'x');
  }
  if (oursPg) {
    row(P, 'ours, server on PostgreSQL: push, time', oursPg.pushMs, 'ms');
    row(P, 'ours, server on PostgreSQL: whole sync run', oursPg.ms, 'ms');
  }
  if (oursPg && pouch) {
    const speed = pouch.pushMs / oursPg.pushMs;
    row(P, 'push speed: PouchDB time / ours on PostgreSQL', speed, 'x', '>= 3x', speed >= 3);
    row(
      P,
      'two-way bytes (up+down): ours / PouchDB',
      (ours.proxy.bytesUp + ours.proxy.bytesDown) / (pouch.proxy.bytesUp + pouch.proxy.bytesDown),
      'ratio',
    );
  }
  const C = `3 (${CUT * 100}% cut)`;
  if (oursCut) {
    row(C, 'ours: push, time', oursCut.pushMs, 'ms');
    row(C, 'ours: whole sync run', oursCut.ms, 'ms');
    row(
      C,
      'ours: bytes up / down (all)',
      `${kb(oursCut.proxy.bytesUp).toFixed(0)} / ${kb(oursCut.proxy.bytesDown).toFixed(0)}`,
      'KiB',
    );
    row(
      C,
      'ours: requests, cut',
      `${oursCut.proxy.requests}, ${oursCut.proxy.cuts} (${oursCut.proxy.cutsInRequest} req / ${oursCut.proxy.cutsInResponse} resp)`,
      '',
    );
    row(C, 'ours: every op applied exactly once', 'yes', '', 'yes', true);
  }
  if (pouchCut) {
    row(C, 'PouchDB: replicate.to until complete, time', pouchCut.pushMs, 'ms');
    row(
      C,
      'PouchDB: bytes up / down',
      `${kb(pouchCut.proxy.bytesUp).toFixed(0)} / ${kb(pouchCut.proxy.bytesDown).toFixed(0)}`,
      'KiB',
    );
    row(
      C,
      'PouchDB: requests, cut, re-runs',
      `${pouchCut.proxy.requests}, ${pouchCut.proxy.cuts}, ${pouchCut.runs}`,
      '',
    );
    row(C, `PouchDB: hung replications cancelled by a ${POUCH_IDLE_MS / 1000} s watchdog`, pouchCut.stalls, '');
    row(C, 'PouchDB: time without the watchdog waits', pouchCut.pushMs - pouchCut.stalledMs, 'ms');
  }
  if (oursCut && pouchCut) {
    // PouchDB's time less its watchdog waits: the comparison is not won by the watchdog's setting.
    const speed = (pouchCut.pushMs - pouchCut.stalledMs) / oursCut.pushMs;
    row(C, 'push speed with cuts: PouchDB (less waits) / ours', speed, 'x', '>= 3x', speed >= 3);
    const up = oursCut.push.up / pouchCut.push.up;
    row(C, 'bytes up with cuts: ours / PouchDB', up, 'ratio', '<= 0.20', up <= 0.2);
  }
}

// ---------------------------------------------------------------- part 4: 200 devices on PostgreSQL

function startPg(): { url: string; dir: string } | { error: string } {
  const r = spawnSync('bash', [join(ROOT, 'scripts/pg-test.sh'), 'start'], { encoding: 'utf8', timeout: 300_000 });
  const url = /PG_TEST_URL=(\S+)/.exec(r.stdout ?? '')?.[1];
  const dir = /PG_TEST_DIR=(\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !url || !dir)
    return {
      error: `scripts/pg-test.sh start failed (${r.status}): ${(r.stderr || r.stdout || '').trim().slice(-300)}`,
    };
  return { url, dir };
}

/** Runs `fn` over `items`, `width` at a time (the desks' PBKDF2 and the server's requests overlap). */
async function inBatches<T, R>(items: T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map((x, j) => fn(x, i + j)))));
  return out;
}

/** Samples pg_stat_activity: what the active sessions of the database wait on, as shares of all samples. */
async function sampleWaits(url: string) {
  const { default: pgm } = await import('pg');
  const c = new pgm.Client({ connectionString: url });
  await c.connect();
  const counts: Record<string, number> = {};
  const tables: Record<string, number> = {};
  let n = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await c.query(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS w FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      for (const r of rows) counts[r.w] = (counts[r.w] ?? 0) + 1;
      n += rows.length;
      // Row-lock waits by table: which shared row serialises the writers.
      const { rows: locks } = await c.query(
        `SELECT relation::regclass::text AS t, count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = 'tuple' GROUP BY 1`,
      );
      for (const l of locks) tables[l.t] = (tables[l.t] ?? 0) + l.n;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await c.end();
      const share = (m: Record<string, number>) =>
        Object.fromEntries(
          Object.entries(m)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => [k, +(v / Math.max(1, n)).toFixed(3)]),
        );
      return { ...share(counts), tupleLockWaitsByTable: share(tables) };
    },
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

async function partPostgres() {
  const P = `4 (${DEVICES} devices, PostgreSQL)`;
  const pg = startPg();
  if ('error' in pg) {
    log(`part 4 skipped: ${pg.error}`);
    row(P, 'skipped', pg.error.slice(0, 80), '');
    details.postgres = { skipped: pg.error };
    return;
  }
  log(`PostgreSQL at ${pg.url}`);
  // BENCH_SERVER_FLAGS: node flags for the server's process (e.g. a V8 heap setting whose CPU cost is measured here).
  const child = await spawnServer(
    { DATABASE_URL: pg.url },
    120_000,
    (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean),
  );
  try {
    const base = child.url;
    const district = new DistrictClient(base);
    await district.login('district', 'demo12345');
    // One real desk per device (renderer/services on fake-indexeddb, tests/helpers/desk-device.ts),
    // enrolled by its own engine (which leases its number blocks): the demo codes give the
    // offices, the district issues one code per further laptop.
    const desks: DeskDevice[] = [];
    const t0 = now();
    for (const code of Object.entries(child.codes)
      .filter(([k]) => k !== 'ЖББ')
      .map(([, c]) => c)) {
      desks.push(
        await makeDevice({ baseUrl: base, code, name: `laptop ${desks.length + 1}`, password: DEMO_PASSWORD }),
      );
    }
    const offices = desks.map((d) => d.client.officeId);
    desks.push(
      ...(await inBatches(
        Array.from(
          { length: Math.max(0, DEVICES - desks.length) },
          (_, i) => offices[(desks.length + i) % offices.length],
        ),
        8,
        async (officeId, i) =>
          makeDevice({
            baseUrl: base,
            code: await district.enrolmentCode(officeId),
            name: `laptop ${offices.length + i + 1}`,
            password: DEMO_PASSWORD,
          }),
      )),
    );
    const enrolMs = now() - t0;
    log(`${desks.length} desks enrolled (each leasing its number blocks) in ${Math.round(enrolMs)} ms`);

    // Each desk's day, made offline before anything is timed (gzip too), so the timed part is the
    // server's: applications registered, resolved, decided (notifications), signed and issued
    // through the desk's own calls, each change with its access-log entry (10 ops apiece).
    const APPS = 10;
    const BATCH = 50;
    // The paced part: every device sends 20-op batches at random moments, 2,000 ops/s in all.
    const PACED_APPS = 5;
    const PACED_BATCH = 20;
    const OFFERED = 2000;
    const tg = now();
    const work = await inBatches(desks, 8, async (laptop, k) => {
      const { ops } = await laptop.record(() =>
        workday(
          laptop,
          { applications: APPS + PACED_APPS, serial: 100_000 + k * 100, resolved: 1, completed: 1, referralEvery: 0 },
          DEMO_PASSWORD,
        ),
      );
      if (ops.length !== (APPS + PACED_APPS) * 10) throw new Error(`${laptop.name}: ${ops.length} ops`);
      const bodies = (part: Op[], size: number) => {
        const out: Array<{ body: Buffer; ops: number }> = [];
        for (let i = 0; i < part.length; i += size)
          out.push({
            body: gzipSync(JSON.stringify({ ops: part.slice(i, i + size) })),
            ops: Math.min(size, part.length - i),
          });
        return out;
      };
      // The desk made the day role by role (all registrations, then all resolutions...): the burst
      // is the first APPS * 10 ops of its sequence, the paced part the rest.
      return {
        d: laptop.client as DeviceClient,
        burst: bodies(ops.slice(0, APPS * 10), BATCH),
        paced: bodies(ops.slice(APPS * 10), PACED_BATCH),
        last: ops[ops.length - 1].deviceSeq,
      };
    });
    log(`${work.length} desks made their day (${(APPS + PACED_APPS) * 10} ops each) in ${Math.round(now() - tg)} ms`);
    const push = async (d: DeviceClient, body: Buffer) => {
      const s = now();
      const res = await fetch(`${base}/v1/push`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${d.token}`,
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        },
        body: new Uint8Array(body),
      });
      const json = await res.json();
      const ms = now() - s;
      if (!res.ok || json.results.some((r: { status: string }) => r.status !== 'applied')) {
        // The server's own error line says why (codes and stacks, no personal data); it may come just after the answer.
        const why = res.ok ? null : await child.waitForLog((l) => l.level >= 50, 5_000).catch(() => null);
        throw new Error(
          `push: ${res.status} ${JSON.stringify(json).slice(0, 300)}\nserver: ${JSON.stringify(why).slice(0, 3000)}`,
        );
      }
      return ms;
    };

    // What the database's sessions wait for while the server is busy (sampled every 100 ms).
    const waits = await sampleWaits(pg.url);
    // Burst: every device at once, each sending its batches one after another.
    const lat: number[] = [];
    let ops = 0;
    // CPU per op of the server and of PostgreSQL: what a change to the push costs, whatever else the machine runs.
    const cpu0 = { server: cpuMsOf(child.proc.pid!), pg: postgresCpuMs() };
    const tb = now();
    await Promise.all(
      work.map(async (w) => {
        for (const b of w.burst) {
          lat.push(await push(w.d, b.body));
          ops += b.ops;
        }
      }),
    );
    const burstMs = now() - tb;
    const cpu1 = { server: cpuMsOf(child.proc.pid!), pg: postgresCpuMs() };
    const burstWaits = await waits.stop();
    const burst = {
      devices: work.length,
      ops,
      pushes: lat.length,
      batchOps: BATCH,
      ms: Math.round(burstMs),
      opsPerSecond: Math.round(ops / (burstMs / 1000)),
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      max: Math.max(...lat),
      serverCpuMsPerKop: Math.round(((cpu1.server - cpu0.server) / ops) * 1000),
      postgresCpuMsPerKop: Math.round(((cpu1.pg - cpu0.pg) / ops) * 1000),
      dbWaits: burstWaits,
    };
    log('burst:', JSON.stringify(burst));

    // Paced: the same 200 devices together offer the target load (2,000 ops/s), each batch
    // sent at a random moment: the latency a device sees while the server carries that load.
    // (The burst's latencies are how long 10,000 ops queued at one instant take to drain.)
    const pacedOps = work.reduce((x, w) => x + w.paced.reduce((y, b) => y + b.ops, 0), 0);
    const offered = OFFERED;
    // A pause after the burst: PostgreSQL's autovacuum of 20,000 fresh rows is not this part's load.
    await new Promise((r) => setTimeout(r, 5000));
    const windowMs = (pacedOps / offered) * 1000;
    const plat: number[] = [];
    const tp = now();
    let rnd = SEED;
    const next = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    await Promise.all(
      work.map(async (w) => {
        const at = w.paced.map(() => next() * windowMs).sort((a, b) => a - b);
        for (const [i, b] of w.paced.entries()) {
          const wait = tp + at[i] - now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          plat.push(await push(w.d, b.body));
        }
      }),
    );
    const pacedMs = now() - tp;
    const paced = {
      ops: pacedOps,
      pushes: plat.length,
      batchOps: PACED_BATCH,
      offeredOpsPerSecond: Math.round(offered),
      ms: Math.round(pacedMs),
      opsPerSecond: Math.round(pacedOps / (pacedMs / 1000)),
      p50: pct(plat, 50),
      p99: pct(plat, 99),
      max: Math.max(...plat),
    };
    log('paced:', JSON.stringify(paced));

    // Exactly once on the server, counted through the district's own view of the devices.
    const infos = (await district.get('/v1/district/devices')).body.devices as Array<{ id: string; acked: number }>;
    const bad = work.filter((w) => infos.find((i) => i.id === w.d.deviceId)?.acked !== w.last);
    if (bad.length) throw new Error(`${bad.length} devices not fully acknowledged`);
    details.postgres = {
      enrolMs: Math.round(enrolMs),
      burst,
      paced,
      server: 'child process (node --import tsx server/main.ts), DATABASE_URL on a throwaway PostgreSQL 15 (fsync off)',
      ops: 'one real desk per device (tests/helpers/desk-device.ts workday): register and the four steps after, each with its access-log entry',
    };
    row(
      P,
      `burst: ${burst.pushes} pushes of ${BATCH} ops, all at once`,
      burst.opsPerSecond,
      'ops/s',
      '>= 2000 ops/s',
      burst.opsPerSecond >= 2000,
    );
    row(P, 'burst: push latency p50 (queued at one instant)', burst.p50, 'ms');
    row(P, 'burst: push latency p99 (queued at one instant)', burst.p99, 'ms');
    row(
      P,
      'burst: CPU per 1,000 ops, server / PostgreSQL',
      `${burst.serverCpuMsPerKop} / ${burst.postgresCpuMsPerKop}`,
      'ms',
    );
    row(
      P,
      'burst: what busy PostgreSQL sessions waited on (share of samples)',
      Object.entries(burstWaits)
        .filter(([, v]) => typeof v === 'number')
        .slice(0, 3)
        .map(([k, v]) => `${k} ${Math.round((v as unknown as number) * 100)}%`)
        .join(', '),
      '',
    );
    row(
      P,
      'burst: tuple-lock waits by table',
      Object.entries(burstWaits.tupleLockWaitsByTable as Record<string, number>)
        .slice(0, 3)
        .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
        .join(', '),
      '',
    );
    row(
      P,
      `paced: ${paced.offeredOpsPerSecond} ops/s offered by ${work.length} devices, carried`,
      paced.opsPerSecond,
      'ops/s',
      '>= 2000 ops/s',
      paced.opsPerSecond >= 0.95 * OFFERED,
    );
    row(P, `paced: ${paced.pushes} pushes of ${PACED_BATCH} ops, latency p50`, paced.p50, 'ms');
    row(P, 'paced: push latency p99', paced.p99, 'ms', '< 300 ms', paced.p99 < 300);
  } finally {
    child.proc.kill('SIGTERM');
    await child.exited;
    spawnSync('bash', [join(ROOT, 'scripts/pg-test.sh'), 'stop', pg.dir], { stdio: 'ignore' });
  }
}

// ---------------------------------------------------------------- part 5: a shaped link in a network namespace

const LINK_PORT = 18_080;

/** Runs inside the namespace: server, proxy (+300 ms each way) on LINK_PORT, one office's day synced over it. */
async function netnsChild() {
  // Without netem in the kernel the proxy carries the link's delay.
  const latencyMs = args.includes('kernel-delay') ? 0 : 300;
  const server = await startServer({
    port: 0,
    tls: false,
    dataDir: 'memory:',
    logger: false,
    passwordIterations: PASSWORD_ITERATIONS,
  });
  const out: Record<string, unknown> = {};
  try {
    const code = server.demo!.codes.find((c) => c.officeKey === 'karasu')!.code;
    // Enrolment happens once, at installation, on a good link: it is not part of the day.
    const dev = await makeDevice({
      baseUrl: server.url,
      code,
      name: 'EDGE laptop',
      password: server.demo!.password,
      engine: {},
    });
    await leaseNumbers(dev, 'preschool-queue', 200);
    await dev.engine.syncNow();
    await workday(
      dev,
      { applications: 100, serial: 70_000, resolved: 1, completed: 1, printed: 1, referralEvery: 10 },
      server.demo!.password,
    );
    const { db, vault } = dev.desk.context;
    const outbox = await db.outbox.orderBy('deviceSeq').toArray();
    const ops = await Promise.all(outbox.map((r) => opFromRow(vault, r)));
    let proxy = await startFlakyProxy({ target: { port: server.port }, port: LINK_PORT, latencyMs });
    const enr = (await getEnrolment(dev.desk.context))!;
    const firstCursor = (await db.meta.get('syncCursor'))!.value as string;
    await db.meta.put({ key: 'enrolment', value: { ...enr, baseUrl: proxy.url } });
    let pushEnd: { t: number; up: number; down: number } | null = null;
    const calls: Array<{ path: string; ms: number; ok: boolean }> = [];
    const f: typeof fetch = async (input, init) => {
      const path = new URL(String(input)).pathname;
      if (!pushEnd && path === '/v1/pull') pushEnd = { t: now(), up: proxy.stats.bytesUp, down: proxy.stats.bytesDown };
      const s = now();
      try {
        const r = await fetch(input, init);
        const text = await r.text();
        calls.push({ path, ms: Math.round(now() - s), ok: r.ok });
        return new Response(text, { status: r.status, headers: r.headers });
      } catch (e) {
        calls.push({ path, ms: Math.round(now() - s), ok: false });
        throw e;
      }
    };
    // The engine as shipped: real backoff, five attempts per request, its own timeouts.
    const engine = new SyncEngine(dev.desk.context, { fetch: f });
    const t0 = now();
    let runs = 0;
    let last;
    while (runs < 8) {
      last = await engine.syncNow();
      runs++;
      if (last.pending === 0 && last.status === 'idle') break;
    }
    const ms = now() - t0;
    const st = { ...proxy.stats };
    const pe = pushEnd ?? { t: now(), up: st.bytesUp, down: st.bytesDown };
    const { rows: applied } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ops WHERE device_id = $1 AND status = 'applied'`,
      [await dev.deviceId()],
    );
    out.ours = {
      ops: ops.length,
      applied: applied[0].n,
      done: last?.pending === 0 && last?.status === 'idle',
      state: last?.status,
      error: last?.error,
      runs,
      ms: Math.round(ms),
      pushMs: Math.round(pe.t - t0),
      push: { up: pe.up, down: pe.down },
      pull: { up: st.bytesUp - pe.up, down: st.bytesDown - pe.down },
      requests: st.requests,
      timeouts: calls.filter((c) => !c.ok).length,
      slowest: calls.sort((a, b) => b.ms - a.ms).slice(0, 3),
    };
    console.error('[netns] ours', JSON.stringify(out.ours));
    await proxy.close();

    // PouchDB over the same link, the same records.
    const w = { ops, kindergartens: await db.kindergartens.toArray() } as Workload;
    const pouch = await buildPouch(w, `edge-${process.pid}`);
    const srv = await spawnPouchServer('memory');
    proxy = await startFlakyProxy({ target: { port: srv.port }, port: LINK_PORT, latencyMs });
    const t1 = now();
    let pruns = 0;
    for (; pruns < 20; pruns++) {
      await watched(pouch.local.replicate.to(remotePouch(`${proxy.url}/edge`)), 120_000);
      if (await complete(remotePouch(`http://127.0.0.1:${srv.port}/edge`), pouch.docs)) break;
    }
    const pushMs = now() - t1;
    const push = { up: proxy.stats.bytesUp, down: proxy.stats.bytesDown };
    const t2 = now();
    await watched(pouch.local.replicate.from(remotePouch(`${proxy.url}/edge`)), 120_000);
    out.pouch = {
      docs: pouch.docs.size,
      runs: pruns + 1,
      pushMs: Math.round(pushMs),
      push,
      pullMs: Math.round(now() - t2),
      pull: { up: proxy.stats.bytesUp - push.up, down: proxy.stats.bytesDown - push.down },
    };
    console.error('[netns] pouch', JSON.stringify(out.pouch));
    await proxy.close();
    await srv.close();

    // A worse day, 64 kbit/s down: does one pull page (the first of this sync) still fit in
    // the engine's fixed 20 s timeout for requests without a body?
    execFileSync('tc', [
      'class',
      'change',
      'dev',
      'lo',
      'parent',
      '1:',
      'classid',
      '1:20',
      'htb',
      'rate',
      '64kbit',
      'ceil',
      '64kbit',
      'burst',
      '3000',
      'cburst',
      '3000',
    ]);
    proxy = await startFlakyProxy({ target: { port: server.port }, port: LINK_PORT, latencyMs });
    const t3 = now();
    try {
      const page = await call<{ changes: unknown[] }>(
        { baseUrl: proxy.url, token: enr.token },
        'GET',
        `/v1/pull?cursor=${encodeURIComponent(firstCursor)}&limit=200`,
      );
      out.slowPull = {
        ok: true,
        ms: Math.round(now() - t3),
        changes: page.changes.length,
        bytes: proxy.stats.bytesDown,
      };
    } catch (e) {
      out.slowPull = {
        ok: false,
        code: e instanceof SyncHttpError ? e.code : String(e),
        ms: Math.round(now() - t3),
        bytes: proxy.stats.bytesDown,
      };
    }
    console.error('[netns] slow pull', JSON.stringify(out.slowPull));
    await proxy.close();
  } finally {
    await server.close();
  }
  console.log(JSON.stringify(out));
}

function sh(cmd: string[], input?: string) {
  execFileSync(cmd[0], cmd.slice(1), { input, stdio: ['pipe', 'ignore', 'pipe'] });
}

async function partNetns() {
  const P = '5 (EDGE link: 100 kbit/s, 300 ms, 2% loss)';
  if (process.getuid?.() !== 0) {
    row(P, 'skipped', 'not root: cannot create a network namespace', '');
    details.netns = { skipped: 'not root' };
    return;
  }
  const ns = `akimat-bench-${process.pid}`;
  const inNs = (...c: string[]) => ['ip', 'netns', 'exec', ns, ...c];
  const notes: string[] = [];
  try {
    sh(['ip', 'netns', 'add', ns]);
    sh(inNs('ip', 'link', 'set', 'lo', 'mtu', '1500'));
    sh(inNs('ip', 'link', 'set', 'lo', 'up'));
    // Rate: htb, one 100 kbit/s class each way for the proxy's port (the link); the proxy's
    // own hop to the server stays unshaped.
    sh(inNs('tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', '30', 'r2q', '1'));
    sh(
      inNs(
        'tc',
        'class',
        'add',
        'dev',
        'lo',
        'parent',
        '1:',
        'classid',
        '1:10',
        'htb',
        'rate',
        '100kbit',
        'ceil',
        '100kbit',
        'burst',
        '3000',
        'cburst',
        '3000',
      ),
    );
    sh(
      inNs(
        'tc',
        'class',
        'add',
        'dev',
        'lo',
        'parent',
        '1:',
        'classid',
        '1:20',
        'htb',
        'rate',
        '100kbit',
        'ceil',
        '100kbit',
        'burst',
        '3000',
        'cburst',
        '3000',
      ),
    );
    sh(
      inNs(
        'tc',
        'class',
        'add',
        'dev',
        'lo',
        'parent',
        '1:',
        'classid',
        '1:30',
        'htb',
        'rate',
        '10gbit',
        'quantum',
        '60000',
      ),
    );
    sh(
      inNs(
        'tc',
        'filter',
        'add',
        'dev',
        'lo',
        'parent',
        '1:',
        'protocol',
        'ip',
        'prio',
        '1',
        'u32',
        'match',
        'ip',
        'dport',
        String(LINK_PORT),
        '0xffff',
        'flowid',
        '1:10',
      ),
    );
    sh(
      inNs(
        'tc',
        'filter',
        'add',
        'dev',
        'lo',
        'parent',
        '1:',
        'protocol',
        'ip',
        'prio',
        '1',
        'u32',
        'match',
        'ip',
        'sport',
        String(LINK_PORT),
        '0xffff',
        'flowid',
        '1:20',
      ),
    );
    notes.push('rate: tc htb 100 kbit/s each way on the link port');
    // Delay: netem is the usual tool; without it the proxy adds 300 ms each way in user space.
    let netem = false;
    try {
      sh(inNs('tc', 'qdisc', 'add', 'dev', 'lo', 'parent', '1:10', 'netem', 'delay', '300ms', 'loss', '2%'));
      sh(inNs('tc', 'qdisc', 'add', 'dev', 'lo', 'parent', '1:20', 'netem', 'delay', '300ms', 'loss', '2%'));
      netem = true;
      notes.push('delay and loss: tc netem 300 ms, 2% each way');
    } catch {
      notes.push(
        'netem is not in this kernel (CONFIG_NET_SCH_NETEM unset): 300 ms each way added by the proxy in user space',
      );
      try {
        const rules = `table inet akimat_bench {\n chain out {\n  type filter hook output priority 0;\n  tcp dport ${LINK_PORT} numgen random mod 100 < 2 drop\n  tcp sport ${LINK_PORT} numgen random mod 100 < 2 drop\n }\n}\n`;
        sh(inNs('nft', '-f', '-'), rules);
        notes.push("loss: nftables drops 2% of the link's packets each way (numgen random)");
      } catch (e) {
        notes.push(`no packet loss: nft unavailable (${String((e as Error).message).slice(0, 80)})`);
      }
    }
    log(`netns ${ns}: ${notes.join('; ')}`);
    const childArgs = [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--netns-child',
      netem ? 'kernel-delay' : 'proxy-delay',
    ];
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn('ip', ['netns', 'exec', ns, process.execPath, ...childArgs], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buf = '';
      p.stdout.on('data', (c) => (buf += c));
      const timer = setTimeout(() => p.kill('SIGKILL'), 20 * 60_000);
      p.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(buf);
        else reject(new Error(`netns child exited ${code}`));
      });
    });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    details.netns = { notes, ...r };
    const o = r.ours;
    row(
      P,
      `ours: ${o.ops} ops (100 applications, all 5 steps) synced`,
      o.done ? 'yes' : `NO (${o.state} ${JSON.stringify(o.error)})`,
      '',
      'yes',
      o.done,
    );
    row(P, 'ours: push, time', o.pushMs, 'ms');
    row(P, 'ours: push, bytes up / down', `${kb(o.push.up).toFixed(0)} / ${kb(o.push.down).toFixed(0)}`, 'KiB');
    row(P, 'ours: pull after it, bytes down', kb(o.pull.down), 'KiB');
    row(P, 'ours: whole sync (push+pull+leases), time', o.ms, 'ms');
    row(P, 'ours: failed requests (timeouts, retried)', o.timeouts, '');
    if (r.slowPull) {
      const sp = r.slowPull;
      row(
        P,
        'at 64 kbit/s down: one pull page (200 changes) within the 20 s timeout',
        sp.ok ? `yes, ${sp.ms} ms` : `NO: ${sp.code} after ${sp.ms} ms`,
        '',
        'yes',
        sp.ok,
      );
    }
    if (r.pouch) {
      row(P, `PouchDB: ${r.pouch.docs} docs replicate.to, time`, r.pouch.pushMs, 'ms');
      row(
        P,
        'PouchDB: bytes up / down',
        `${kb(r.pouch.push.up).toFixed(0)} / ${kb(r.pouch.push.down).toFixed(0)}`,
        'KiB',
      );
      row(
        P,
        'PouchDB: replicate.from after it, time / bytes down',
        `${r.pouch.pullMs} ms / ${kb(r.pouch.pull.down).toFixed(0)} KiB`,
        '',
      );
    }
  } catch (e) {
    row(P, 'skipped', String((e as Error).message).slice(0, 100), '');
    details.netns = { skipped: String((e as Error).message), notes };
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  }
}

// ---------------------------------------------------------------- main

async function main() {
  if (args.includes('--netns-child')) return netnsChild();
  const started = new Date().toISOString();
  const load0 = loadavg()[0];
  if (['ours', 'pouch', 'ourspg', 'faults'].some((p) => ONLY.has(p))) await partsOursAndPouch();
  if (ONLY.has('pg')) await partPostgres();
  if (ONLY.has('netns')) await partNetns();
  console.log(
    `\nakimat-desk sync benchmark, Node ${process.versions.node}, ${cpus().length} cores, load average ${load0.toFixed(1)} at start, ${started}`,
  );
  console.table(rows);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench-results/sync.json'),
    JSON.stringify(
      { at: started, node: process.versions.node, cores: cpus().length, loadAverageAtStart: load0, rows, details },
      null,
      2,
    ),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
