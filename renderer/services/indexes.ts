/**
 * Rows to and from records: the one place that decides what is sealed, what
 * stays clear for queries, and which blind index entries a record gets.
 */
import Dexie from 'dexie';
import {
  isOpenWork,
  looseNameTokens,
  nameTokens,
  NAME_KEY_VERSION,
  subjectOf,
  type AcceptRefusal,
  type Application,
  type Op,
} from '../../shared';
import type { AppRow, OutboxRow, RefusalRow } from '../db/schema';
import type { DeskContext } from './context';
import { PREFIX_LENGTHS, type Vault } from './vault';

/** Inside a Dexie transaction WebCrypto must be awaited through waitFor, or IndexedDB commits early. */
export const inTx = <T>(p: Promise<T>): Promise<T> => (Dexie.currentTransaction ? Dexie.waitFor(p) : p);

/**
 * The version of a row's name index (AppRow.nameKeysV): the shared fold's
 * (NAME_KEY_VERSION, raised with any change of looseFold) and this file's
 * layout of terms. A row below it is indexed again by reindexNames.
 */
const NAME_TERMS_LAYOUT = 1;
export const NAME_INDEX_VERSION = NAME_KEY_VERSION * 100 + NAME_TERMS_LAYOUT;

/**
 * Index words of a name: short prefixes and whole words, so a typed prefix
 * finds the person; each twice, as spelt (searchFold) and folded (looseFold:
 * Kazakh letters as a Russian layout and Latin papers write them), so
 * "Сеитов" and "Seitov" find Сейітов while an exact spelling is still told
 * apart and ranked first (search.ts). Both are keyed hashes, as before.
 */
export function nameIndexTerms(...parts: Array<string | undefined>): string[] {
  const out = new Set<string>();
  const add = (kind: '' | 'f', t: string) => {
    for (const n of PREFIX_LENGTHS) if (t.length >= n) out.add(`${kind}p${n}:${t.slice(0, n)}`);
    out.add(`${kind}w:${t}`);
  };
  for (const t of nameTokens(...parts)) add('', t);
  for (const t of looseNameTokens(...parts)) add('f', t);
  return [...out];
}

/** The blind term a query word is looked up by: the whole word, or its longest indexed prefix; `folded` for a looseFold word. */
export function queryTerm(word: string, folded = false): { term: string; exact: boolean } {
  const kind = folded ? 'f' : '';
  const n = [...PREFIX_LENGTHS].reverse().find((k) => word.length >= k);
  if (n === undefined) return { term: `${kind}w:${word}`, exact: true };
  return { term: `${kind}p${n}:${word.slice(0, n)}`, exact: false };
}

async function blindAll(vault: Vault, kind: string, values: string[]) {
  return Promise.all(values.map((v) => vault.blind(kind, v)));
}

/** The people a clerk may search by: the child, the applicant, and whom a proxy represents where that person is the subject. */
function namesOf(app: Application): Array<string | undefined> {
  const subject = subjectOf(app);
  const people = [app.child, app.applicant, subject.kind === 'principal' ? subject : undefined].filter((p) => !!p);
  return people.flatMap((p) => [p.lastName, p.firstName, p.middleName]);
}

function nameKeysOf(vault: Vault, app: Application): Promise<string[]> {
  return blindAll(vault, 'name', nameIndexTerms(...namesOf(app)));
}

/**
 * Indexes names again where a row's index is older than NAME_INDEX_VERSION
 * (the schema's version 6 marks every older row 0): a batch at a time, in the
 * background after a sign-in, since the keyed hashes need the unlocked vault.
 * Resumable: each row carries its own version, so a run stopped by a
 * sign-out, a closed window or a failure goes on where it stopped at the next
 * sign-in. A row saved meanwhile (toRow) is already current and is left as it
 * is. Until a row is done its name is still found as spelt (the older terms
 * are kept). Returns how many rows were indexed again; `maxBatches` stops
 * early.
 */
