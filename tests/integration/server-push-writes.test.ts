/**
 * What a push writes (issue #17, "a push that writes less"): the change
 * counter is taken once per transaction and its numbers land on the rows
 * without a gap; what every op of a batch asks the database alike (its
 * office's type) is asked once. The SQL the server sends is counted through
 * the very Db object it holds. (Writing the records and their numbers in one
 * statement was tried and taken back: under 200 devices on PostgreSQL the
 * locks it had to take first deadlocked until retries ran out.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Op } from '../../shared';
import type { Db, Queryable } from '../../server/db';
import { startTestServer, usingPostgres, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { advance, register, type DeskDevice } from '../helpers/desk-device';

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
    expect(sent.filter((s) => /pg_advisory_xact_lock/.test(s))).toHaveLength(1);
    const pairs = await srv.db.query(`SELECT reason FROM duplicates WHERE (app_a, app_b) IN (($1, $2), ($2, $1))`, [
      app.id,
      other.id,
    ]);
    expect(pairs.rows).toEqual([{ reason: 'iin' }]);
  });

  // PostgreSQL only: PGlite runs one transaction at a time.
  it.skipIf(!usingPostgres())(
    'waits for an office another writer holds before it takes the change counter, never while holding it',
    async () => {
      const { ops } = await karasu.record(() => register(karasu));
      // Another writer edits the office (a record locked to its commit): the new application points to it.
      await pushWhileLocked(karasu, ops, 'SELECT id FROM offices WHERE id = $1 FOR UPDATE', srv.officeId('karasu'));
    },
  );

  it.skipIf(!usingPostgres())(
    'waits for the other application of a possible duplicate before it takes the change counter',
    async () => {
      // The same child registered at another office, whose application another writer holds.
      const { value: other, ops: first } = await ushkonyr.record(() => register(ushkonyr, { serial: 771_001 }));
      expect((await ushkonyr.client.push(first)).results.every((x) => x.status === 'applied')).toBe(true);
      const { value: mine, ops } = await karasu.record(() =>
        register(karasu, { serial: 771_001, acknowledgeDuplicate: true }),
      );
      await pushWhileLocked(karasu, ops, 'SELECT id FROM applications WHERE id = $1 FOR UPDATE', other.id);
      const { rows } = await srv.db.query(
        'SELECT count(*)::int AS n FROM duplicates WHERE $1 IN (app_a, app_b) AND $2 IN (app_a, app_b)',
        [other.id, mine.id],
      );
      expect(rows[0].n).toBe(1);
    },
  );
});

/**
 * Pushes ops while another transaction holds a row lock (lockSql, on id): the
 * push must wait for it, and while it waits another writer must still be able
 * to take the change counter at once (the push has not taken it yet).
 */
async function pushWhileLocked(dev: DeskDevice, ops: Op[], lockSql: string, id: string): Promise<void> {
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = srv.db.transaction(async (tx) => {
    await tx.query(lockSql, [id]);
    locked();
    await new Promise<void>((r) => (release = r));
  });
  await isLocked;
  const push = dev.client.push(ops, { gzip: true });
  try {
    for (let i = 0; ; i++) {
      const { rows } = await srv.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0].n > 0) break;
      if (i > 200) throw new Error('the push never waited for the lock');
      await new Promise((r) => setTimeout(r, 50));
    }
    await srv.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '3s'`);
      await tx.query('UPDATE change_counter SET seq = seq WHERE id = 1');
    });
  } finally {
    release();
    await holder;
  }
  const r = await push;
  expect(r.results.map((x) => x.status)).toEqual(ops.map(() => 'applied'));
}
