#!/usr/bin/env node
// `npm run bench`: benchmarks in Chromium (not tests): numbers printed beside their targets in one run.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { serveStatic } from './static-server.mjs';

const N = Number(process.env.BENCH_N ?? 100_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
console.log('building app and bench page...');
run('npx vite build --logLevel warn');
run('npx vite build --config bench/vite.config.ts');

const server = await serveStatic({ '/': 'dist', '/bench/': 'dist-bench' });
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'akimat-bench-'));
const launch = () => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });

const rows = [];
const row = (what, value, unit, target, ok) => rows.push({ what, value: typeof value === 'number' ? +value.toFixed(2) : value, unit, target: target ?? '', verdict: ok === undefined ? '' : ok ? 'OK' : 'MISSED' });

try {
  let ctx = await launch();
  let page = await ctx.newPage();
  page.setDefaultTimeout(30 * 60_000);
  await page.goto(`${base}/bench/index.html`);
  await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready');
  console.log(`seeding ${N} applications in IndexedDB...`);
  const seed = await page.evaluate((n) => window.bench.seed(n), N);
  row('bulk insert (seeding)', seed.perSecond, 'applications/s', '', undefined);
  const reg = await page.evaluate(() => window.bench.registerRate(1000));
  row('register() full path, 1,000 on top', reg.perSecond, 'applications/s', '', undefined);
  const q = await page.evaluate(() => window.bench.queries(200));
  row(`search by IIN p50 (${q.total} apps)`, q.iin.p50, 'ms');
  row('search by IIN p95', q.iin.p95, 'ms', '< 20 ms', q.iin.p95 < 20);
  row('search by name prefix p50', q.namePrefix.p50, 'ms');
  row('search by name prefix p95', q.namePrefix.p95, 'ms', '< 20 ms', q.namePrefix.p95 < 20);
  row('search by journal No p95', q.journalNo.p95, 'ms', '< 20 ms', q.journalNo.p95 < 20);
  row('first page of the list p50', q.firstPage.p50, 'ms');
  row('first page of the list p95', q.firstPage.p95, 'ms', '< 50 ms', q.firstPage.p95 < 50);
  const pdf = await page.evaluate(() => window.bench.pdfs(20));
  for (const [form, s] of Object.entries(pdf)) {
    row(`PDF ${form} p50`, s.p50, 'ms');
    row(`PDF ${form} p95`, s.p95, 'ms', '< 300 ms', s.p95 < 300);
  }
  const heapMb = await page.evaluate(() => window.bench.heap());
  row('JS heap after the runs above', heapMb ?? 'n/a', 'MiB');
  await ctx.close();

  // Cold start: a fresh browser on the same profile (100k applications in IndexedDB) opens the app.
  const cold = [];
  for (let i = 0; i < 4; i++) {
    ctx = await launch();
    page = await ctx.newPage();
    await page.goto(`${base}/`);
    const t = await page.waitForFunction(() => performance.getEntriesByName('app-interactive')[0]?.startTime, null, { timeout: 60_000 });
    cold.push(await t.jsonValue());
    await ctx.close();
  }
  cold.sort((a, b) => a - b);
  // The first launch also fills the HTTP and service worker caches; the rest are the everyday case.
  row('cold start to interactive (first launch)', cold[0] === undefined ? 'n/a' : cold[cold.length - 1], 'ms');
  row('cold start to interactive (median of 4)', cold[Math.floor(cold.length / 2)], 'ms', '< 1500 ms', cold[Math.floor(cold.length / 2)] < 1500);
} finally {
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log('\nakimat-desk benchmark, Chromium', (await import('node:os')).cpus().length, 'cores,', new Date().toISOString());
console.table(rows);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/desk.json', JSON.stringify({ at: new Date().toISOString(), n: N, rows }, null, 2));
