#!/usr/bin/env node
// `npm run bench`: benchmarks (not tests): numbers printed beside their targets in one run.
// The desk in Chromium first, then sync (bench/sync-e2e-bench.ts, in Node).
//   npm run bench -- --only desk|sync     one part; other flags go to the sync bench (e.g. --ops 2000)
//   npm run bench -- --only reports       the district reports on PGlite and PostgreSQL (bench/reports-bench.ts,
//                                         not part of a plain `npm run bench`); other flags go to it (e.g. --apps 6000)
//   npm run bench -- --only district      the generated district of 40 offices at 10k and then 60k waiting children on
//                                         PostgreSQL (bench/reports-bench.ts twice): pulls, the queue page, enrolment
//                                         pulls, memory, and how each grows (not part of a plain `npm run bench`)
//   npm run bench -- --only sync-browser  our desk and PouchDB, both in Chromium, pushing the same ~10k ops
//                                         (bench/sync-browser-bench.ts, not part of a plain `npm run bench`); e.g. --ops 1000
import { execSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { serveStatic } from './static-server.mjs';

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : null;
if (only && !['desk', 'sync', 'reports', 'district', 'sync-browser'].includes(only)) {
  console.error(`--only: desk, sync, reports, district or sync-browser, not ${only}`);
  process.exit(2);
}
const syncArgs = onlyAt >= 0 ? [...argv.slice(0, onlyAt), ...argv.slice(onlyAt + 2)] : argv;

const N = Number(process.env.BENCH_N ?? 100_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

if (only === 'reports') {
  // Its own process, like the sync bench: it starts servers and a throwaway PostgreSQL, and cleans up after itself.
  const r = spawnSync('npx', ['tsx', 'bench/reports-bench.ts', ...syncArgs], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (only === 'district') {
  // One generated district per size (10k and 60k waiting children: 30,000 and 180,000 applications), each in its
  // own run of the reports bench on a throwaway PostgreSQL; then every figure beside its value at the other size.
  const sizes = [
    { label: '10k waiting', apps: 30_000, ops: 150_000 },
    { label: '60k waiting', apps: 180_000, ops: 900_000 },
  ];
  const runs = [];
  for (const size of sizes) {
    const r = spawnSync(
      'npx',
      [
        'tsx',
        'bench/reports-bench.ts',
        '--only',
        'pg',
        '--apps',
        String(size.apps),
        '--ops',
        String(size.ops),
        ...syncArgs,
      ],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) process.exit(r.status ?? 1);
    const out = `bench-results/district-${size.apps}.json`;
    copyFileSync('bench-results/reports.json', out);
    runs.push({ ...size, rows: JSON.parse(readFileSync(out, 'utf8')).rows });
  }
  console.log('\nthe district at two sizes, PostgreSQL (each cell as the reports bench printed it):');
  const whats = [...new Set(runs.flatMap((r) => r.rows.map((x) => x.what)))];
  console.table(
    whats.map((what) => ({
      what,
      ...Object.fromEntries(runs.map((r) => [r.label, r.rows.find((x) => x.what === what)?.PostgreSQL ?? ''])),
      target: runs.map((r) => r.rows.find((x) => x.what === what)?.target).find(Boolean) ?? '',
    })),
  );
  process.exit(0);
}
if (only === 'sync-browser') {
  // Its own process too: it builds its page, starts our servers, PostgreSQL, express-pouchdb and Chromium.
  const r = spawnSync('npx', ['tsx', 'bench/sync-browser-bench.ts', ...syncArgs], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (only !== 'sync') await benchDesk();
if (only !== 'desk') {
  // Its own process: the sync bench starts servers, PostgreSQL and a network namespace, and cleans up after itself.
  const r = spawnSync('npx', ['tsx', 'bench/sync-e2e-bench.ts', ...syncArgs], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function benchDesk() {
  const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
  console.log('building app and bench page...');
  run('npx vite build --logLevel warn');
  run('npx vite build --config bench/vite.config.ts');

  // A kept profile's database belongs to one origin, so a re-run with BENCH_PROFILE needs the same port (BENCH_PORT).
  const server = await serveStatic(
    { '/': 'dist', '/bench/': 'dist-bench' },
    { port: Number(process.env.BENCH_PORT ?? 0) },
  );
  const base = `http://127.0.0.1:${server.address().port}`;
  // BENCH_PROFILE keeps the browser profile (and its seeded database) for a re-run that skips most of the seeding.
  const keepProfile = !!process.env.BENCH_PROFILE;
  const profile = keepProfile ? process.env.BENCH_PROFILE : mkdtempSync(join(tmpdir(), 'akimat-bench-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });

  const rows = [];
  const row = (what, value, unit, target, ok) =>
    rows.push({
      what,
      value: typeof value === 'number' ? +value.toFixed(2) : value,
      unit,
      target: target ?? '',
      verdict: ok === undefined ? '' : ok ? 'OK' : 'MISSED',
    });

  try {
    let ctx = await launch();
    let page = await ctx.newPage();
    // The app's service worker, left in a kept profile by the cold starts of an earlier run, would answer
    // the bench page's navigation with the app: it goes (and its caches, so the first launch below fills
    // them again, as in a first run). The seeded database stays.
    await (
      await ctx.newCDPSession(page)
    ).send('Storage.clearDataForOrigin', { origin: base, storageTypes: 'service_workers,cache_storage' });
    page.setDefaultTimeout(30 * 60_000);
    // A fresh copy of the page: a kept profile's HTTP cache may hold an earlier build's, whose scripts are gone.
    await page.goto(`${base}/bench/index.html?at=${Date.now()}`);
    await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready');
    console.log(`seeding ${N} applications in IndexedDB...`);
    const seed = await page.evaluate((n) => window.bench.seed(n), N);
    row('bulk insert (seeding)', seed.perSecond, 'applications/s', '', undefined);
    if (seed.inserted > 0) {
      row('  of which sealing + blind indexes (WebCrypto), per application', seed.cryptoMs / seed.inserted, 'ms');
      row('  of which IndexedDB writes, per application', seed.writeMs / seed.inserted, 'ms');
    }
    const reg = await page.evaluate(() => window.bench.registerRate(1000));
    row('register() full path, 1,000 on top', reg.perSecond, 'applications/s', '', undefined);
    const q = await page.evaluate(() => window.bench.queries(200));
    row(`search by IIN p50 (${q.total} apps)`, q.iin.p50, 'ms');
    row('search by IIN p95', q.iin.p95, 'ms', '< 20 ms', q.iin.p95 < 20);
    row('search by name prefix p50', q.namePrefix.p50, 'ms');
    row('search by name prefix p95', q.namePrefix.p95, 'ms', '< 20 ms', q.namePrefix.p95 < 20);
    if (q.nameFolded) {
      row('search by name prefix on a Russian layout p50', q.nameFolded.p50, 'ms');
      row('search by name prefix on a Russian layout p95', q.nameFolded.p95, 'ms', '< 20 ms', q.nameFolded.p95 < 20);
    }
    row('search by journal No p95', q.journalNo.p95, 'ms', '< 20 ms', q.journalNo.p95 < 20);
    row('first page of the list p50', q.firstPage.p50, 'ms');
    row('first page of the list p95', q.firstPage.p95, 'ms', '< 50 ms', q.firstPage.p95 < 50);
    const home = await page.evaluate(() => window.bench.deskHome(10));
    for (const [part, s] of Object.entries(home)) {
      const kept = part.startsWith('stats (kept');
      row(`desk home: ${part} p50`, s.p50, 'ms', kept ? '< 50 ms' : '', kept ? s.p50 < 50 : undefined);
    }
    // 40 rounds: with 20, the nearest-rank p95 is the single slowest sample.
    const pdf = await page.evaluate(() => window.bench.pdfs(40));
    for (const [form, s] of Object.entries(pdf)) {
      // The one-off load of pdfmake and the fonts is not a per-form time; it has no per-form target.
      if (s.n === 1) {
        row(`PDF ${form}`, s.p50, 'ms');
        continue;
      }
      row(`PDF ${form} p50`, s.p50, 'ms');
      row(`PDF ${form} p95`, s.p95, 'ms', '< 300 ms', s.p95 < 300);
    }
    const heapMb = await page.evaluate(() => window.bench.heap());
    row('JS heap after the runs above', heapMb ?? 'n/a', 'MiB');
    await ctx.close();

    // Cold start: a fresh browser on the same profile (100k applications in IndexedDB) opens the app.
    // The first launch also fills the HTTP and service worker caches; the later ones are the everyday case.
    const cold = [];
    const desk = [];
    const beyondKdf = [];
    for (let i = 0; i < 5; i++) {
      ctx = await launch();
      // The password derivations (PBKDF2, in WebCrypto) a sign-in waits for, timed in the page: the
      // sign-in-to-home target is what comes on top of them.
      await ctx.addInitScript(() => {
        window.__kdfMs = 0;
        for (const m of ['deriveBits', 'deriveKey']) {
          const f = crypto.subtle[m].bind(crypto.subtle);
          crypto.subtle[m] = (alg, ...rest) => {
            const t = performance.now();
            const p = f(alg, ...rest);
            return alg?.name === 'PBKDF2' ? p.finally(() => (window.__kdfMs += performance.now() - t)) : p;
          };
        }
      });
      page = await ctx.newPage();
      await page.goto(`${base}/`);
      const t = await page.waitForFunction(() => performance.getEntriesByName('app-interactive')[0]?.startTime, null, {
        timeout: 60_000,
      });
      cold.push(await t.jsonValue());
      if (i > 0) {
        // Then the clerk signs in (PBKDF2 and the record key) and the desk home counts its tiles over every application.
        await page.getByTestId('signin-login').fill('clerk');
        await page.getByTestId('signin-password').fill('demo12345');
        const t0 = Date.now();
        await page.getByTestId('signin-submit').click();
        await page.getByTestId('desk-stats').waitFor({ timeout: 60_000 });
        desk.push(Date.now() - t0);
        beyondKdf.push(desk[desk.length - 1] - (await page.evaluate(() => window.__kdfMs)));
      }
      await ctx.close();
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const everyday = median(cold.slice(1));
    row('cold start to interactive (first launch)', cold[0], 'ms');
    row(`cold start to interactive (median of next ${cold.length - 1})`, everyday, 'ms', '< 1500 ms', everyday < 1500);
    // Issue #17: under 1 s in every run, the first launch included.
    const worst = Math.max(...cold);
    row(
      `cold start to interactive, min / median / max of all ${cold.length}`,
      `${Math.round(Math.min(...cold))} / ${Math.round(median(cold))} / ${Math.round(worst)}`,
      'ms',
      '< 1000 ms each',
      worst < 1000,
    );
    row(`sign-in to desk home with stats (median of ${desk.length})`, median(desk), 'ms');
    const beyond = median(beyondKdf);
    row('  beyond its password derivations (PBKDF2), median', beyond, 'ms', '< 300 ms', beyond < 300);
  } finally {
    server.close();
    if (!keepProfile) rmSync(profile, { recursive: true, force: true });
  }

  console.log(
    '\nakimat-desk benchmark, Chromium',
    (await import('node:os')).cpus().length,
    'cores,',
    new Date().toISOString(),
  );
  console.table(rows);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/desk.json', JSON.stringify({ at: new Date().toISOString(), n: N, rows }, null, 2));
}
