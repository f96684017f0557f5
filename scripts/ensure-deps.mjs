#!/usr/bin/env node
// Runs before `npm start` (npm's prestart): on a fresh clone it installs the npm packages from the
// lockfile, so `npm start` alone works. The Electron binary cannot be downloaded on every machine;
// it is optional and its absence only means web mode.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.log('[start] installing npm packages (npm ci)...');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
