/** The console's screens as hash routes: the same page works whatever path the server serves it under. */
export const CONSOLE_SCREENS = [
  'offices',
  'staff',
  'kindergartens',
  'import',
  'devices',
  'codes',
  'queue',
  'reports',
  'reconciliation',
  'catalog',
  'audit',
  'backups',
] as const;
export type ConsoleScreen = (typeof CONSOLE_SCREENS)[number];

export function screenFromHash(hash: string): ConsoleScreen {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (CONSOLE_SCREENS as readonly string[]).includes(name) ? (name as ConsoleScreen) : 'offices';
}

/** The district queue's filters a link may carry (the field names of DistrictQueueQuery). */
export type QueueLink = { age?: number; kindergartenId?: string; officeId?: string };

/**
 * The queue screen narrowed as a link asks: `#/queue?age=3`, `#/queue?kindergartenId=…`.
 * Ids and an age only: a name or an IIN never goes in a URL.
 */
export function queueHash(f: QueueLink): string {
  const q = new URLSearchParams();
  if (f.age !== undefined) q.set('age', String(f.age));
  if (f.kindergartenId) q.set('kindergartenId', f.kindergartenId);
  if (f.officeId) q.set('officeId', f.officeId);
  const s = q.toString();
  return `#/queue${s ? `?${s}` : ''}`;
}

/** The filters of a `#/queue?…` link, for the queue screen's first state (anything else is ignored). */
export function queueLinkOf(hash: string): QueueLink {
  if (screenFromHash(hash) !== 'queue') return {};
  const q = new URLSearchParams(hash.split('?')[1] ?? '');
  const out: QueueLink = {};
  const age = q.get('age');
  if (age && /^\d{1,2}$/.test(age) && Number(age) <= 18) out.age = Number(age);
  const kindergartenId = q.get('kindergartenId');
  if (kindergartenId) out.kindergartenId = kindergartenId;
  const officeId = q.get('officeId');
  if (officeId) out.officeId = officeId;
  return out;
}
