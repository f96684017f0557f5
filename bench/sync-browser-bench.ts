/**
 * The sync benchmark where both clients really run: in Chromium (Debian's,
 * via Playwright). Our desk (renderer/services on its real encrypted
 * IndexedDB, the real SyncEngine; bench/sync-browser.ts) pushes one office's
 * ~10k ops to our server in its own process, on PGlite and then on a
 * throwaway PostgreSQL (scripts/pg-test.sh); PouchDB's browser build
 * (IndexedDB) replicates the same records, one revision per op, to
 * express-pouchdb in its own process (bench/pouch-server.ts, memory and
 * LevelDB). Bytes are counted on the wire by a proxy in front of each server
 * (tests/helpers/flaky-proxy.ts, nothing cut); CPU is read from /proc for the
 * server process (and PostgreSQL's) and for all of Chromium's processes.
 *
 *   npm run bench -- --only sync-browser [--ops 10000]        (--ops 1000: a quick run)
 *
 * BENCH_CPU_PROFILE=dir writes CPU profiles of each push: the server process
 * (node --cpu-prof) and the page (CDP Profiler), with a summary of where the
 * time goes. Writes bench-results/sync-browser.json.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession } from '@playwright/test';
import { openDb } from '../server/db';
import { DEMO_PASSWORD } from '../server/demo/seed';
import { spawnServer, type ChildServer } from '../tests/support/child';
import { startFlakyProxy, type FlakyProxy, type ProxyStats } from '../tests/helpers/flaky-proxy';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const TARGET_OPS = Number(arg('ops', '10000'));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** BENCH_DIST: a page already built (skips the build); else built into dist-bench-sync. */
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist-bench-sync');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const log = (...a: unknown[]) => console.error('[sync-browser]', ...a);
const kb = (b: number) => b / 1024;

type Row = { part: string; what: string; value: number | string; unit: string; target: string; verdict: string };
const rows: Row[] = [];
const row = (part: string, what: string, value: number | string, unit: string, target = '', ok?: boolean) =>
  rows.push({
    part,
    what,
    value: typeof value === 'number' ? +value.toFixed(value < 10 ? 2 : 0) : value,
    unit,
    target,
    verdict: ok === undefined ? '' : ok ? 'OK' : 'MISSED',
  });

// ---------------------------------------------------------------- CPU from /proc

/** Every live process: its parent and its user + system CPU so far (ms). */
function processTable(): Map<number, { ppid: number; cpuMs: number }> {
  const out = new Map<number, { ppid: number; cpuMs: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), { ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

/** CPU (ms) of a process and all its live descendants: Chromium's browser, renderer, GPU and network processes; PostgreSQL's backends. */
function treeCpuMs(root: number, table = processTable()): number {
  let sum = 0;
  const todo = [root];
  const kids = new Map<number, number[]>();
  for (const [pid, p] of table) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), pid]);
  while (todo.length) {
    const pid = todo.pop()!;
    sum += table.get(pid)?.cpuMs ?? 0;
    todo.push(...(kids.get(pid) ?? []));
  }
  return sum;
}

/** The kind of each of Chromium's processes (browser, renderer, network, storage, gpu...), from its command line. */
const kinds = new Map<number, string>();
function chromiumKind(pid: number): string {
  let k = kinds.get(pid);
  if (!k) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // Gone: counted under "other".
    }
    const type = /--type=([\w-]+)/.exec(cmd)?.[1];
    const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1];
    k = pid === browserPid ? 'browser' : sub ? sub.split('.')[0] : (type ?? 'other');
    kinds.set(pid, k);
  }
  return k;
}

/** CPU (ms) of Chromium's processes by kind: the IndexedDB backend and the network stack are outside the page. */
function chromiumCpuByKind(table: Map<number, { ppid: number; cpuMs: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  const kids = new Map<number, number[]>();
  for (const [pid, p] of table) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), pid]);
  const todo = [browserPid];
  while (todo.length) {
    const pid = todo.pop()!;
    const k = chromiumKind(pid);
    out[k] = (out[k] ?? 0) + (table.get(pid)?.cpuMs ?? 0);
    todo.push(...(kids.get(pid) ?? []));
  }
  return out;
}

