/**
 * A standalone office's own changes to the service catalog: when a decree
 * changes a term, a document or an age limit and no district server hands the
 * new entry down, the head edits it in the settings. Stored in the meta table
 * (one record of entries by code, one of changes), checked by the same schema
 * as the shipped and the district's entries, and put in force at once by
 * replacing ctx.catalog, which intake and the workflow read on every call.
 *
 * Once the office is enrolled the district's catalog comes through sync and
 * wins: the local changes stay stored (a backup carries them) but are neither
 * applied nor editable.
 */
import { Catalog, builtInCatalog, checkCatalogEntry, type Role, type ServiceEntry } from '../../shared';
import { DeskError, type CatalogChange, type CatalogSettings, type CatalogSettingsRow, type Session } from './api';
import type { DeskContext } from './context';

const ENTRIES_KEY = 'localCatalog';
const CHANGES_KEY = 'localCatalogLog';
/** The settings show the latest changes; older ones are dropped rather than grow the record forever. */
const KEEP_CHANGES = 200;
/** Who may change the catalog: the head answers for the office's terms and papers. */
export const CATALOG_EDITOR_ROLE: Role = 'head';

type StoredEntry = { entry: ServiceEntry; at: string; by: string; byName: string };
type Stored = Record<string, StoredEntry>;

const builtInByCode = new Map(builtInCatalog.map((e) => [e.code, e]));
const sameEntry = (a: ServiceEntry, b: ServiceEntry) => JSON.stringify(a) === JSON.stringify(b);

async function storedEntries(ctx: DeskContext): Promise<Stored> {
  return ((await ctx.db.meta.get(ENTRIES_KEY))?.value as Stored | undefined) ?? {};
}

/**
 * Whether the district's catalog is in force here: enrolled, restored and
 * waiting to enrol again, or holding a catalog that came through sync.
 */
export async function districtManaged(ctx: DeskContext): Promise<boolean> {
  const [enrolment, reEnrol, catalog] = await ctx.db.meta.bulkGet(['enrolment', 'reEnrol', 'catalog']);
  return !!enrolment || !!reEnrol || (Array.isArray(catalog?.value) && catalog.value.length > 0);
}

/** The shipped catalog with the office's entries; one a later release can no longer read is skipped, not fatal. */
function buildCatalog(stored: Stored): Catalog {
  const entries = Object.values(stored).flatMap((s) => {
    const r = checkCatalogEntry(s.entry);
    return r.ok ? [r.entry] : [];
  });
  return new Catalog(builtInCatalog, entries);
}

/** At start and after a restore: the office's entries go in force unless the district manages the catalog. */
export async function loadLocalCatalog(ctx: DeskContext): Promise<void> {
  if (await districtManaged(ctx)) return;
  ctx.catalog = buildCatalog(await storedEntries(ctx));
}

function requireEditor(session: Session): void {
  if (!session.staff.roles.includes(CATALOG_EDITOR_ROLE)) throw new DeskError('workflow.wrongRole');
}

async function requireOfficeManaged(ctx: DeskContext): Promise<void> {
  if (await districtManaged(ctx)) throw new DeskError('catalog.districtManaged');
}

/** Writes the entries and one line of the change log together, then puts the result in force. */
async function commit(
  ctx: DeskContext,
  session: Session,
  change: (stored: Stored) => Stored,
  code: string,
  action: CatalogChange['action'],
): Promise<void> {
  const { db } = ctx;
  let next: Stored = {};
  await db.transaction('rw', db.meta, async () => {
    next = change(await storedEntries(ctx));
    const log = ((await db.meta.get(CHANGES_KEY))?.value as CatalogChange[] | undefined) ?? [];
    const line: CatalogChange = { at: ctx.now(), by: session.staff.id, byName: session.staff.fullName, code, action };
    await db.meta.bulkPut([
      { key: ENTRIES_KEY, value: next },
      { key: CHANGES_KEY, value: [line, ...log].slice(0, KEEP_CHANGES) },
    ]);
  });
  ctx.catalog = buildCatalog(next);
}

