/**
 * The audit trail as batches (issue #17, migration 017): a push keeps what the
 * laptop sent once per transaction (op_batches) with a narrow row per op
 * (op_log); the `ops` view gives every reader the old full rows; the trail
 * stays append-only; a database written before the change keeps every op, and
 * a replay of an old op still gets its first answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Op } from '../../shared';
import { openDb } from '../../server/db';
import { MIGRATIONS_DIR, migrate } from '../../server/db/migrate';
import { seenOps } from '../../server/store/auditTrail';
import { freshPgDatabase, startTestServer, usingPostgres, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { advance, register } from '../helpers/desk-device';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ opsPerTransaction: 10 });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const count = async (sql: string, params: unknown[] = []) => (await srv.db.query(sql, params)).rows[0].n as number;

describe('the audit trail as batches', () => {
  it('keeps each transaction of a push as one batch of the ops as sent, one narrow row per op', async () => {
    const dev = await srv.desk('karasu');
    const { value: app, ops: made } = await dev.record(async () => {
      const a = await register(dev);
      await advance(dev, a.id, 'issued');
      return a;
    });
    // One op altered on the way: refused, and the district's quarantine list must show its fields.
    const bad = made.findIndex((o) => o.entity === 'application' && o.kind !== 'create');
    const ops: Op[] = made.map((o, i) => (i === bad ? { ...o, fields: { ...o.fields, status: 'no-such-status' } } : o));
    const batchesBefore = await count('SELECT count(*)::int AS n FROM op_batches');
    const r = await dev.client.push(ops, { gzip: true });
    expect(r.results.filter((x) => x.status === 'quarantined').map((x) => x.opId)).toEqual([ops[bad].opId]);
    expect(r.results.filter((x) => x.status === 'applied')).toHaveLength(ops.length - 1);

    // Ten ops per transaction here: one batch row for each ten, none per op.
    const batches = (
      await srv.db.query<{ id: string; ops: Op[] }>('SELECT id, ops FROM op_batches WHERE id > $1 ORDER BY id', [
        String(await lastBatchBefore(batchesBefore)),
      ])
    ).rows;
    expect(batches).toHaveLength(Math.ceil(ops.length / 10));
    // What was sent, as sent, in order.
    const kept = batches.flatMap((b) => b.ops);
    expect(kept.map((o) => o.opId)).toEqual(ops.map((o) => o.opId));
    for (const [i, o] of ops.entries()) expect(kept[i]).toEqual(o);

    // The narrow rows: the verdict and the record, the fields only where the op was quarantined.
    const log = (
      await srv.db.query(
        'SELECT device_seq, status, reason, version, fields IS NOT NULL AS has_fields FROM op_log WHERE device_id = $1 ORDER BY device_seq',
        [dev.client.deviceId],
      )
    ).rows;
    expect(log).toHaveLength(ops.length);
    expect(log.filter((l) => l.has_fields).map((l) => Number(l.device_seq))).toEqual([ops[bad].deviceSeq]);
    expect(log.filter((l) => l.status === 'applied').every((l) => l.version > 0)).toBe(true);

    // The view gives the old full rows, as the readers had them.
    const full = (
      await srv.db.query(
        'SELECT op_id, device_seq, entity, entity_id, kind, step, fields, base_version, hlc, staff_id, status, result FROM ops WHERE device_id = $1 ORDER BY device_seq',
        [dev.client.deviceId],
      )
    ).rows;
    for (const [i, o] of ops.entries()) {
      expect(full[i]).toMatchObject({
        op_id: o.opId,
        entity: o.entity,
        entity_id: o.entityId,
        kind: o.kind,
        step: o.step ?? null,
        fields: o.fields,
        base_version: o.baseVersion,
        hlc: o.hlc,
        staff_id: o.staffId,
      });
      expect(full[i].result).toMatchObject(
        i === bad
          ? { status: 'quarantined' }
          : { status: 'applied', version: (r.results[i] as { version: number }).version },
      );
    }
    const district = await srv.district();
    const quarantine = await district.get(`/v1/district/quarantine?officeId=${srv.officeId('karasu')}`);
    const shown = (quarantine.body as { ops: Array<{ opId: string; fields: unknown }> }).ops.find(
      (q) => q.opId === ops[bad].opId,
    );
    expect(shown?.fields).toEqual(ops[bad].fields);

    // A replay gets the first answers again and writes nothing.
    const before = await count('SELECT count(*)::int AS n FROM op_batches');
    const again = await dev.client.push(ops);
    expect(again.results.map((x) => x.status)).toEqual(ops.map(() => 'duplicate'));
    expect(again.results.map((x) => ('version' in x ? x.version : x.status === 'duplicate' && x.original))).toEqual(
      r.results.map((x) => ('version' in x ? x.version : 'quarantined')),
    );
    expect(await count('SELECT count(*)::int AS n FROM op_batches')).toBe(before);
    expect(app.id).toBeTruthy();
  });

  it('stays append-only: a batch, an op row and the view refuse changes and deletion', async () => {
    for (const sql of [
      'UPDATE op_batches SET ops = ops',
      'DELETE FROM op_batches',
      `UPDATE op_log SET status = 'applied'`,
      'DELETE FROM op_log',
      `UPDATE ops SET status = 'applied'`,
      'DELETE FROM ops',
    ])
      await expect(srv.db.query(sql), sql).rejects.toThrow(/append-only/);
  });
});

/** The id of the newest batch among the first n (0 when none). */
async function lastBatchBefore(n: number): Promise<number> {
  if (!n) return 0;
  const { rows } = await srv.db.query('SELECT id FROM op_batches ORDER BY id LIMIT 1 OFFSET $1', [n - 1]);
  return Number(rows[0].id);
}