/** Chromium as Playwright started it: our own child whose command line is the browser's. */
function chromiumPid(): number {
  for (const [pid, p] of processTable()) {
    if (p.ppid !== process.pid) continue;
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes('chromium') && cmd.includes('--remote-debugging-pipe')) return pid;
  }
  throw new Error('Chromium process not found');
}

// ---------------------------------------------------------------- what is measured at the page's marks

type Snapshot = {
  t: number;
  /** CLOCK_MONOTONIC in µs, the clock of V8's profile timestamps: the server's profile is cut to the push with it. */
  mono: number;
  load: number;
  browserByKind: Record<string, number>;
  serverMs: number;
  dbMs: number;
  browserMs: number;
  taskS: number;
  proxy: ProxyStats;
};
type Watch = { serverPid: number; dbPid?: number; proxy: FlakyProxy; profileName: string };

let cdp: CDPSession;
let browserPid = 0;
let watch: Watch | null = null;
const marks: Record<string, Snapshot> = {};

async function snapshot(w: Watch): Promise<Snapshot> {
  const table = processTable();
  const { metrics } = await cdp.send('Performance.getMetrics');
  return {
    t: performance.now(),
    mono: Number(process.hrtime.bigint() / 1000n),
    load: loadavg()[0],
    browserByKind: chromiumCpuByKind(table),
    serverMs: treeCpuMs(w.serverPid, table),
    dbMs: w.dbPid ? treeCpuMs(w.dbPid, table) : 0,
    browserMs: treeCpuMs(browserPid, table),
    taskS: metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0,
    proxy: { ...w.proxy.stats },
  };
}

