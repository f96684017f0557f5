/**
 * The journals a desk numbers besides each service's own (named by the
 * service's code), and how many numbers an enrolled laptop leases at a time
 * for each, so a laptop far from any link keeps registering for weeks.
 */
import type { ServiceEntry } from '../catalog/schema';
import { keepsQueue } from '../catalog/properties';
import { SYNC_LIMITS } from '../sync/protocol';

/** Referrals from a queue to a kindergarten place. */
export const REFERRAL_JOURNAL = 'referral';
/** Result documents of the other services (certificates, camp referrals...). */
export const RESULT_JOURNAL = 'result';
/** Notices of a preliminary refusal and hearing. */
export const HEARING_JOURNAL = 'hearing';

/**
 * Numbers leased per block of a journal: a service's own as its entry says
 * (numbering.leaseSize); referrals as many as the busiest queue's, since each
 * child placed from a queue gets one; anything else the protocol's default.
 * Never more than the server grants.
 */
export function leaseSizeFor(journal: string, entries: readonly ServiceEntry[]): number {
  const numbered =
    journal === REFERRAL_JOURNAL ? entries.filter(keepsQueue) : entries.filter((e) => e.code === journal);
  const sizes = numbered.flatMap((e) => (e.numbering ? [e.numbering.leaseSize] : []));
  return Math.min(sizes.length ? Math.max(...sizes) : SYNC_LIMITS.leaseDefaultSize, SYNC_LIMITS.leaseMaxSize);
}

/** The district's default for when a laptop warns that a journal runs low: a fifth of its block. */
export const NUMBERS_WARN_PERCENT = 20;

/**
 * Whether a journal's numbers left on a laptop call for a warning: below the
 * district's share (`percent`) of the journal's block, and never only at the
 * last number. Written once: the desk's home, intake and Sync page use it.
 */
export function numbersRunLow(left: number, blockSize: number, percent: number): boolean {
  return left <= Math.max(1, Math.ceil((blockSize * percent) / 100));
}

/**
 * The years whose numbers a laptop keeps blocks of on the office's local day
 * (`localDate`, YYYY-MM-DD): numbers carry the year of the day the office
 * registers on, not UTC's (in Kazakhstan the new year begins five hours
 * before UTC's). From December the next year's blocks are leased too, so a
 * laptop offline over New Year keeps numbering.
 */
export function leaseYears(localDate: string): number[] {
  const year = Number(localDate.slice(0, 4));
  return localDate.slice(5, 7) === '12' ? [year, year + 1] : [year];
}
