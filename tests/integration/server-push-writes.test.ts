/**
 * What a push writes (issue #17, "a push that writes less"): the change
 * counter is taken once per transaction and its numbers land on the rows
 * without a gap; what every op of a batch asks the database alike (its
 * office's type) is asked once. The SQL the server sends is counted through
 * the very Db object it holds. Each record is written once, its change number
 * in the same statement; so the counter is held while rows are written, and
 * the PostgreSQL tests below show such a push never waits on a lock another
 * writer holds the way writers hold them (an earlier try, with records
 * locked FOR UPDATE, deadlocked under 200 devices: a row pointing at a locked
 * record waited for it while holding the counter).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Op } from '../../shared';
import type { Db, Queryable } from '../../server/db';
import { ENTITIES } from '../../server/store/entities';
import { loadRecords } from '../../server/store/store';
import { startTestServer, usingPostgres, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { advance, register, type DeskDevice } from '../helpers/desk-device';
import { forge } from '../support/rawOps';
import { recordChecks } from '../../server/ingest/apply';

let srv: TestServer;
let karasu: DeskDevice;
let ushkonyr: DeskDevice;
let sent: string[] = [];
beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu');
  ushkonyr = await srv.desk('ushkonyr');
  // The server looks the Db's methods up at each call: wrapping them here sees every statement of a push.
  const db: Db = srv.db;
  const { query, exec, transaction } = db;
  const counted = (q: Queryable): Queryable => ({
    query: ((sql: string, params?: unknown[]) => {
      sent.push(sql.replace(/\s+/g, ' '));
      return q.query(sql, params);
    }) as Queryable['query'],
    exec: (sql: string) => {
      sent.push(sql.replace(/\s+/g, ' '));
      return q.exec(sql);
    },
  });
  Object.assign(db, {
    ...counted({ query: query.bind(db), exec: exec.bind(db) }),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => transaction.call(db, (tx: Queryable) => fn(counted(tx))),
  });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

describe('a push writes less', () => {
  it('takes the counter once, numbers its rows without a gap, and asks the office type once', async () => {
    const dev = karasu;
    const { value: app, ops } = await dev.record(async () => {
      const a = await register(dev);
      await advance(dev, a.id, 'issued');
      await dev.desk.logPrint(a.id, 'receipt', a.lang, 'print');
      return a;
    });
    // One application taken through its steps, each change with its access-log entry: 12 ops.
    expect(ops.filter((o) => o.entity === 'application')).toHaveLength(6);
    const { rows: before } = await srv.db.query('SELECT seq FROM change_counter');
    sent = [];
    const r = await dev.client.push(ops, { gzip: true });
    const statements = sent;
    expect(r.results.map((x) => x.status)).toEqual(ops.map(() => 'applied'));

    // The counter is taken once per transaction, and the office's type asked once, not per op.
    const counter = statements.filter((s) => /change_counter/.test(s));
    expect(counter).toHaveLength(1);
    expect(statements.filter((s) => /SELECT type FROM offices/.test(s)).length).toBeLessThanOrEqual(1);

    // The numbers taken are the ones the rows carry: one each, none skipped, none stamped twice.
    const { rows: after } = await srv.db.query('SELECT seq FROM change_counter');
    const { rows } = await srv.db.query<{ change_seq: number }>(
      `SELECT change_seq FROM applications WHERE id = $1
       UNION ALL SELECT change_seq FROM access_log WHERE application_id = $1 ORDER BY 1`,
      [app.id],
    );
    const written = rows.map((x) => Number(x.change_seq));
    expect(new Set(written).size).toBe(written.length);
    expect(written.length).toBe(Number(after[0].seq) - Number(before[0].seq));
    expect(Math.min(...written)).toBe(Number(before[0].seq) + 1);
    expect(Math.max(...written)).toBe(Number(after[0].seq));
  });

  it('writes each record once, with its change number in the same statement', async () => {
    const dev = karasu;
    const { value: app, ops } = await dev.record(async () => {
      const a = await register(dev);
      await advance(dev, a.id, 'decided');
      return a;
    });
    const writes = (table: string) => sent.filter((s) => new RegExp(`(INSERT INTO|UPDATE) ${table}\\b`).test(s));
    sent = [];
    expect((await dev.client.push(ops)).results.every((x) => x.status === 'applied')).toBe(true);
    // Created and taken through its steps in one push: one INSERT, and no second pass (anywhere in a statement) to number it.
    expect(writes('applications')).toHaveLength(1);
    // ... and the statement that inserts it also takes the change counter and writes the number.
    expect(writes('applications')[0]).toMatch(/UPDATE change_counter .*INSERT INTO applications \([^)]*\bchange_seq\)/);

    const { ops: more } = await dev.record(() => advance(dev, app.id, 'issued'));
    const { rows: before } = await srv.db.query('SELECT seq FROM change_counter');
    sent = [];
    expect((await dev.client.push(more)).results.every((x) => x.status === 'applied')).toBe(true);
    expect(writes('applications')).toHaveLength(1);
    expect(writes('applications')[0]).toMatch(/UPDATE change_counter .*UPDATE applications AS t SET .*\bchange_seq = /);
    const { rows } = await srv.db.query<{ change_seq: string }>('SELECT change_seq FROM applications WHERE id = $1', [
      app.id,
    ]);
    expect(Number(rows[0].change_seq)).toBeGreaterThan(Number(before[0].seq));
  });

  it('checks each record whole once per push and each later op on it by the fields it changed; an op that leaves it invalid is still refused', async () => {
    // A laptop of its own: the forged patches below take sequence numbers no later test may reuse.
    const dev = await srv.desk('karasu');
    const { value: app, ops } = await dev.record(async () => {
      const a = await register(dev);
      await advance(dev, a.id, 'issued');
      return a;
    });
    const onApp = ops.filter((o) => o.entity === 'application');
    expect(onApp.map((o) => o.kind)).toEqual(['create', 'transition', 'transition', 'transition', 'transition']);
    const before = { ...recordChecks };
    expect((await dev.client.push(ops, { gzip: true })).results.every((x) => x.status === 'applied')).toBe(true);
    // The application whole once (its create), each access-log entry whole (each its own record), the four steps by their fields.
    expect(recordChecks.whole - before.whole).toBe(ops.length - onApp.length + 1);
    expect(recordChecks.changed - before.changed).toBe(onApp.length - 1);
    const { rows } = await srv.db.query<{ status: string; version: number }>(
      'SELECT status, version FROM applications WHERE id = $1',
      [app.id],
    );
    expect(rows[0]).toMatchObject({ status: 'issued', version: onApp.length });

    // Two patches in one push: the first leaves the record invalid, the second would mend it.
    const fresh = await register(dev);
    expect((await dev.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
    const clerk = await dev.as('clerk');
    const patch = (kindergartenIds: unknown) =>
      forge(dev, {
        entity: 'application',
        entityId: fresh.id,
        kind: 'patch',
        fields: { kindergartenIds, updatedAt: dev.desk.context.now() },
        baseVersion: 1,
        staffId: clerk.id,
      });
    const { ops: patches } = await dev.record(async () => {
      await patch([42]);
      await patch([...fresh.kindergartenIds].reverse());
    });
    const r = await dev.client.push(patches);
    expect(r.results.map((x) => [x.status, x.reason ?? null])).toEqual([
      ['quarantined', 'validation'],
      ['applied', null],
    ]);
    expect(JSON.stringify(r.results[0].detail)).toContain('kindergartenIds');
  });

  it('looks for duplicates only where a pair can arise: a step takes no duplicate lock, an IIN corrected to another child pairs', async () => {
    // A laptop of its own: the hand-made patch below takes a sequence number no later test may reuse.
    const dev = await srv.desk('karasu');
    const { value: app, ops: made } = await dev.record(() => register(dev));
    expect((await dev.client.push(made)).results.every((x) => x.status === 'applied')).toBe(true);
    // The workflow moves on: nothing a pair depends on changes, so no lock and no pair query.
    const { ops: steps } = await dev.record(() => advance(dev, app.id, 'decided'));
    sent = [];
    expect((await dev.client.push(steps, { gzip: true })).results.every((x) => x.status === 'applied')).toBe(true);
    expect(sent.filter((s) => /pg_advisory_xact_lock|INSERT INTO duplicates/.test(s))).toEqual([]);

    // Another office's child; this application's IIN is then corrected to it (a patch as a desk sends it).
    const { value: other, ops: first } = await ushkonyr.record(() => register(ushkonyr, { serial: 772_001 }));
    expect((await ushkonyr.client.push(first)).results.every((x) => x.status === 'applied')).toBe(true);
    const { rows } = await srv.db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [
      app.id,
    ]);
    const last = steps.at(-1)!;
    const patch: Op = {
      ...last,
      opId: '0190f0e0-0000-7000-8000-00000000a17e',
      deviceSeq: Math.max(...steps.map((o) => o.deviceSeq)) + 1,
      entity: 'application',
      entityId: app.id,
      kind: 'patch',
      step: undefined,
      fields: { child: { ...app.child!, iin: other.child!.iin } },
      baseVersion: rows[0].version,
    };
    sent = [];
    const r = await dev.client.push([patch]);
    expect(r.results.map((x) => x.status)).toEqual(['applied']);
    expect(sent.filter((s) => /INSERT INTO duplicates/.test(s))).toHaveLength(1);
    // PGlite runs one transaction at a time: there is no other writer to lock against.
    expect(sent.filter((s) => /pg_advisory_xact_lock/.test(s))).toHaveLength(usingPostgres() ? 1 : 0);
    const pairs = await srv.db.query(`SELECT reason FROM duplicates WHERE (app_a, app_b) IN (($1, $2), ($2, $1))`, [
      app.id,
      other.id,
    ]);
    expect(pairs.rows).toEqual([{ reason: 'iin' }]);
  });

  // PostgreSQL only: PGlite runs one transaction at a time.
  it.skipIf(!usingPostgres())(
    'a new application for an office another writer holds goes through, and that writer then takes the counter',
    async () => {
      const { ops } = await karasu.record(() => register(karasu));
      // Another writer (a district edit of the office) has loaded the office as writers do.
      await pushBesideWriter(karasu, ops, 'office', srv.officeId('karasu'));
    },
  );

  it.skipIf(!usingPostgres())(
    'a possible duplicate of an application another writer holds is paired without waiting for it',
    async () => {
      // The same child registered at another office, whose application another writer holds.
      const { value: other, ops: first } = await ushkonyr.record(() => register(ushkonyr, { serial: 771_001 }));
      expect((await ushkonyr.client.push(first)).results.every((x) => x.status === 'applied')).toBe(true);
      const { value: mine, ops } = await karasu.record(() =>
        register(karasu, { serial: 771_001, acknowledgeDuplicate: true }),
      );
      await pushBesideWriter(karasu, ops, 'application', other.id);
      const { rows } = await srv.db.query(
        'SELECT count(*)::int AS n FROM duplicates WHERE $1 IN (app_a, app_b) AND $2 IN (app_a, app_b)',
        [other.id, mine.id],
      );
      expect(rows[0].n).toBe(1);
    },
  );
});

/**
 * Pushes ops while another writer has loaded a record (locked as every writer
 * locks what it loads, loadRecords) and is still applying its ops: the push,
 * whose rows point at that record (a foreign key), must not wait for it, since
 * it holds the change counter while it writes. Then the other writer takes the
 * counter, as its own flush would, and must get it at once.
 */
