// What the sync indicator may say (renderer/sync/status.ts), and the words for everything the
// laptop's sync page can show: every status, every kind of record a quarantined op may concern
// (OP_ENTITIES: an access-log op once showed as the raw key syncPage.entity.access), the reason
// the laptop sets an op aside itself, and why it refuses to give a number after a restore.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_ENTITIES } from '../../shared';
import { SYNC_STATUSES, syncStatus, type StatusFacts } from '../../renderer/sync/status';
import { UNDECRYPTABLE } from '../../renderer/services/outbox';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lookup = (dict: unknown, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), dict);
const locale = (lang: string, ns: string) =>
  JSON.parse(readFileSync(`${root}locales/${lang}/${ns}.json`, 'utf8')) as unknown;

const base: StatusFacts = { enrolled: true, syncing: false, online: true, outcome: 'ok', pending: 0, quarantined: 0 };

describe('sync status', () => {
  it('is "synced" (idle) only when the last run succeeded and nothing waits or was refused', () => {
    expect(syncStatus(base)).toBe('idle');
    expect(syncStatus({ ...base, outcome: undefined })).toBe('idle');
    expect(syncStatus({ ...base, pending: 1 })).toBe('waiting');
    expect(syncStatus({ ...base, quarantined: 1 })).toBe('quarantined');
    expect(syncStatus({ ...base, pending: 3, quarantined: 1 })).toBe('quarantined');
  });

  it("keeps a failed run's outcome until the next run, whatever the counts", () => {
    expect(syncStatus({ ...base, outcome: 'offline' })).toBe('offline');
    expect(syncStatus({ ...base, outcome: 'error' })).toBe('error');
    expect(syncStatus({ ...base, outcome: 'error', pending: 0, quarantined: 0 })).toBe('error');
    expect(syncStatus({ ...base, online: false })).toBe('offline');
    expect(syncStatus({ ...base, online: false, outcome: 'error' })).toBe('offline');
  });

  it('says syncing during a run, and nothing on a computer that is not enrolled', () => {
    expect(syncStatus({ ...base, syncing: true, outcome: 'error', pending: 5 })).toBe('syncing');
    expect(syncStatus({ ...base, enrolled: false, syncing: true })).toBe('notEnrolled');
  });
});

describe('sync words', () => {
  for (const lang of ['kk', 'ru']) {
    it(`${lang}: every status, record kind, local reason and numbering refusal has a text`, () => {
      const ui = locale(lang, 'ui');
      const errors = locale(lang, 'errors');
      for (const s of SYNC_STATUSES)
        expect(typeof lookup(ui, `syncPage.status.${s}`), `syncPage.status.${s}`).toBe('string');
      for (const e of OP_ENTITIES)
        expect(typeof lookup(ui, `syncPage.entity.${e}`), `syncPage.entity.${e}`).toBe('string');
      for (const k of ['sync.catchUp', 'syncPage.catchUp', 'syncPage.restored'])
        expect(typeof lookup(ui, k), k).toBe('string');
      expect(typeof lookup(errors, `quarantine.${UNDECRYPTABLE}`)).toBe('string');
      for (const c of ['numbers.exhausted', 'numbers.enrolAgain', 'numbers.catchUp'])
        expect(typeof lookup(errors, c), c).toBe('string');
      // Every refusal of a lease file (shared/numbering/leaseFile.ts, renderer/services/numbers.ts) says why.
      for (const c of ['invalid', 'otherDevice', 'badSignature', 'used', 'notEnrolled'])
        expect(typeof lookup(errors, `leaseFile.${c}`), c).toBe('string');
    });
  }
});
