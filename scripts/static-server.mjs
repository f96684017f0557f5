// A small static file server for built output (web mode, tests, benchmarks). Loopback only.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

/** mounts: { '/': 'dist', '/bench/': 'dist-bench' }; unknown paths under '/' fall back to index.html (SPA). */
export function serveStatic(mounts, { port = 0, host = '127.0.0.1' } = {}) {
  const entries = Object.entries(mounts)
    .sort((a, b) => b[0].length - a[0].length)
    .map(([m, d]) => [m, resolve(d)]);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const hit = entries.find(([m]) => path.startsWith(m));
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    const [mount, dir] = hit;
    let file = normalize(join(dir, path.slice(mount.length)));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) {
      const idx = join(file, 'index.html');
      file = existsSync(idx) ? idx : join(dir, 'index.html');
    }
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    // The service worker and the page must always be revalidated; hashed assets may be cached forever.
    headers['cache-control'] = /\/assets\//.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}