describe('a database written before the batches', () => {
  it(
    'keeps every op with all its columns, and a replay of an old op gets its first answer',
    async () => {
      const pg = usingPostgres() ? await freshPgDatabase() : null;
      const db = await openDb(pg ? { databaseUrl: pg.url, dataDir: 'memory:' } : { dataDir: 'memory:' });
      const dir = mkdtempSync(join(tmpdir(), 'akimat-migrations-016-'));
      try {
        for (const f of readdirSync(MIGRATIONS_DIR).filter((x) => /^0(0\d|1[0-6])_/.test(x)))
          cpSync(join(MIGRATIONS_DIR, f), join(dir, f));
        await migrate(db, dir);
        await db.query(
          `INSERT INTO offices (id, type, code, data, version, change_seq) VALUES ('o1', 'villageAkimat', 'O1', '{}', 1, 1)`,
        );
        await db.query(`INSERT INTO devices (id, office_id, name) VALUES ('dev-1', 'o1', 'Laptop')`);
        const old = [
          [
            'op-a',
            1,
            'application',
            'app-1',
            'create',
            null,
            { child: { name: 'Әлия' } },
            0,
            'applied',
            null,
            { status: 'applied', version: 1 },
          ],
          [
            'op-b',
            2,
            'application',
            'app-1',
            'step',
            'assigned',
            { status: 'assigned' },
            1,
            'applied',
            null,
            { status: 'applied', version: 2, conflicts: [{ id: 'c1', kind: 'hard' }] },
          ],
          [
            'op-c',
            3,
            'application',
            'app-2',
            'patch',
            null,
            { status: 'x' },
            4,
            'quarantined',
            'validation',
            { status: 'quarantined', reason: 'validation', detail: [{ path: ['status'] }] },
          ],
        ] as const;
        for (const o of old)
          await db.query(
            `INSERT INTO ops (op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, fields, base_version, hlc, staff_id, source, status, reason, result)
             VALUES ($1, 'dev-1', $2, 'o1', $3, $4, $5, $6, $7, $8, '2026-01-01T00:00:00.000Z-0000-dev-1', 'staff-1', 'push', $9, $10, $11)`,
            [o[0], o[1], o[2], o[3], o[4], o[5], JSON.stringify(o[6]), o[7], o[8], o[9], JSON.stringify(o[10])],
          );
        const cols =
          'id, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, fields, base_version, hlc, staff_id, source, status, reason, result, received_at';
        const before = (await db.query(`SELECT ${cols} FROM ops ORDER BY id`)).rows;

        const { applied } = await migrate(db);
        expect(applied).toContain('017_op_batches');
        expect((await db.query(`SELECT ${cols} FROM ops ORDER BY id`)).rows).toEqual(before);
        // The first answers, as a replay gets them.
        const seen = await seenOps(db, 'dev-1', [1, 2, 3, 4]);
        expect([...seen.keys()].sort()).toEqual([1, 2, 3]);
        expect(seen.get(2)?.result).toEqual(old[1][10]);
        expect(seen.get(3)?.result).toEqual(old[2][10]);
        // New rows continue after the old ids.
        await db.query(`INSERT INTO op_batches (device_id, ops) VALUES ('dev-1', '[]')`);
        expect(Number((await db.query('SELECT max(id) AS n FROM op_batches')).rows[0].n)).toBe(4);
      } finally {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
        await pg?.drop();
      }
    },
    START_TIMEOUT_MS,
  );
});
