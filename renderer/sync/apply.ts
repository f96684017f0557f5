/**
 * Pulled records into IndexedDB. The server's record is the base; this
 * device's ops not yet acknowledged are applied again on top, so a pull never
 * wipes out work still waiting in the outbox.
 */
import {
  ApplicationSchema, Catalog, FREE_PLACES_DELTA_FIELD, WorkCalendar, builtInCatalog,
  ComplaintSchema, TechProtocolSchema, VisitSchema,
  type AcceptRefusal, type AccessEntry, type Application, type CalendarData, type Change, type Kindergarten, type Office, type ServiceEntry,
} from '../../shared';
import type { DeskContext } from '../services/context';
import type { Op } from '../../shared';
import { opFromRow, refusalToRow, toRow } from '../services/indexes';
import { complaintToRow } from '../services/complaints';

function rebase<T extends object>(base: T, pending: Op[]): T {
  let rec = { ...base } as Record<string, unknown>;
  for (const op of pending) {
    if (op.kind === 'create') continue; // the server already has it (it sent it back)
    rec = { ...rec, ...op.fields };
    for (const [k, v] of Object.entries(op.fields)) if (v === undefined || v === null) delete rec[k];
  }
  return rec as T;
}

function applyPlaceDeltas(kg: Kindergarten, pending: Op[]): Kindergarten {
  const deltas: Record<string, number> = {};
  for (const op of pending) {
    const d = op.fields[FREE_PLACES_DELTA_FIELD] as Record<string, number> | undefined;
    if (d) for (const [g, n] of Object.entries(d)) deltas[g] = (deltas[g] ?? 0) + n;
  }
  if (!Object.keys(deltas).length) return kg;
  return { ...kg, ageGroups: kg.ageGroups.map((g) => ({ ...g, freePlaces: Math.max(0, g.freePlaces + (deltas[g.id] ?? 0)) })) };
}

/** Loads the district's catalog and calendar into the running context. */
export async function loadReference(ctx: DeskContext): Promise<void> {
  const cat = (await ctx.db.meta.get('catalog'))?.value as ServiceEntry[] | undefined;
  if (cat?.length) {
    try { ctx.catalog = new Catalog(builtInCatalog, cat); } catch { /* a bad district entry keeps the shipped catalog */ }
  }
  const cal = (await ctx.db.meta.get('calendar'))?.value as CalendarData | undefined;
  if (cal?.holidays) ctx.calendar = new WorkCalendar(cal);
}

/** Applies one page of changes in one transaction (all or nothing, like the cursor that follows it). */
export async function applyChanges(ctx: DeskContext, changes: Change[], cursor: string): Promise<void> {
  const { db } = ctx;
  await db.transaction('rw', [db.applications, db.refusals, db.kindergartens, db.offices, db.staff, db.meta, db.outbox, db.access, db.complaints, db.visits, db.techProtocols], async () => {
    for (const ch of changes) {
      if (ch.entity !== 'application' && ch.entity !== 'catalog' && ch.entity !== 'calendar') {
        await db.meta.put({ key: `sv:${ch.entity}:${ch.id}`, value: ch.version });
      }
      const pending = await Promise.all((await db.outbox.where('entityId').equals(ch.id).sortBy('deviceSeq')).map((r) => opFromRow(ctx.vault, r)));
      switch (ch.entity) {
        case 'application': {
          const parsed = ApplicationSchema.safeParse(rebase(ch.data as Application, pending));
          if (!parsed.success) break; // a record this version of the app cannot read is left to the district
          await db.applications.put(await toRow(ctx.vault, parsed.data, { serverVersion: ch.version, conflict: !!ch.conflict }));
          break;
        }
        case 'refusal': {
          await db.refusals.put(await refusalToRow(ctx.vault, rebase(ch.data as AcceptRefusal, pending)));
          break;
        }
        case 'kindergarten':
          await db.kindergartens.put(applyPlaceDeltas(ch.data as Kindergarten, pending));
          break;
        case 'office':
          await db.offices.put(rebase(ch.data as Office, pending));
          break;
        case 'staff': {
          const s = ch.data as { id: string; password?: unknown };
          const prev = await db.staff.get(s.id);
          // Staff of this office come with their password hash; keep the old hash if a change omits it.
          if (s.password || prev) await db.staff.put({ ...(prev ?? {}), ...(ch.data as object) } as never);
          break;
        }
        case 'catalog':
          await db.meta.put({ key: 'catalog', value: ch.data });
          break;
        case 'access':
          await db.access.put(ch.data as AccessEntry);
          break;
        case 'calendar':
          await db.meta.put({ key: 'calendar', value: ch.data });
          break;
        case 'complaint': {
          const parsed = ComplaintSchema.safeParse(rebase(ch.data as object, pending));
          if (parsed.success) await db.complaints.put(await complaintToRow(ctx, parsed.data));
          break;
        }
        case 'visit': {
          const parsed = VisitSchema.safeParse(rebase(ch.data as object, pending));
          if (parsed.success) await db.visits.put(parsed.data);
          break;
        }
        case 'techProtocol': {
          const parsed = TechProtocolSchema.safeParse(rebase(ch.data as object, pending));
          if (parsed.success) await db.techProtocols.put(parsed.data);
          break;
        }
      }
    }
    await db.meta.put({ key: 'syncCursor', value: cursor });
  });
  if (changes.some((c) => c.entity === 'catalog' || c.entity === 'calendar')) await loadReference(ctx);
}
