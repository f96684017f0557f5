import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The benchmark pages: the real data layer and PDF code (index.html), and the real desk with its sync
// engine beside PouchDB's browser build (sync-browser.html), built like the app, run in Chromium.
export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: here('../dist-bench'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { index: here('index.html'), 'sync-browser': here('sync-browser.html') } },
  },
});
