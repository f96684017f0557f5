// Every reason the server records a conflict for (CONFLICT_REASONS; the server's ConflictInput only
// takes those) is shown to district staff in their language, and so is every reason it refuses an
// op for (QUARANTINE_REASONS; the server's Quarantine only takes those), on the laptop and the console.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFLICT_REASONS, QUARANTINE_REASONS } from '../../shared';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lookup = (dict: unknown, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), dict);

describe('conflict reasons', () => {
  it('each has a text in kk and ru', () => {
    expect(CONFLICT_REASONS).toContain('clock.ahead');
    for (const lang of ['kk', 'ru']) {
      const ui = JSON.parse(readFileSync(`${root}locales/${lang}/ui.json`, 'utf8')) as unknown;
      for (const r of CONFLICT_REASONS)
        expect(typeof lookup(ui, `district.conflictReason.${r}`), `${lang}: ${r}`).toBe('string');
    }
  });
});

describe('quarantine reasons', () => {
  it('each has a text in kk and ru', () => {
    expect(QUARANTINE_REASONS).toContain('scope.districtOnly');
    for (const lang of ['kk', 'ru']) {
      const errors = JSON.parse(readFileSync(`${root}locales/${lang}/errors.json`, 'utf8')) as unknown;
      for (const r of QUARANTINE_REASONS)
        expect(typeof lookup(errors, `quarantine.${r}`), `${lang}: ${r}`).toBe('string');
    }
  });
});
