/**
 * express-pouchdb in its own process, as a district would run it (and as our
 * server runs in the benchmark): `tsx bench/pouch-server.ts memory|leveldb <dir>`.
 * Prints {"port":N} once listening. POUCH_CORS_ORIGIN lets a page of that origin call it.
 */
import { join } from 'node:path';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import express from 'express';
import expressPouchDB from 'express-pouchdb';

const [adapter = 'memory', dir = ''] = process.argv.slice(2);
PouchDB.plugin(memoryAdapter).plugin(leveldbAdapter);
// LevelDB is what express-pouchdb (pouchdb-server) persists to by default; memory keeps nothing.
const Pouch =
  adapter === 'leveldb'
    ? PouchDB.defaults({ adapter: 'leveldb', prefix: `${dir}/` })
    : PouchDB.defaults({ adapter: 'memory' });
const app = express();
// POUCH_CORS_ORIGIN: PouchDB in a browser page (bench/sync-browser.ts) calls from another origin, as our desk
// calls our server, with its cookies ('include'): CouchDB's CORS answers, the preflight cached as long as ours.
const corsOrigin = process.env.POUCH_CORS_ORIGIN;
if (corsOrigin) {
  app.use((req: any, res: any, next: () => void) => {
    if (req.headers.origin !== corsOrigin) return next();
    res.setHeader('access-control-allow-origin', corsOrigin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'content-type, etag');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('access-control-allow-methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS');
    res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '');
    res.setHeader('access-control-max-age', '86400');
    res.statusCode = 204;
    res.end();
  });
}
app.use(
  '/',
  expressPouchDB(Pouch, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: join(dir || '/tmp', `express-pouchdb-${process.pid}.log`),
  }),
);
const srv = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: srv.address().port })));
process.on('SIGTERM', () => srv.close(() => process.exit(0)));
