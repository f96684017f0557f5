/**
 * What the app does for a service is read from its entry, never from its code:
 * a district may add a second queue, or rename one, without a new release.
 * These name the questions the desk and the server ask of an entry.
 */
import type { ServiceEntry } from './schema';

/** Whether the entry keeps a queue (kindergartens, first-turn categories, referrals; see ServiceEntrySchema.queue). */
export const keepsQueue = (entry: Pick<ServiceEntry, 'queue'>): boolean => entry.queue === true;

/** The entries that keep a queue, in catalog order: the intake offers them first, the district orders their waiting children. */
export const queueEntries = <E extends Pick<ServiceEntry, 'queue'>>(entries: readonly E[]): E[] =>
  entries.filter(keepsQueue);

/** Properties added to the schema after entries were first saved: an entry that lacks one takes it from the shipped entry. */
const INHERITED = ['queue', 'numbering'] as const satisfies ReadonlyArray<keyof ServiceEntry>;

/**
 * An entry saved by an older release (an office's own change, the district's
 * catalog document) with what it could not yet say taken from the shipped
 * entry of the same code; an entry that says it keeps it. Without this an old
 * override of the preschool queue would silently stop being a queue.
 */
export function withShippedDefaults(entry: ServiceEntry, shipped: ServiceEntry | undefined): ServiceEntry {
  if (!shipped) return entry;
  const missing = INHERITED.filter((k) => entry[k] === undefined && shipped[k] !== undefined);
  return missing.length ? { ...entry, ...Object.fromEntries(missing.map((k) => [k, shipped[k]])) } : entry;
}