/**
 * Changes the entry `code` (or adds one, code null) from JSON text or a
 * value. Nothing is stored unless the whole entry passes the schema. Saving
 * an entry identical to the shipped one drops the office's change.
 */
export async function saveCatalogEntry(
  ctx: DeskContext,
  session: Session,
  input: unknown,
  code: string | null,
): Promise<ServiceEntry> {
  requireEditor(session);
  await requireOfficeManaged(ctx);
  const r = checkCatalogEntry(input);
  if (!r.ok) {
    const notJson = r.errors.find((e) => e.code === 'catalog.notJson');
    if (notJson) throw new DeskError('catalog.notJson', [], notJson.params ?? {});
    throw new DeskError('catalog.invalidEntry', r.errors, { count: r.errors.length });
  }
  const entry = r.entry;
  // A changed code would silently add a second service and leave the first as it was.
  if (code !== null && entry.code !== code)
    throw new DeskError('catalog.codeChanged', [{ field: 'code', code: 'catalog.codeChanged', params: { code } }], {
      code,
    });
  if (code === null && ctx.catalog.has(entry.code))
    throw new DeskError(
      'catalog.codeTaken',
      [{ field: 'code', code: 'catalog.codeTaken', params: { code: entry.code } }],
      { code: entry.code },
    );
  const shipped = builtInByCode.get(entry.code);
  const asShipped = !!shipped && sameEntry(shipped, entry);
  await commit(
    ctx,
    session,
    (stored) => {
      if (asShipped) {
        const { [entry.code]: _shipped, ...next } = stored;
        return next;
      }
      return {
        ...stored,
        [entry.code]: { entry, at: ctx.now(), by: session.staff.id, byName: session.staff.fullName },
      };
    },
    entry.code,
    asShipped ? 'revert' : code === null ? 'add' : 'save',
  );
  return entry;
}

/** Back to the shipped entry; an entry the office added goes away, unless applications were registered for it. */
export async function revertCatalogEntry(ctx: DeskContext, session: Session, code: string): Promise<void> {
  requireEditor(session);
  await requireOfficeManaged(ctx);
  const stored = await storedEntries(ctx);
  if (!stored[code]) throw new DeskError('catalog.notChanged', [], { code });
  if (!builtInByCode.has(code)) {
    const { db } = ctx;
    // Their papers and deadlines are read from the entry: it must stay.
    const used =
      (await db.applications.filter((a) => a.serviceCode === code).first()) ??
      (await db.refusals.filter((a) => a.serviceCode === code).first());
    if (used) throw new DeskError('catalog.inUse', [], { code });
  }
  await commit(
    ctx,
    session,
    (s) => {
      const { [code]: _reverted, ...next } = s;
      return next;
    },
    code,
    'revert',
  );
}

/** The catalog in force as the settings list it: where each entry comes from, and who manages it. */
export async function catalogSettings(ctx: DeskContext, limitChanges = 20): Promise<CatalogSettings> {
  const managed = await districtManaged(ctx);
  const stored = managed ? {} : await storedEntries(ctx);
  const rows: CatalogSettingsRow[] = ctx.catalog.all().map((entry) => {
    const own = stored[entry.code];
    if (own)
      return {
        entry,
        origin: builtInByCode.has(entry.code) ? 'overridden' : 'added',
        changedAt: own.at,
        changedBy: own.byName,
      };
    const shipped = builtInByCode.get(entry.code);
    return { entry, origin: shipped && sameEntry(shipped, entry) ? 'builtIn' : 'district' };
  });
  const changes = ((await ctx.db.meta.get(CHANGES_KEY))?.value as CatalogChange[] | undefined) ?? [];
  return { managedBy: managed ? 'district' : 'office', rows, changes: changes.slice(0, limitChanges) };
}
