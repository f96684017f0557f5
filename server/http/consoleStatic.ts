/**
 * Serves the district console (console.html and its assets, built by vite into
 * dist/ beside the desk) at /console/, and sends / there. Only files listed
 * when the server starts are served: the list is the whole answer to "which
 * path maps to which file", so no request path ever reaches the file system
 * (no traversal, no dot-files, no directory listings). The desk's own page and
 * service worker are left out: a worker registered under /console/ would take
 * over the console. Hashed assets are cached for a year; the page never is,
 * so a rebuilt console is picked up at the next load (after a restart, which
 * reads the new list).
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fromRoot } from '../paths';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The desk's own files, not the console's: its page, its offline worker and install manifest. */
const DESK_ONLY = new Set(['index.html', 'sw.js', 'manifest.webmanifest']);

export const CONSOLE_PAGE = 'console.html';

/** <repo>/dist: where `vite build` puts both pages. */
export function defaultConsoleDir(): string {
  return fromRoot('dist');
}

type Entry = { file: string; type: string; immutable: boolean };

/** Every servable file under dir, by its path relative to dir ('assets/x-Hash.js'); null when the console is not built. */
export function listConsoleFiles(dir: string): Map<string, Entry> | null {
  const root = resolve(dir);
  if (!existsSync(join(root, CONSOLE_PAGE))) return null;
  const out = new Map<string, Entry>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const rel = relative(root, p).split(sep).join('/');
        const type = TYPES[extname(name).toLowerCase()];
        if (!type || DESK_ONLY.has(rel) || name.endsWith('.map')) continue;
        out.set(rel, { file: p, type, immutable: rel.startsWith('assets/') });
      }
    }
  };
  walk(root);
  return out;
}

const NOT_BUILT = `<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Akimat Desk</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Аудан консолі құрастырылмаған</h1>
<p>Сервер компьютерінде жоба қалтасында <code>npx vite build</code> орындаңыз, сосын серверді қайта іске қосыңыз
(немесе <code>CONSOLE_DIR</code> арқылы құрастырылған қалтаны көрсетіңіз).</p>
<h1 lang="ru">Консоль района не собрана</h1>
<p lang="ru">На компьютере сервера в папке проекта выполните <code>npx vite build</code> и перезапустите сервер
(или укажите собранную папку в <code>CONSOLE_DIR</code>).</p>
</body></html>`;

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
}

export function registerConsoleStatic(
  app: FastifyInstance,
  opts: { dir?: string } = {},
): { built: boolean; dir: string } {
  const dir = resolve(opts.dir ?? process.env.CONSOLE_DIR ?? defaultConsoleDir());
  const files = listConsoleFiles(dir);

  const send = (reply: FastifyReply, rel: string) => {
    const hit = files?.get(rel);
    if (!hit) return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('404');
    securityHeaders(reply)
      .type(hit.type)
      .header('cache-control', hit.immutable ? 'public, max-age=31536000, immutable' : 'no-store');
    return reply.send(createReadStream(hit.file));
  };

  app.get('/', async (_req, reply) => reply.redirect('/console/', 302));
  app.get('/console', async (_req, reply) => reply.redirect('/console/', 301));
  app.get('/console/', async (_req, reply) => {
    if (!files)
      return securityHeaders(reply)
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    return send(reply, CONSOLE_PAGE);
  });
  app.get('/console/*', async (req, reply) => {
    const raw = (req.params as { '*': string })['*'];
    let rel: string;
    try {
      rel = decodeURIComponent(raw);
    } catch {
      return reply.code(400).send();
    }
    if (!files) return reply.redirect('/console/', 302);
    return send(reply, rel);
  });
  return { built: !!files, dir };
}