/** Called by the page (window.benchMark) when its push starts and when it ends. */
async function mark(what: 'start' | 'pushEnd') {
  const w = watch!;
  if (what === 'start' && PROFILE_DIR) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  marks[what] = await snapshot(w);
  if (what === 'pushEnd' && PROFILE_DIR) {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `browser-${w.profileName}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    profiles[`browser ${w.profileName}`] = summarise(profile as CpuProfile);
  }
}

type Measured = {
  pushMs: number;
  serverCpuMs: number;
  dbCpuMs: number;
  browserCpuMs: number;
  pageMainThreadMs: number;
  up: number;
  down: number;
  requests: number;
  /** The 1-minute load average when the push started: the machine is shared. */
  loadAtStart: number;
  browserCpuByKindMs: Record<string, number>;
  window: [number, number];
};

function measured(pushMs: number): Measured {
  const a = marks.start;
  const b = marks.pushEnd;
  return {
    pushMs,
    serverCpuMs: b.serverMs - a.serverMs,
    dbCpuMs: b.dbMs - a.dbMs,
    browserCpuMs: b.browserMs - a.browserMs,
    pageMainThreadMs: (b.taskS - a.taskS) * 1000,
    up: b.proxy.bytesUp - a.proxy.bytesUp,
    down: b.proxy.bytesDown - a.proxy.bytesDown,
    requests: b.proxy.requests - a.proxy.requests,
    loadAtStart: a.load,
    browserCpuByKindMs: Object.fromEntries(
      Object.entries(b.browserByKind)
        .map(([k, ms]) => [k, ms - (a.browserByKind[k] ?? 0)] as const)
        .filter(([, ms]) => ms > 0)
        .sort((x, y) => y[1] - x[1]),
    ),
    window: [a.mono, b.mono],
  };
}

// ---------------------------------------------------------------- CPU profiles

type CpuProfile = {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};
const profiles: Record<string, unknown> = {};

/** Where a profile's time goes: self time by function and by script (ms), the top ones. */
function summarise(p: CpuProfile, window?: [number, number]) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (window && (at < window[0] || at > window[1])) continue;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  const fn = new Map<string, number>();
  const script = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!.callFrame;
    total += ms;
    const file = n.url.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/(assets|work\/main)\//, '');
    const fname = `${n.functionName || '(anonymous)'} ${file}${file ? `:${n.lineNumber + 1}` : ''}`;
    fn.set(fname, (fn.get(fname) ?? 0) + ms);
    const pkg = /^node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.split('?')[0] || n.functionName);
    script.set(pkg, (script.get(pkg) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, k: number) =>
    Object.fromEntries(
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([key, ms]) => [key, Math.round(ms)]),
    );
  return { totalMs: Math.round(total), bySelfTimeFunction: top(fn, 25), byScriptOrPackage: top(script, 15) };
}

/** The main thread's .cpuprofile node --cpu-prof wrote into `dir` (the server's whole life), summarised over the push only. */
function serverProfile(dir: string, name: string, window: [number, number]) {
  if (!existsSync(dir)) return;
  // Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>: thread 0 is the server's main thread (the others: tsx's loader).
  const f = readdirSync(dir).filter((x) => /\.0\.\d+\.cpuprofile$/.test(x));
  if (!f.length) return;
  const file = join(dir, f.sort().at(-1)!);
  profiles[`server ${name}`] = { file, ...summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, window) };
}

// ---------------------------------------------------------------- servers

/** The built page, served on loopback: its origin is the one our server's CORS_ORIGINS and PouchDB's server allow. */
function servePage(dir: string): Promise<Server> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.ttf': 'font/ttf',
  };
  const server = createServer((req, res) => {
    const file = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(dir + sep) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function ourServer(env: Record<string, string>, origin: string, profile?: string): Promise<ChildServer> {
  return spawnServer(
    { ...env, CORS_ORIGINS: origin },
    120_000,
    profile ? ['--cpu-prof', '--cpu-prof-interval', '200', `--cpu-prof-dir=${profile}`] : [],
  );
}

async function stopChild(c: { proc: ChildProcess; exited: Promise<unknown> }) {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  await c.exited;
}

/** express-pouchdb in its own process (bench/pouch-server.ts), allowing the page's origin. */
async function pouchServer(adapter: 'memory' | 'leveldb', origin: string) {
  const dir = mkdtempSync(join(shm, 'akimat-pouch-srv-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/pouch-server.ts'), adapter, dir], {
    cwd: ROOT,
    env: { ...process.env, POUCH_CORS_ORIGIN: origin },
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
    void exited.then(() => rej(new Error('pouch server exited before listening')));
  });
  return {
    proc,
    port,
    exited,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

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

/** Exactly once, checked on the server's own table once it has shut down. */
async function checkApplied(target: { dataDir: string } | { databaseUrl: string }, deviceId: string, n: number) {
  const sdb = await openDb('dataDir' in target ? target : { databaseUrl: target.databaseUrl, dataDir: '' });
  try {
    const { rows: r } = await sdb.query<{ n: number; seqs: number; applied: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT device_seq)::int AS seqs, count(*) FILTER (WHERE status = 'applied')::int AS applied FROM ops WHERE device_id = $1`,
      [deviceId],
    );
    if (r[0].n !== n || r[0].seqs !== n || r[0].applied !== n)
      throw new Error(`ours: the server holds ${JSON.stringify(r[0])} for ${n} ops sent`);
  } finally {
    await sdb.close();
  }
}

// ---------------------------------------------------------------- the run

type Workload = {
  applications: number;
  ops: number;
  byKind: Record<string, number>;
  generateMs: number;
  deviceId: string;
};

