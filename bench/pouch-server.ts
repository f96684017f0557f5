/**
 * express-pouchdb in its own process, as a district would run it (and as our
 * server runs in the benchmark): `tsx bench/pouch-server.ts memory|leveldb <dir>`.
 * Prints {"port":N} once listening.
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
