// PouchDB's packages ship no TypeScript types; the sync benchmark uses them untyped.
declare module 'pouchdb-core';
declare module 'pouchdb-adapter-memory';
declare module 'pouchdb-adapter-http';
declare module 'pouchdb-replication';
declare module 'express-pouchdb';
declare module 'express';
declare module 'pouchdb-adapter-leveldb';
declare module 'pouchdb-browser';
