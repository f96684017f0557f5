#!/usr/bin/env node
/**
 * `npm start`: builds the renderer when dist/ is missing or older than its
 * sources, then runs the desktop shell if Electron is installed, otherwise
 * serves the same UI on http://127.0.0.1:5173 (PORT overrides) and keeps
 * running. Each part is a function so more services (the district server)
 * can join the start sequence without touching the others.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const SHELL_OUT = join(ROOT, 'dist-electron');
const RENDERER_SOURCES = [
  'index.html',
  'vite.config.ts',
  'package.json',
  'renderer',
  'shared',
  'locales',
  'public',
  'assets',
];

const log = (msg) => console.log(`[start] ${msg}`);

/** Newest modification time under the given paths (files or folders), in ms. */
export function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) walk(join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) walk(join(ROOT, p));
  return newest;
}

export function rendererIsStale() {
  const built = join(DIST, 'index.html');
  if (!existsSync(built)) return 'dist/ is missing';
  return newestMtime(RENDERER_SOURCES) > statSync(built).mtimeMs ? 'sources changed since the last build' : null;
}

export async function ensureRendererBuilt() {
  const why = rendererIsStale();
  if (!why) return log('renderer build is up to date');
  log(`building the renderer (${why})...`);
  const { build } = await import('vite');
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  log('renderer built into dist/');
}

/** Path of the Electron binary, or null when the optional package or its binary is absent. */
export function findElectron() {
  try {
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/**
 * Bundles the main process (electron/main.ts and its modules, electron-updater
 * included) into dist-electron/main.js (ESM) and the preload into
 * dist-electron/preload.cjs: a sandboxed preload is one CommonJS file that may
 * require nothing but 'electron'. 'electron' itself stays external.
 */
export async function buildShell(outDir = SHELL_OUT) {
  const { build } = await import('vite');
  mkdirSync(outDir, { recursive: true });
  const bundle = (entry, format, fileName) =>
    build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      publicDir: false,
      envDir: false,
      ssr: { noExternal: true, target: 'node' },
      build: {
        ssr: join(ROOT, 'electron', entry),
        outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        target: 'node22',
        minify: false,
        rolldownOptions: { external: ['electron'], output: { format, entryFileNames: fileName } },
      },
    });
  await bundle('main.ts', 'es', 'main.js');
  await bundle('preload.ts', 'cjs', 'preload.cjs');
}

export async function runElectron(bin) {
  await buildShell();
  log(`starting Electron (${bin})`);
  const child = spawn(bin, [join(SHELL_OUT, 'main.js')], { cwd: ROOT, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

function portIsFree(host, port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

export async function runWebMode() {
  const { serveStatic } = await import(pathToFileURL(join(ROOT, 'scripts', 'static-server.mjs')).href);
  const host = '127.0.0.1';
  const port = Number(process.env.PORT ?? 5173);
  if (!(await portIsFree(host, port))) {
    console.error(`[start] cannot listen on ${host}:${port}: the port is in use (set PORT to another number)`);
    process.exit(1);
  }
  const server = await serveStatic({ '/': DIST }, { host, port });
  const url = `http://${host}:${server.address().port}/`;
  console.log('');
  console.log('  Electron is not installed on this computer, so the desktop window cannot open.');
  console.log(`  The same Akimat Desk UI is served at: ${url}`);
  console.log('  Open it in Chrome, Edge or Chromium. Press Ctrl+C to stop.');
  console.log('');
  closers.push(() => new Promise((r) => server.close(r)));
  return server;
}

/**
 * The district server beside the app, on PGlite in .data/server (DATABASE_URL
 * switches to PostgreSQL): a newcomer gets a demo district with enrolment codes
 * to try sync at once. NO_SERVER=1 skips it; SERVER_PORT moves it.
 *
 * It listens on loopback in plain HTTP, for development, and says so: the app
 * on the same computer is its only client. A district server on the network
 * speaks TLS (server/main.ts; TLS=on or TLS_CERT here, or HOST other than
 * loopback, turn it on: docs/tls.md).
 */
/** The origins the web-mode UI is served from (runWebMode): allowed to call the district server. */
export function webModeOrigins() {
  const port = Number(process.env.PORT ?? 5173);
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export async function startDistrictServer() {
  if (process.env.NO_SERVER) return null;
  const { tsImport } = await import('tsx/esm/api');
  const { startServer } = await tsImport(pathToFileURL(join(ROOT, 'server', 'main.ts')).href, import.meta.url);
  const host = process.env.HOST ?? '127.0.0.1';
  const loopback = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);
  const wantsTls = /^(on|1|true|yes)$/i.test(process.env.TLS ?? '') || !!process.env.TLS_CERT;
  const server = await startServer({
    dataDir: process.env.DATA_DIR ?? join(ROOT, '.data', 'server'),
    host,
    port: Number(process.env.SERVER_PORT ?? 8787),
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    // `npm start` is the README's first command: the demo district (the server alone starts without it).
    demo: process.env.DEMO !== '0',
    ...(loopback && !wantsTls ? { tls: false } : {}),
    // The web-mode page (runWebMode, PORT) calls the server from its own origin; CORS_ORIGINS adds more.
    corsOrigins: webModeOrigins(),
  });
  console.log('');
  console.log(
    `  District server (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite, demo district'}): ${server.url}`,
  );
  if (server.tls) {
    console.log(
      `  TLS certificate (${server.tls.source}), SHA-256: ${server.tls.fingerprint.toUpperCase().match(/.{4}/g).join(' ')}`,
    );
  } else {
    console.log('  Plain HTTP on loopback, for development on this computer only (TLS=on for HTTPS; docs/tls.md).');
  }
  if (server.demo) {
    console.log(`  District sign-in: ${server.demo.districtLogin} / ${server.demo.password}`);
    for (const c of server.demo.codes) console.log(`  Enrolment code for ${c.officeName} (${c.officeCode}): ${c.code}`);
  }
  closers.push(() => server.close());
  return server;
}

/** Everything started here closes on Ctrl+C before the process exits (the database last written cleanly). */
const closers = [];
let closing = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (closing) return;
    closing = true;
    await Promise.allSettled(closers.map((c) => c()));
    process.exit(0);
  });
}

export async function main() {
  await ensureRendererBuilt();
  await startDistrictServer();
  const electron = findElectron();
  if (electron) await runElectron(electron);
  else await runWebMode();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error('[start] failed:', e);
    process.exit(1);
  });
}