async function pushBesideWriter(dev: DeskDevice, ops: Op[], entity: 'office' | 'application', id: string) {
  let release!: () => void;
  let loaded!: () => void;
  const isLoaded = new Promise<void>((r) => (loaded = r));
  const holder = srv.db.transaction(async (tx) => {
    expect((await loadRecords(tx, ENTITIES[entity], [id])).has(id)).toBe(true);
    loaded();
    await new Promise<void>((r) => (release = r));
    await tx.query(`SET LOCAL lock_timeout = '3s'`);
    await tx.query('UPDATE change_counter SET seq = seq WHERE id = 1');
  });
  await isLoaded;
  let settled = false;
  const push = dev.client.push(ops, { gzip: true }).finally(() => (settled = true));
  let waited = false;
  try {
    // Until the push is answered, or is seen waiting on a lock (then the holder lets go, so the test ends).
    while (!settled && !waited) {
      const { rows } = await srv.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      waited = rows[0].n > 0;
      if (!waited) await Promise.race([push.catch(() => undefined), new Promise((r) => setTimeout(r, 20))]);
    }
  } finally {
    release();
  }
  expect(waited).toBe(false);
  await holder;
  const r = await push;
  expect(r.results.map((x) => x.status)).toEqual(ops.map(() => 'applied'));
}
