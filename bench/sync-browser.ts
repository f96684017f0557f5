/**
 * Runs in Chromium (driven by bench/sync-browser-bench.ts): the office's day of
 * ~10k ops made by the real desk on its real encrypted IndexedDB, pushed by the
 * real sync engine to our server; and the same records, as PouchDB documents
 * with one revision per op, replicated by PouchDB's browser build (IndexedDB)
 * to express-pouchdb. Exposes window.bench; the driver measures bytes and CPU
 * at the moments the page marks (window.benchMark).
 */
import PouchDB from 'pouchdb-browser';
import { createDesk } from '../renderer/services/desk';
import { DeskDb } from '../renderer/db/schema';
import { SyncEngine, getEnrolment } from '../renderer/sync/engine';
import { opFromRow } from '../renderer/services/indexes';
import type { Op } from '../shared';
import { leaseNumbers, workday } from '../tests/helpers/desk-workday';

type Desk = ReturnType<typeof createDesk>;

declare global {
  interface Window {
    bench: unknown;
    /** Exposed by the driver: it reads the server's and the browser's CPU and the proxy's bytes at each mark. */
    benchMark: (what: 'start' | 'pushEnd') => Promise<void>;
  }
}

const desks = new Map<string, Desk>();
const now = () => performance.now();

function countBy<T>(xs: T[], k: (x: T) => string): Record<string, number> {
  const m: Record<string, number> = {};
  for (const x of xs) m[k(x)] = (m[k(x)] ?? 0) + 1;
  return m;
}

/**
 * A laptop of the office `code` enrols, syncs once (as any office does before
 * a day offline), leases numbers for the day and makes the day through the
 * desk's own calls, as the Node bench does (tests/helpers/desk-workday.ts).
 */
async function makeWorkload(o: { name: string; baseUrl: string; code: string; password: string; ops: number }) {
  const desk = createDesk({ db: new DeskDb(`sync-bench-${o.name}`) });
  desks.set(o.name, desk);
  const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0 });
  await engine.enrol(o.baseUrl, o.code, `bench laptop ${o.name}`);
  await desk.signIn('clerk', o.password);
  await engine.syncNow();
  // Per application: create, resolution, decision, signature, issue, a print, each with its
  // access-log entry (12 ops), plus a places delta for every referral.
  const applications = Math.ceil(o.ops / 12.1);
  for (let left = applications; left > 0; left -= 1000)
    await leaseNumbers({ desk }, 'preschool-queue', Math.min(1000, left));
  const t0 = now();
  await workday(
    { desk },
    { applications, serial: 1, resolved: 1, completed: 1, printed: 1, referralEvery: 10 },
    o.password,
  );
  const generateMs = now() - t0;
  const ops = await outboxOps(desk);
  return {
    applications,
    ops: ops.length,
    byKind: countBy(ops, (op) => `${op.entity}.${op.kind}`),
    generateMs,
    deviceId: (await getEnrolment(desk.context))!.deviceId,
  };
}

async function outboxOps(desk: Desk): Promise<Op[]> {
  const { db, vault } = desk.context;
  const rows = await db.outbox.orderBy('deviceSeq').toArray();
  return Promise.all(rows.map((r) => opFromRow(vault, r)));
}

/**
 * Our push: syncNow until nothing is pending. The push ends where the engine
 * first asks for changes (the pull that follows it in the same run).
 */
async function pushOurs(name: string) {
  const desk = desks.get(name)!;
  const pending = await desk.context.db.outbox.count();
  let pushEnd = 0;
  // Where the push's wall time goes: with a request on the wire (the link and the server) or in the page alone.
  let inFlight = 0;
  let flightFrom = 0;
  let flightMs = 0;
  const marking: typeof fetch = async (input, init) => {
    if (!pushEnd && String(input).includes('/v1/pull')) {
      pushEnd = now();
      await window.benchMark('pushEnd');
    }
    if (pushEnd) return fetch(input, init);
    if (inFlight++ === 0) flightFrom = now();
    try {
      return await fetch(input, init);
    } finally {
      if (--inFlight === 0) flightMs += now() - flightFrom;
    }
  };
  const engine = new SyncEngine(desk.context, { fetch: marking, attempts: 1000, sleep: async () => {} });
  await window.benchMark('start');
  const t0 = now();
  let runs = 0;
  for (;;) {
    const s = await engine.syncNow();
    runs++;
    if (s.pending === 0 && s.status === 'idle') break;
    if (runs > 50)
      throw new Error(`ours: ${s.pending} ops still pending after ${runs} runs: ${JSON.stringify(s.error)}`);
  }
  const ms = now() - t0;
  if (!pushEnd) {
    pushEnd = now();
    await window.benchMark('pushEnd');
  }
  return { ops: pending, pushMs: pushEnd - t0, ms, runs, requestInFlightMs: flightMs };
}

// ---------------------------------------------------------------- PouchDB

type Doc = Record<string, any>;
let pouch: { local: any; docs: Map<string, Doc> } | null = null;

/**
 * The same office on PouchDB, the way such an app would keep it (as the Node
 * bench's buildPouch): one document per record (application, access-log
 * entry, kindergarten), every op a new revision of it, in the desk's order.
 */
async function buildPouch(name: string) {
  const desk = desks.get(name)!;
  const ops = await outboxOps(desk);
  const kgs = new Map((await desk.context.db.kindergartens.toArray()).map((k) => [k.id, k]));
  const local = new PouchDB(`pouch-${name}`);
  const docs = new Map<string, Doc>();
  const t0 = now();
  for (const op of ops) {
    const id = `${op.entity}:${op.entityId}`;
    const cur = docs.get(id);
    let doc: Doc;
    if (op.entity === 'kindergarten') {
      const base: Doc = cur ?? { _id: id, ...kgs.get(op.entityId)! };
      const delta = (op.fields.freePlacesDelta ?? {}) as Record<string, number>;
      doc = {
        ...base,
        ageGroups: base.ageGroups.map((g: Doc) => ({ ...g, freePlaces: g.freePlaces + (delta[g.id] ?? 0) })),
      };
    } else if (op.kind === 'create')
      doc = { _id: id, type: op.entity, ...op.fields, ...(cur ? { _rev: cur._rev } : {}) };
    else doc = { ...cur!, ...op.fields };
    const r = await local.put(doc);
    docs.set(id, { ...doc, _rev: r.rev });
  }
  pouch = { local, docs };
  return { documents: docs.size, revisions: ops.length, ms: now() - t0, adapter: local.adapter };
}

/**
 * replicate.to a fresh database on the server. The link is clean, so one
 * replication must bring every document at its last revision: checked after
 * the push is timed (not counted in PouchDB's time or bytes).
 */
async function pushPouch(url: string) {
  const { local, docs } = pouch!;
  await window.benchMark('start');
  const t0 = now();
  const r = await local.replicate.to(url);
  const pushMs = now() - t0;
  await window.benchMark('pushEnd');
  if (!(await pouchComplete(url, docs)))
    throw new Error(`pouch: the server lacks documents after ${JSON.stringify(r)}`);
  return { pushMs, docsWritten: r.docs_written as number };
}

async function pouchComplete(url: string, docs: Map<string, Doc>): Promise<boolean> {
  const all = await new PouchDB(url).allDocs();
  if (all.rows.length !== docs.size) return false;
  return all.rows.every((r: Doc) => docs.get(r.id)?._rev === r.value.rev);
}

window.bench = { makeWorkload, pushOurs, buildPouch, pushPouch };
document.getElementById('out')!.textContent = 'ready';
