/**
 * Issue #17: the queue places a pull carries are computed once per state of
 * the applications and sent as changes to the list the laptop holds (by its
 * tag): nothing but the tag when nothing moved, the moved and new places and
 * the ids gone when something did; the list the desk rebuilds is exactly the
 * server's whole list. An unknown tag gets the whole list; a malformed one is
 * refused.
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
});
