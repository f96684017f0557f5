import { defineConfig, transformWithOxc, type Plugin, type Rolldown } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const SW_SOURCE = resolve(root, 'renderer/sw/sw.ts');
const PUBLIC_DIR = resolve(root, 'public');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/**
 * The district console (console.html, renderer/console/) is built beside the desk but is
 * served by the district server and never offline: the desk's worker must not cache its
 * page or the chunks only it uses. What both entries use stays in the desk's list.
 */
function consoleOnlyFiles(bundle: Rolldown.OutputBundle): Set<string> {
  const reach = (start: string[]): Set<string> => {
    const seen = new Set<string>();
    const todo = [...start];
    for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const item = bundle[name];
      if (item?.type !== 'chunk') continue;
      todo.push(...item.imports, ...item.dynamicImports);
      const meta = (item as { viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> } }).viteMetadata;
      if (meta) todo.push(...meta.importedCss, ...meta.importedAssets);
    }
    return seen;
  };
  const entries = (page: string) =>
    Object.entries(bundle)
      .filter(([, item]) => item.type === 'chunk' && item.isEntry && item.facadeModuleId?.endsWith(page))
      .map(([name]) => name);
  const desk = reach(entries('/index.html'));
  const out = new Set(['console.html']);
  for (const name of reach(entries('/console.html'))) if (!desk.has(name)) out.add(name);
  return out;
}

/**
 * Emits sw.js with the exact list of built files, so the first load caches the
 * whole app and later loads work with the network off. Hand-written instead of
 * vite-plugin-pwa: workbox pulls in a large toolchain for what is forty lines
 * here, and the cache version is a hash of every emitted byte, so any change
 * to the build ships a new worker.
 */
function precacheServiceWorker(): Plugin {
  return {
    name: 'akimat-precache-sw',
    apply: 'build',
    // After the HTML plugin, so index.html is in the bundle and in the hash.
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const files = new Set<string>(['./', 'index.html']);
      const consoleOnly = consoleOnlyFiles(bundle);
      for (const [fileName, item] of Object.entries(bundle)) {
        if (fileName.endsWith('.map') || consoleOnly.has(fileName)) continue;
        files.add(fileName);
        hash.update(fileName);
        hash.update(
          item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : Buffer.from(item.source),
        );
      }
      for (const p of listFiles(PUBLIC_DIR)) {
        const name = relative(PUBLIC_DIR, p).split('\\').join('/');
        if (name === 'sw.js') continue;
        files.add(name);
        hash.update(name);
        hash.update(readFileSync(p));
      }
      const source = readFileSync(SW_SOURCE, 'utf8');
      const { code } = await transformWithOxc(source, SW_SOURCE, { lang: 'ts' });
      const version = hash.digest('hex').slice(0, 16);
      const out = code
        .replace('"__PRECACHE_FILES__"', JSON.stringify([...files].sort()))
        .replace('"__PRECACHE_VERSION__"', JSON.stringify(version))
        .replace(/^export\s*\{\s*\};?\s*$/m, '');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: out });
    },
  };
}

/**
 * The production page forbids foreign and inline scripts. Dev mode is left
 * alone because the React refresh preamble is an inline script.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "frame-src 'self' blob:",
  "object-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data: http: https:",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'akimat-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root,
  // Relative asset URLs: the same build is served at http://127.0.0.1:PORT/ and from app://.
  base: './',
  publicDir: 'public',
  plugins: [react(), contentSecurityPolicy(), precacheServiceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // pdfmake and its fonts are large by nature; they are cached once and work offline.
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: 0,
    // Two pages: the desk (index.html) and the district console (console.html), served by the district server.
    rolldownOptions: { input: { main: resolve(root, 'index.html'), console: resolve(root, 'console.html') } },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 5173 },
});
