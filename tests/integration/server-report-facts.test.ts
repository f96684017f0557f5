/**
 * The reports' view of the records (server/reports/facts.ts), kept in memory
 * and brought up to date by change number: after any mix of new, changed and
 * signed applications, refusals and complaints pushed by a real desk, the
 * mirror holds exactly what a fresh read of the database gives, and the
 * district's report counts the newest work. A database restored under a
 * running server (the change counter going back) is read again from scratch.
 * Runs on PGlite and (scripts/pg-test.sh) on PostgreSQL.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../shared';
import { startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';
import { factsOf, ReportFacts } from '../../server/reports/facts';
import { loadCatalog } from '../../server/reference/reference';

const year = Number(localParts(new Date().toISOString()).date.slice(0, 4));

let srv: TestServer;
let desk: DeskDevice;
let district: DistrictClient;

beforeAll(async () => {
  srv = await startTestServer();
  desk = await srv.desk('karasu', 'Karasu facts laptop');
  district = await srv.district();
}, START_TIMEOUT_MS);
afterAll(async () => srv?.stop());

/** What a mirror holds, comparable: every application's facts and events, refusals, complaints. */
function snapshot(f: ReportFacts) {
  const apps = [...f.apps.values()]
    .map((e) => ({ fact: e.fact, events: f.eventsOfApp(e) }))
    .sort((a, b) => a.fact.id.localeCompare(b.fact.id));
  const refusals = [...f.refusals.values()].map((e) => f.eventOfRefusal(e)).sort((a, b) => a.id.localeCompare(b.id));
  const complaints = [...f.complaints.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { apps, refusals, complaints };
}

async function fresh(page?: number): Promise<ReportFacts> {
  const f = new ReportFacts(page);
  await f.refresh(srv.db, await loadCatalog(srv.db));
  return f;
}

const accepted = async () => {
  const r = await district.get(`/v1/district/reports/annual?year=${year}`);
  expect(r.status).toBe(200);
  return r.body.data.accepted as number;
};

describe('the reports mirror of the records', () => {
  it('follows every change a desk pushes, exactly as a fresh read', async () => {
    const before = await accepted();
    const a = await register(desk);
    const b = await register(desk);
    await desk.sync();
    // The server's own mirror has been read once; now it must follow the change numbers.
    expect(await accepted()).toBe(before + 2);

    await advance(desk, a.id, 'signed');
    const c = await register(desk);
    await desk.sync();
    expect(await accepted()).toBe(before + 3);
    const delivered = await district.get(`/v1/district/reports/drill?from=${year}-01&to=${year}-12&measure=delivered`);
    expect(delivered.body.rows.map((r: { id: string }) => r.id)).toContain(a.id);

    const mirror = factsOf(srv.db);
    expect(mirror.apps.get(a.id)?.fact.readyAt).toBeTruthy();
    expect(mirror.apps.get(b.id)?.fact.readyAt).toBeUndefined();
    expect(mirror.apps.has(c.id)).toBe(true);
    expect(snapshot(mirror)).toEqual(snapshot(await fresh()));
    // Read in pages of 2 rows, first by id, then by change number: the same records.
    const paged = await fresh(2);
    expect(snapshot(paged)).toEqual(snapshot(mirror));
    // Five records changed: the next refresh crosses pages of changes too.
    await advance(desk, b.id, 'signed');
    for (let i = 0; i < 4; i++) await register(desk);
    await desk.sync();
    const catalog = await loadCatalog(srv.db);
    await Promise.all([paged.refresh(srv.db, catalog), mirror.refresh(srv.db, catalog)]);
    expect(paged.apps.get(b.id)?.fact.readyAt).toBeTruthy();
    expect(snapshot(paged)).toEqual(snapshot(mirror));
  });

  it('reads everything again when the database went back (a restore under a running server)', async () => {
    const mirror = factsOf(srv.db);
    const catalog = await loadCatalog(srv.db);
    await mirror.refresh(srv.db, catalog);
    const [one] = [...mirror.apps.keys()];
    // A restored database: an older state of a record, every row under a smaller change counter.
    await srv.db.query(`UPDATE applications SET status = 'accepted' WHERE id = $1`, [one]);
    for (const t of ['applications', 'refusals', 'complaints']) await srv.db.query(`UPDATE ${t} SET change_seq = 1`);
    await srv.db.query(`UPDATE change_counter SET seq = 1 WHERE id = 1`);
    await mirror.refresh(srv.db, catalog);
    expect(mirror.apps.get(one)?.fact.status).toBe('accepted');
    expect(snapshot(mirror)).toEqual(snapshot(await fresh()));
  });
});