export async function reindexNames(
  ctx: Pick<DeskContext, 'db' | 'vault'>,
  opts: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const t = ctx.db.applications;
  const batch = opts.batch ?? 200;
  let done = 0;
  // A row that does not open (damaged) is left as it is, and not read again in this run.
  const skip = new Set<string>();
  for (let b = 0; b < (opts.maxBatches ?? Infinity) && ctx.vault.unlocked; b++) {
    const rows = await t
      .where('nameKeysV')
      .below(NAME_INDEX_VERSION)
      .filter((r) => !skip.has(r.id))
      .limit(batch)
      .toArray();
    if (!rows.length) break;
    const keys = await Promise.all(
      rows.map((r) =>
        fromRow(ctx.vault, r)
          .then((app) => nameKeysOf(ctx.vault, app))
          .catch(() => {
            skip.add(r.id);
            return null;
          }),
      ),
    );
    await ctx.db.transaction('rw', t, async () => {
      for (let i = 0; i < rows.length; i++) {
        const k = keys[i];
        if (!k) continue;
        const now = await t.get(rows[i].id);
        // Sealed again since it was read: toRow wrote its keys from the newer record.
        if (!now || now.sealed.iv !== rows[i].sealed.iv || (now.nameKeysV ?? 0) >= NAME_INDEX_VERSION) continue;
        await t.update(now.id, { nameKeys: k, nameKeysV: NAME_INDEX_VERSION });
        done++;
      }
    });
  }
  return done;
}

export async function toRow(
  vault: Vault,
  app: Application,
  prev?: Pick<AppRow, 'serverVersion' | 'conflict'>,
): Promise<AppRow> {
  const work = (async () => {
    // The people a clerk may search by: the child, the applicant, and whom a proxy represents
    // where that person is the subject (services about the applicant carry no child).
    const subject = subjectOf(app);
    const people = [app.child, app.applicant, subject.kind === 'principal' ? subject : undefined].filter((p) => !!p);
    const [sealed, childIin, applicantIin, subjectIin, iinKeys, nameKeys] = await Promise.all([
      vault.seal(app, app.id),
      app.child ? vault.blind('iin', app.child.iin) : undefined,
      vault.blind('iin', app.applicant.iin),
      vault.blind('iin', subject.iin),
      blindAll(vault, 'iin6', [...new Set(people.map((p) => p.iin.slice(0, 6)))]),
      nameKeysOf(vault, app),
    ]);
    return {
      sealed,
      ...(childIin ? { childIin } : {}),
      applicantIin,
      subjectIin,
      iinKeys,
      nameKeys,
      nameKeysV: NAME_INDEX_VERSION,
    };
  })();
  const k = await inTx(work);
  const row: AppRow = {
    id: app.id,
    officeId: app.officeId,
    serviceCode: app.serviceCode,
    journalYear: app.journalYear,
    journalSeq: app.journalSeq,
    journalNo: app.journalNo,
    status: app.status,
    queueState: app.queueState,
    acceptedAt: app.acceptedAt,
    version: app.version,
    updatedAt: app.updatedAt,
    ...(app.executorId ? { executorId: app.executorId } : {}),
    ...k,
    sortKey: `${app.acceptedAt}|${app.id}`,
    // Only open work has a term in the due index: not once issued, nor once the district withdrew it.
    ...(isOpenWork(app) ? { openDueAt: app.dueAt } : {}),
  };
  if (prev?.serverVersion !== undefined) row.serverVersion = prev.serverVersion;
  if (prev?.conflict) row.conflict = true;
  return row;
}

export function fromRow(vault: Vault, row: AppRow): Promise<Application> {
  return inTx(vault.open<Application>(row.sealed, row.id));
}

export async function fromRows(vault: Vault, rows: AppRow[]): Promise<Application[]> {
  return inTx(Promise.all(rows.map((r) => vault.open<Application>(r.sealed, r.id))));
}

export async function refusalToRow(vault: Vault, r: AcceptRefusal): Promise<RefusalRow> {
  return {
    id: r.id,
    officeId: r.officeId,
    serviceCode: r.serviceCode,
    at: r.at,
    sortKey: `${r.at}|${r.id}`,
    // Only that it was, and when (no name): what the desk's counts skip.
    ...(r.withdrawn ? { withdrawn: { at: r.withdrawn.at } } : {}),
    sealed: await inTx(vault.seal(r, r.id)),
  };
}

export function refusalFromRow(vault: Vault, row: RefusalRow): Promise<AcceptRefusal> {
  return inTx(vault.open<AcceptRefusal>(row.sealed, row.id));
}

export async function opToRow(vault: Vault, op: Op, createdAt: string): Promise<OutboxRow> {
  const { fields, ...head } = op;
  return { ...head, createdAt, sealed: await inTx(vault.seal(fields, op.opId)) };
}

export async function opFromRow(vault: Vault, row: OutboxRow): Promise<Op> {
  const { sealed, createdAt: _c, ...head } = row as OutboxRow & { reason?: string; detail?: unknown; at?: string };
  const {
    reason: _r,
    detail: _d,
    at: _a,
    ...clean
  } = head as typeof head & { reason?: string; detail?: unknown; at?: string };
  return { ...clean, fields: await inTx(vault.open<Record<string, unknown>>(sealed, row.opId)) };
}
