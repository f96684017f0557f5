/**
 * Offline app shell. The build (vite.config.ts) replaces the two placeholders
 * with the list of every emitted file and a hash of their contents, so a new
 * build is a new worker with a new cache, and the old cache is dropped.
 *
 * Cache-first for the app's own files: village links are slow or absent, and
 * the files are immutable per version. Everything else (a district server on
 * another path or origin) goes to the network untouched.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const FILES: string[] = '__PRECACHE_FILES__' as unknown as string[];
const VERSION: string = '__PRECACHE_VERSION__';
const CACHE = `akimat-shell-${VERSION}`;
const PREFIX = 'akimat-shell-';

const scopeUrl = (path: string) => new URL(path, sw.registration.scope).href;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: 'reload' so a stale HTTP cache never ends up in the offline copy.
      await cache.addAll(FILES.map((f) => new Request(scopeUrl(f), { cache: 'reload' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== new URL(sw.registration.scope).origin) return;
  const known = new Set(FILES.map(scopeUrl));
  const href = url.origin + url.pathname;

  if (req.mode === 'navigate') {
    // The UI routes by hash, so any navigation inside the scope is the shell.
    if (!href.startsWith(sw.registration.scope)) return;
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        const hit = (await cache.match(scopeUrl('index.html'))) ?? (await cache.match(scopeUrl('./')));
        if (hit) return hit;
        return fetch(req);
      })(),
    );
    return;
  }

  if (!known.has(href)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(href);
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok) await cache.put(href, res.clone());
      return res;
    })(),
  );
});

export {};
