/**
 * Rows to and from records: the one place that decides what is sealed, what
 * stays clear for queries, and which blind index entries a record gets.
 */
import Dexie from 'dexie';
import { isOpenWork, nameTokens, subjectOf, type AcceptRefusal, type Application, type Op } from '../../shared';
import type { AppRow, OutboxRow, RefusalRow } from '../db/schema';
import { PREFIX_LENGTHS, type Vault } from './vault';

/** Inside a Dexie transaction WebCrypto must be awaited through waitFor, or IndexedDB commits early. */
export const inTx = <T>(p: Promise<T>): Promise<T> => (Dexie.currentTransaction ? Dexie.waitFor(p) : p);

/** Index words of a name: short prefixes and whole words, so a typed prefix finds the person. */
export function nameIndexTerms(...parts: Array<string | undefined>): string[] {
  const out = new Set<string>();
  for (const t of nameTokens(...parts)) {
    for (const n of PREFIX_LENGTHS) if (t.length >= n) out.add(`p${n}:${t.slice(0, n)}`);
    out.add(`w:${t}`);
  }
  return [...out];
}

/** The blind term a query word is looked up by: the whole word, or its longest indexed prefix. */
export function queryTerm(word: string): { term: string; exact: boolean } {
  const n = [...PREFIX_LENGTHS].reverse().find((k) => word.length >= k);
  if (n === undefined) return { term: `w:${word}`, exact: true };
  return word.length === n
    ? { term: `p${n}:${word}`, exact: false }
    : { term: `p${n}:${word.slice(0, n)}`, exact: false };
}

async function blindAll(vault: Vault, kind: string, values: string[]) {
  return Promise.all(values.map((v) => vault.blind(kind, v)));
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
    const names = nameIndexTerms(...people.flatMap((p) => [p.lastName, p.firstName, p.middleName]));
    const [sealed, childIin, applicantIin, subjectIin, iinKeys, nameKeys] = await Promise.all([
      vault.seal(app, app.id),
      app.child ? vault.blind('iin', app.child.iin) : undefined,
      vault.blind('iin', app.applicant.iin),
      vault.blind('iin', subject.iin),
      blindAll(vault, 'iin6', [...new Set(people.map((p) => p.iin.slice(0, 6)))]),
      blindAll(vault, 'name', names),
    ]);
    return { sealed, ...(childIin ? { childIin } : {}), applicantIin, subjectIin, iinKeys, nameKeys };
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
