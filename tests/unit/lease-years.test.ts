/**
 * Number blocks follow the office's calendar, not UTC's: on 1 January before
 * 05:00 in Kazakhstan UTC is still in December, and a laptop that leased by
 * UTC would ask for last year's blocks (and warn about last year's numbers)
 * while registering under the new year.
 */
import { describe, expect, it } from 'vitest';
import { leaseYears, localParts } from '../../shared';

describe('leaseYears', () => {
  it('is the office-local year, and the next one too from December', () => {
    expect(leaseYears('2027-01-01')).toEqual([2027]);
    expect(leaseYears('2026-11-30')).toEqual([2026]);
    expect(leaseYears('2026-12-01')).toEqual([2026, 2027]);
    expect(leaseYears('2026-12-31')).toEqual([2026, 2027]);
  });

  it('takes the new year at local midnight in Kazakhstan, hours before UTC does', () => {
    const newYearsNightKz = '2026-12-31T20:30:00Z';
    expect(new Date(newYearsNightKz).getUTCFullYear()).toBe(2026);
    expect(leaseYears(localParts(newYearsNightKz).date)).toEqual([2027]);
  });
});
