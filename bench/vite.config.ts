import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The benchmark page: the real data layer and PDF code, built like the app, run in Chromium.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: { outDir: fileURLToPath(new URL('../dist-bench', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
