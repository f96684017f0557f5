/**
 * Where a child stands in the queue. On an enrolled computer the district
 * orders the queue, so the place is the one the last sync brought (with its
 * date); a standalone office orders its own queue.
 */
import type { Application } from '../../../shared';
import { desk } from '../deskClient';
import { sync } from '../syncClient';

export type QueuePlace =
  | { scope: 'district'; position: number; ofTotal: number; age: number; asOf: string }
  | { scope: 'office'; position: number }
  /** Enrolled, waiting, but not in the list the last sync brought (registered since). */
  | { scope: 'afterSync' }
  | { scope: 'none' };

export async function queuePlace(app: Pick<Application, 'id' | 'queueState'>): Promise<QueuePlace> {
  if (await sync.enrolment()) {
    const q = await sync.queuePositions();
    const e = q?.byId.get(app.id);
    if (q && e) return { scope: 'district', position: e.position, ofTotal: e.ofTotal, age: e.age, asOf: q.asOf };
    return app.queueState === 'waiting' ? { scope: 'afterSync' } : { scope: 'none' };
  }
  const position = await desk.queuePosition(app.id);
  return position === null ? { scope: 'none' } : { scope: 'office', position };
}

/**
 * What the notification prints: the place, the moment it was computed (absent: printing time) and,
 * for the district's place, the age it is counted among (the district numbers each age apart).
 */
export function printedPlace(p: QueuePlace): { queuePosition: number | null; queueAsOf?: string; queueAge?: number } {
  if (p.scope === 'district') return { queuePosition: p.position, queueAsOf: p.asOf, queueAge: p.age };
  if (p.scope === 'office') return { queuePosition: p.position };
  return { queuePosition: null };
}