async function main() {
  if (!process.env.BENCH_DIST) {
    log('building the bench page...');
    execFileSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts', '--outDir', DIST, '--emptyOutDir'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const page0 = await servePage(DIST);
  const origin = `http://127.0.0.1:${(page0.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const cleanups: Array<() => unknown> = [];
  const results: Record<string, Measured & Record<string, unknown>> = {};
  const workloads: Record<string, Workload> = {};
  let pouchBuild: Record<string, unknown> | undefined;
  try {
    browserPid = chromiumPid();
    const page = await browser.newPage();
    page.setDefaultTimeout(60 * 60_000);
    page.on('pageerror', (e) => log('page error:', e.message));
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.exposeFunction('benchMark', mark);
    await page.goto(`${origin}/sync-browser.html`);
    await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready');

    // The workloads first: one desk per server, each enrolled with the demo office's code and making the same day.
    const pgliteDir = mkdtempSync(join(shm, 'akimat-sync-browser-'));
    cleanups.push(() => rmSync(pgliteDir, { recursive: true, force: true }));
    const pg = startPg();
    if ('error' in pg) {
      log(`ours on PostgreSQL skipped: ${pg.error}`);
      row('ours, PostgreSQL', 'skipped', pg.error.slice(0, 80), '');
    } else
      cleanups.push(() => spawnSync('bash', [join(ROOT, 'scripts/pg-test.sh'), 'stop', pg.dir], { stdio: 'ignore' }));
    const targets: Array<{
      name: string;
      label: string;
      env: Record<string, string>;
      db: { dataDir: string } | { databaseUrl: string };
      dbPid?: () => number;
    }> = [{ name: 'pglite', label: 'ours, PGlite', env: { DATA_DIR: pgliteDir }, db: { dataDir: pgliteDir } }];
    if (!('error' in pg))
      targets.push({
        name: 'postgres',
        label: 'ours, PostgreSQL',
        env: { DATABASE_URL: pg.url },
        db: { databaseUrl: pg.url },
        // The postmaster: its backends are the server's SQL work.
        dbPid: () => Number(readFileSync(join(pg.dir, 'data/postmaster.pid'), 'utf8').split('\n')[0]),
      });
    const proxies: Record<string, FlakyProxy> = {};
    for (const t of targets) {
      const s = await ourServer({ ...t.env, DEMO: '1' }, origin);
      const proxy = await startFlakyProxy({ target: { port: Number(new URL(s.url).port) }, cutFraction: 0 });
      proxies[t.name] = proxy;
      cleanups.push(() => proxy.close());
      try {
        log(`${t.label}: the desk makes the day (${TARGET_OPS} ops)...`);
        workloads[t.name] = await page.evaluate((o) => (window as any).bench.makeWorkload(o), {
          name: t.name,
          baseUrl: proxy.url,
          code: s.codes['ҚРС'],
          password: DEMO_PASSWORD,
          ops: TARGET_OPS,
        });
        log(`${t.label}:`, JSON.stringify(workloads[t.name]));
      } finally {
        await stopChild(s);
      }
    }

    log('PouchDB: the same records written to its IndexedDB, one revision per op...');
    pouchBuild = await page.evaluate(() => (window as any).bench.buildPouch('pglite'));
    log('PouchDB:', JSON.stringify(pouchBuild));

    for (const t of targets) {
      const profile = PROFILE_DIR ? join(PROFILE_DIR, `server-${t.name}`) : undefined;
      const s = await ourServer({ ...t.env, DEMO: '0' }, origin, profile);
      const proxy = proxies[t.name];
      proxy.setTarget({ port: Number(new URL(s.url).port) });
      watch = { serverPid: s.proc.pid!, dbPid: t.dbPid?.(), proxy, profileName: t.name };
      try {
        log(`${t.label}: push...`);
        const r = await page.evaluate((name) => (window as any).bench.pushOurs(name), t.name);
        results[t.label] = {
          ...measured(r.pushMs),
          wholeSyncMs: r.ms,
          runs: r.runs,
          ops: r.ops,
          requestInFlightMs: r.requestInFlightMs,
        };
        log(`${t.label}:`, JSON.stringify(results[t.label]));
      } finally {
        await stopChild(s);
      }
      await checkApplied(t.db, workloads[t.name].deviceId, workloads[t.name].ops);
      if (profile) serverProfile(profile, t.name, results[t.label].window);
    }

    for (const adapter of ['memory', 'leveldb'] as const) {
      const label = `PouchDB, ${adapter === 'memory' ? 'memory' : 'LevelDB'}`;
      const srv = await pouchServer(adapter, origin);
      const proxy = await startFlakyProxy({ target: { port: srv.port }, cutFraction: 0 });
      watch = { serverPid: srv.proc.pid!, proxy, profileName: `pouch-${adapter}` };
      try {
        log(`${label}: replicate.to...`);
        const r = await page.evaluate((url) => (window as any).bench.pushPouch(url), `${proxy.url}/office-${adapter}`);
        results[label] = { ...measured(r.pushMs), docsWritten: r.docsWritten };
        log(`${label}:`, JSON.stringify(results[label]));
      } finally {
        await proxy.close();
        await stopChild(srv);
        srv.remove();
      }
    }
  } finally {
    await browser.close();
    page0.close();
    for (const c of cleanups.reverse()) await c();
  }

  const n = workloads.pglite.ops;
  for (const [label, r] of Object.entries(results)) {
    const ops = label.startsWith('ours') ? Number(r.ops) : n;
    const P = `${label} (${ops} ops)`;
    row(P, 'push: ops made -> all acknowledged', r.pushMs, 'ms');
    row(P, 'push: throughput', (ops / r.pushMs) * 1000, 'ops/s');
    row(P, 'bytes up / down (on the wire)', `${kb(r.up).toFixed(0)} / ${kb(r.down).toFixed(0)}`, 'KiB');
    row(P, 'HTTP requests (preflights included)', r.requests, '');
    if (typeof r.requestInFlightMs === 'number')
      row(P, '  wall time with a request on the wire (the link and the server)', r.requestInFlightMs, 'ms');
    row(
      P,
      r.dbCpuMs ? 'server CPU: server process + PostgreSQL' : 'server CPU (server process)',
      r.dbCpuMs
        ? `${Math.round(r.serverCpuMs + r.dbCpuMs)} (${Math.round(r.serverCpuMs)} + ${Math.round(r.dbCpuMs)})`
        : r.serverCpuMs,
      'ms',
    );
    row(P, 'browser CPU: all Chromium processes', r.browserCpuMs, 'ms');
    row(
      P,
      '  of which, by Chromium process',
      Object.entries(r.browserCpuByKindMs)
        .map(([k, ms]) => `${k} ${Math.round(ms)}`)
        .join(', '),
      'ms',
    );
    // CDP's TaskDuration is the wall time of the page's tasks: on a busy machine, more than their CPU.
    row(P, "page main thread busy (its tasks' wall time, CDP)", r.pageMainThreadMs, 'ms');
    row(P, 'load average (1 min) when it started', r.loadAtStart, '');
  }
  for (const ours of ['ours, PGlite', 'ours, PostgreSQL']) {
    const o = results[ours];
    if (!o) continue;
    for (const pouch of ['PouchDB, memory', 'PouchDB, LevelDB']) {
      const p = results[pouch];
      if (!p) continue;
      const speed = p.pushMs / o.pushMs;
      row('verdict', `push speed: ${pouch} time / ${ours}`, speed, 'x', '>= 3x', speed >= 3);
      const up = o.up / p.up;
      row('verdict', `bytes up: ${ours} / ${pouch}`, up, 'ratio', '<= 0.20', up <= 0.2);
    }
  }
  console.log(
    `\nakimat-desk browser sync benchmark, Chromium, ${cpus().length} cores, load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );
  console.table(rows);
  if (Object.keys(profiles).length) console.log(JSON.stringify(profiles, null, 2));
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench-results/sync-browser.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        cores: cpus().length,
        targetOps: TARGET_OPS,
        workloads,
        pouchBuild,
        results,
        profiles,
        rows,
      },
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
