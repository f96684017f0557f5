/**
 * Pulled records into IndexedDB. The server's record is the base; this
 * device's ops not yet acknowledged are applied again on top, so a pull never
 * wipes out work still waiting in the outbox.
 */
import {
  Catalog,
  RECORD_KINDS,
  WorkCalendar,
  builtInCatalog,
  checkRecord,
  rebase,
  type AcceptRefusal,
  type AccessEntry,
  type Application,
  type CalendarData,
  type Change,
  type Complaint,
  type Kindergarten,
  type Office,
  type RecordKindName,
  type ServiceEntry,
  type TechProtocol,
  type Visit,
} from '../../shared';
import type { DeskContext } from '../services/context';
import { refusalToRow, toRow } from '../services/indexes';
import { readableOps } from '../services/outbox';
import { complaintToRow } from '../services/complaints';
import { keepLocalPassword, wrapForColleagues } from '../services/auth';

type Rec = Record<string, unknown>;

/**
 * Where each kind of record is kept on the desk, and in what form (sealed rows
 * for applications, refusals and complaints). What a record is, and how ops
 * lay over it, is the shared record kernel's.
 */
const STORE: Record<RecordKindName, (ctx: DeskContext, rec: Rec, ch: Change) => Promise<unknown>> = {
  application: async (ctx, rec, ch) =>
    ctx.db.applications.put(
      await toRow(ctx.vault, rec as Application, { serverVersion: ch.version, conflict: !!ch.conflict }),
    ),
  refusal: async (ctx, rec) => ctx.db.refusals.put(await refusalToRow(ctx.vault, rec as AcceptRefusal)),
  kindergarten: (ctx, rec) => ctx.db.kindergartens.put(rec as Kindergarten),
  office: (ctx, rec) => ctx.db.offices.put(rec as Office),
  staff: async (ctx, rec) => {
    const prev = await ctx.db.staff.get(rec.id as string); // checkRecord passed it: SyncStaffSchema's id is a string
    // Staff of this office come with their password hash; keep the old hash if a change omits it,
    // and a password the person chose on this desk over the district's one-time one (services/auth.ts).
    if (rec.password || prev)
      await ctx.db.staff.put({ ...(prev ?? {}), ...(await keepLocalPassword(ctx, prev, rec)) } as never);
  },
  access: (ctx, rec) => ctx.db.access.put(rec as AccessEntry),
  complaint: async (ctx, rec) => ctx.db.complaints.put(await complaintToRow(ctx, rec as Complaint)),
  visit: (ctx, rec) => ctx.db.visits.put(rec as Visit),
  techProtocol: (ctx, rec) => ctx.db.techProtocols.put(rec as TechProtocol),
};

/** Loads the district's catalog and calendar into the running context. */
export async function loadReference(ctx: DeskContext): Promise<void> {
  const cat = (await ctx.db.meta.get('catalog'))?.value as ServiceEntry[] | undefined;
  if (cat?.length) {
    try {
      ctx.catalog = new Catalog(builtInCatalog, cat);
    } catch {
      /* a bad district entry keeps the shipped catalog */
    }
  }
  const cal = (await ctx.db.meta.get('calendar'))?.value as CalendarData | undefined;
  if (cal?.holidays) ctx.calendar = new WorkCalendar(cal);
}

/**
 * Applies one page of changes in one transaction (all or nothing, like the
 * cursor that follows it). Each record is re-checked against its kind, with
 * this device's unacknowledged ops laid over it again: a record this version
 * of the app cannot read (or a server that sends nonsense) is left to the
 * district, never stored.
 */
export async function applyChanges(ctx: DeskContext, changes: Change[], cursor: string): Promise<void> {
  const { db } = ctx;
  await db.transaction(
    'rw',
    [
      db.applications,
      db.refusals,
      db.kindergartens,
      db.offices,
      db.staff,
      db.meta,
      db.outbox,
      db.access,
      db.complaints,
      db.visits,
      db.techProtocols,
    ],
    async () => {
      for (const ch of changes) {
        if (ch.entity === 'catalog' || ch.entity === 'calendar') {
          await db.meta.put({ key: ch.entity, value: ch.data });
          continue;
        }
        const kind = RECORD_KINDS[ch.entity];
        if (!kind || !ch.data || typeof ch.data !== 'object') continue;
        if (ch.entity !== 'application') await db.meta.put({ key: `sv:${ch.entity}:${ch.id}`, value: ch.version });
        // An op that no longer opens cannot be laid over anything (the push sets it aside): it must not stop the pull.
        const pending = await readableOps(ctx, await db.outbox.where('entityId').equals(ch.id).sortBy('deviceSeq'));
        const checked = checkRecord(kind, rebase(kind, ch.data as Rec, pending));
        if (checked.ok) await STORE[ch.entity](ctx, checked.value, ch);
      }
      await db.meta.put({ key: 'syncCursor', value: cursor });
    },
  );
  if (changes.some((c) => c.entity === 'catalog' || c.entity === 'calendar')) await loadReference(ctx);
  // A colleague's record (or new key pair) came: while the key is open here, they get their copy of it.
  if (changes.some((c) => c.entity === 'staff')) await wrapForColleagues(ctx);
}
