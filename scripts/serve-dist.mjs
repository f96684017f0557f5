#!/usr/bin/env node
// Serves the built renderer (dist/) on loopback for end-to-end tests and web mode checks.
// PORT and HOST may be set; the defaults match playwright.config.ts.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// DIST_DIR lets a second build (another worktree of tests) be served beside the main one.
const dist = process.env.DIST_DIR ? resolve(root, process.env.DIST_DIR) : join(root, 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('serve-dist: dist/index.html is missing; run `npx vite build` first.');
  process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);
const server = await serveStatic({ '/': dist }, { host, port });
console.log(`serve-dist: http://${host}:${server.address().port}/ (from ${dist})`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
