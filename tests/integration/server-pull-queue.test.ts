/**
 * Issue #17: the queue places a pull carries are computed once per state of
 * the applications and sent as changes to the list the laptop holds (by its
 * tag): nothing but the tag when nothing moved, the moved and new places and
 * the ids gone when something did; the list the desk rebuilds is exactly the
 * server's whole list. An unknown tag gets the whole list; a malformed one is
 * refused. The places are computed again only after a write that can move
 * one (migration 018): a step or a print does not, a referral does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts, type PullResponse, type QueueEntry } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DeviceClient } from '../support/client';
import { FIRST_TURN, advance, childAged, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let karasu: DeskDevice;
let ushkonyr: DeskDevice;
let reader: DeviceClient;
/** A four-year-old of karasu's: referred to a place later, it leaves the queue. */
let leaving = '';
const today = () => localParts(new Date().toISOString()).date;

beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu');
  ushkonyr = await srv.desk('ushkonyr');
  reader = await srv.device('karasu', 'reader laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

/** The last page of a pull from the start, with `?queue=` when given. */
async function lastPage(tag?: string): Promise<PullResponse> {
  let cursor = '0';
  for (;;) {
    const r = await reader.get<PullResponse>(
      `/v1/pull?cursor=${cursor}&limit=1000${tag === undefined ? '' : `&queue=${encodeURIComponent(tag)}`}`,
    );
    expect(r.status).toBe(200);
    if (!r.body.more) return r.body;
    cursor = r.body.cursor;
  }
}

const held = async (d: DeskDevice) =>
  (await d.desk.context.db.meta.get('queuePositions'))?.value as { tag?: string; entries: QueueEntry[] };

async function synced(d: DeskDevice) {
  expect((await d.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
}

describe('the queue a pull carries', () => {
  it('is the whole list first, then nothing but its tag while nothing moves', async () => {
    for (let i = 0; i < 3; i++) await register(karasu, { serial: 500 + i });
    const four = childAged(4, 503, today());
    leaving = (
      await register(karasu, {
        serial: 503,
        over: { child: { iin: four.iin, lastName: 'Төлеуов', firstName: 'Ерлан' } },
      })
    ).id;
    await register(ushkonyr, { serial: 600 });
    await synced(karasu);
    await synced(ushkonyr);
    await synced(karasu);
    const whole = await lastPage();
    expect(whole.queue!.entries).toHaveLength(4);
    expect(whole.queue!.tag).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(whole.queue!.base).toBeUndefined();
    expect((await held(karasu)).tag).toBe(whole.queue!.tag);
    expect((await held(karasu)).entries).toEqual(whole.queue!.entries);

    const idle = await lastPage(whole.queue!.tag);
    expect(idle.queue).toMatchObject({ tag: whole.queue!.tag, base: whole.queue!.tag, entries: [], removed: [] });
    expect(JSON.stringify(idle.queue).length).toBeLessThan(200);
  });

  it('sends the moved and new places and the ids gone, and the desk rebuilds the server’s list exactly', async () => {
    const before = (await held(karasu)).tag!;
    // Another office's first-turn child goes ahead of karasu's; one of karasu's leaves the queue; one is new.
    await register(ushkonyr, { serial: 601, over: FIRST_TURN });
    await synced(ushkonyr);
    const kg = (await karasu.desk.kindergartens()).find((k) =>
      k.ageGroups.some((g) => g.id === 'middle' && g.freePlaces > 0),
    )!;
    await advance(karasu, leaving, 'decided', { kind: 'referral', kindergartenId: kg.id, ageGroupId: 'middle' });
    const fresh = await register(karasu, { serial: 504 });
    await synced(karasu);

    const delta = await lastPage(before);
    expect(delta.queue!.base).toBe(before);
    expect(delta.queue!.tag).not.toBe(before);
    expect(delta.queue!.entries.map((e) => e.applicationId)).toContain(fresh.id);
    const whole = (await lastPage()).queue!;
    expect(delta.queue!.entries.length).toBeLessThanOrEqual(whole.entries.length);
    // What the desk holds after its own sync is the whole list, byte for byte, under the same tag.
    expect(await held(karasu)).toEqual(expect.objectContaining({ tag: whole.tag, entries: whole.entries }));
    expect(whole.entries.map((e) => e.applicationId)).not.toContain(leaving);
    expect(delta.queue!.removed).toEqual([leaving]);
  });

  it('answers a tag it does not hold with the whole list, and refuses a malformed one', async () => {
    const unknown = await lastPage('AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.queue!.base).toBeUndefined();
    expect(unknown.queue!.entries).toEqual((await lastPage()).queue!.entries);
    const bad = await reader.get('/v1/pull?cursor=0&queue=' + encodeURIComponent('../../etc'));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('body.invalid');
  });

  it('computes the places again only after a write that can move one: not for a step or a print, for a referral', async () => {
    // Counts the statements that compute the district's places, through the Db object the server holds.
    let computed = 0;
    const db = srv.db;
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: unknown[]) => {
      if (/row_number\(\) OVER \(PARTITION BY age/.test(sql)) computed++;
      return query(sql, params);
    }) as typeof db.query;
    try {
      const four = childAged(4, 505, today());
      const x = await register(karasu, {
        serial: 505,
        over: { child: { iin: four.iin, lastName: 'Сейітқали', firstName: 'Әлия' } },
      });
      await synced(karasu);
      const tag = (await lastPage()).queue!.tag;
      expect((await lastPage()).queue!.entries.map((e) => e.applicationId)).toContain(x.id);
      const { rows: was } = await srv.db.query<{ change_seq: string }>(
        'SELECT change_seq FROM applications WHERE id = $1',
        [x.id],
      );

      computed = 0;
      await advance(karasu, x.id, 'assigned');
      await karasu.desk.logPrint(x.id, 'receipt', x.lang, 'print');
      await synced(karasu);
      // The application was written (a new change number), and still waits where it did.
      const { rows: now } = await srv.db.query<{ change_seq: string; queue_state: string }>(
        'SELECT change_seq, queue_state FROM applications WHERE id = $1',
        [x.id],
      );
      expect(Number(now[0].change_seq)).toBeGreaterThan(Number(was[0].change_seq));
      expect(now[0].queue_state).toBe('waiting');
      const idle = await lastPage(tag);
      expect(idle.queue).toMatchObject({ tag, entries: [], removed: [] });
      expect(computed).toBe(0);

      const kg = (await karasu.desk.kindergartens()).find((k) =>
        k.ageGroups.some((g) => g.id === 'middle' && g.freePlaces > 0),
      )!;
      await advance(karasu, x.id, 'decided', { kind: 'referral', kindergartenId: kg.id, ageGroupId: 'middle' });
      await synced(karasu);
      const moved = await lastPage(tag);
      expect(computed).toBeGreaterThan(0);
      expect(moved.queue!.tag).not.toBe(tag);
      expect(moved.queue!.removed).toEqual([x.id]);
    } finally {
      db.query = query;
    }
  });
});
