import { describe, expect, it } from 'vitest';
import { CLOCK_CORRECT_MS, CLOCK_MAX_RTT_MS, clockOffset } from '../../shared';

const at = (ms: number) => new Date(ms).toISOString();
const T = Date.parse('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

describe('clockOffset: how far the laptop clock is from the server', () => {
  it('takes the middle of the round trip as the moment the server answered', () => {
    // Laptop 5 days slow: it sent at T-5d (its clock), the answer came 400 ms later, stamped T+200 by the server.
    expect(clockOffset(T - 5 * DAY, T - 5 * DAY + 400, at(T + 200))).toBe(5 * DAY);
    expect(clockOffset(T + 3 * DAY, T + 3 * DAY + 1000, at(T + 500))).toBe(-3 * DAY);
  });

  it('leaves a good clock alone (no jitter from the round trip)', () => {
    expect(clockOffset(T, T + 300, at(T + 150 + CLOCK_CORRECT_MS - 1))).toBe(0);
    expect(clockOffset(T, T + 300, at(T + 150 - CLOCK_CORRECT_MS + 1))).toBe(0);
    expect(clockOffset(T, T + 300, at(T + 150 + CLOCK_CORRECT_MS))).toBe(CLOCK_CORRECT_MS);
  });

  it('ignores answers too slow to date, and nonsense', () => {
    expect(clockOffset(T, T + CLOCK_MAX_RTT_MS + 1, at(T + DAY))).toBeNull();
    expect(clockOffset(T, T - 1, at(T + DAY))).toBeNull();
    expect(clockOffset(T, T + 100, 'yesterday')).toBeNull();
  });
});
