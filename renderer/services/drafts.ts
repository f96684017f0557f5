/**
 * Unfinished applications (issue #11): one per staff member, so that the
 * idle lock, leaving the intake screen or a reload lose nothing a clerk
 * typed. A draft holds a child's data like a record does, so it is sealed
 * like one: AES-GCM under the office's key, the person's id bound as
 * associated data (a row copied to a colleague's key does not open). It sits
 * in the `meta` table under `draft:<staff id>`: no schema change, never
 * synced, carried sealed by a backup. In the clear: when it was saved.
 *
 * Calls for one desk run in order: a save started as a screen closes is what
 * the next screen's read sees.
 */
import type { IntakeDraft, Session } from './api';
import type { DeskContext } from './context';
import type { Sealed } from './vault';

type DraftRow = { savedAt: string; sealed: Sealed };
type Sealable = Omit<IntakeDraft, 'savedAt'>;

const keyOf = (staffId: string) => `draft:${staffId}`;

const queues = new WeakMap<DeskContext, Promise<unknown>>();
function inOrder<T>(ctx: DeskContext, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(ctx) ?? Promise.resolve()).then(fn, fn);
  queues.set(
    ctx,
    run.catch(() => undefined),
  );
  return run;
}

export function loadDraft(ctx: DeskContext, s: Session): Promise<IntakeDraft | null> {
  return inOrder(ctx, async () => {
    const row = (await ctx.db.meta.get(keyOf(s.staff.id)))?.value as DraftRow | undefined;
    if (!row?.sealed) return null;
    try {
      const d = await ctx.vault.open<Sealable>(row.sealed, keyOf(s.staff.id));
      return { serviceCode: d.serviceCode, form: d.form, startedAt: d.startedAt, savedAt: row.savedAt };
    } catch {
      // Not this person's (or not this office key's): nothing to offer.
      return null;
    }
  });
}

export function saveDraft(ctx: DeskContext, s: Session, d: Sealable): Promise<IntakeDraft> {
  return inOrder(ctx, async () => {
    const value: Sealable = { serviceCode: d.serviceCode, form: d.form, startedAt: d.startedAt };
    const row: DraftRow = { savedAt: ctx.now(), sealed: await ctx.vault.seal(value, keyOf(s.staff.id)) };
    await ctx.db.meta.put({ key: keyOf(s.staff.id), value: row });
    return { ...value, savedAt: row.savedAt };
  });
}

export function discardDraft(ctx: DeskContext, s: Session): Promise<void> {
  return inOrder(ctx, () => ctx.db.meta.delete(keyOf(s.staff.id)));
}
