/**
 * Preview and apply of an XLSX import. The preview reads and checks the file
 * and counts what it would create, change or leave as it is, writing nothing.
 * Apply checks it again inside one transaction and, when no row has an error,
 * writes everything there through the directory's save functions (offices,
 * their settlements, staff, kindergartens: each change a district op that
 * desks pull), with one 'import.applied' audit entry; any error or failure
 * leaves the database as it was. Saving what is stored already is no change,
 * so a file imported twice changes nothing the second time.
 */
import { createHash } from 'node:crypto';
import type { ImportReport, Office, OfficeInput } from '../../../shared';
import type { Db, Queryable } from '../../db';
import { audit } from '../audit';
import { lockDirectory, saveKindergarten, saveOffice, saveStaff, type DirectoryActor } from '../directory';
import { readWorkbook } from './read';
import { validateImport, type ImportPlan } from './validate';

export { UnreadableWorkbook, WorkbookTooLarge } from './read';
export { importTemplate } from './template';
export { MAX_FILE_BYTES } from './layout';

type Ctx = { now(): string; passwordIterations?: number };

function report(
  plan: ImportPlan,
  errors: ImportReport['errors'],
  applied: boolean,
  passwords: ImportReport['oneTimePasswords'] = [],
): ImportReport {
  return { applied, errors, ...plan.counts, oneTimePasswords: passwords };
}

export async function previewImport(db: Queryable, bytes: Buffer): Promise<ImportReport> {
  const book = await readWorkbook(bytes);
  const { plan, errors } = await validateImport(db, book);
  return report(plan, errors, false);
}

const officeInputOf = (o: Office): OfficeInput => ({
  type: o.type,
  code: o.code,
  ...(o.kato ? { kato: o.kato } : {}),
  name: o.name,
  address: o.address,
  headName: o.headName,
  ...(o.phone ? { phone: o.phone } : {}),
  hours: o.hours,
  settlements: o.settlements ?? [],
});

async function write(
  tx: Queryable,
  ctx: Ctx,
  actor: DirectoryActor,
  plan: ImportPlan,
): Promise<ImportReport['oneTimePasswords']> {
  const officeIds = new Map<string, string>();
  const settlementsOf = new Map(plan.settlements.map((s) => [s.officeCode, s]));
  const settlementsChange = (code: string) => settlementsOf.get(code)?.outcomes.some((o) => o !== 'unchanged') ?? false;

  for (const o of plan.offices) {
    if (o.current) officeIds.set(o.code, o.current.id);
    if (o.outcome === 'unchanged' && !settlementsChange(o.code)) continue;
    const settlements = settlementsOf.get(o.code)?.settlements ?? o.current?.settlements ?? [];
    const { id } = await saveOffice(tx, ctx, actor, { ...o.input, settlements }, o.current?.id);
    officeIds.set(o.code, id);
  }
  // Settlements of offices the file does not list: the office as stored, with the merged list.
  const inFile = new Set(plan.offices.map((o) => o.code));
  for (const s of plan.settlements) {
    if (inFile.has(s.officeCode) || !s.current) continue;
    officeIds.set(s.officeCode, s.current.id);
    if (!settlementsChange(s.officeCode)) continue;
    await saveOffice(tx, ctx, actor, { ...officeInputOf(s.current), settlements: s.settlements }, s.current.id);
  }

  const passwords: ImportReport['oneTimePasswords'] = [];
  for (const s of plan.staff) {
    if (s.outcome === 'unchanged') continue;
    let officeId = officeIds.get(s.officeCode);
    if (!officeId) {
      const { rows } = await tx.query<{ id: string }>('SELECT id FROM offices WHERE code = $1', [s.officeCode]);
      officeId = rows[0].id;
      officeIds.set(s.officeCode, officeId);
    }
    const saved = await saveStaff(
      tx,
      ctx,
      actor,
      {
        officeId,
        fullName: s.fullName,
        ...(s.position ? { position: s.position } : {}),
        login: s.login,
        roles: s.roles,
      },
      s.currentId ?? undefined,
    );
    if (saved.oneTimePassword)
      passwords.push({ login: s.login, officeCode: s.officeCode, password: saved.oneTimePassword });
  }

  for (const k of plan.kindergartens) {
    if (k.outcome === 'unchanged') continue;
    await saveKindergarten(
      tx,
      ctx,
      actor,
      { number: k.number, name: k.name, address: k.address, active: k.active, ageGroups: k.ageGroups },
      k.current?.id,
    );
  }
  return passwords;
}

export async function applyImport(db: Db, ctx: Ctx, actor: DirectoryActor, bytes: Buffer): Promise<ImportReport> {
  const book = await readWorkbook(bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.transaction(async (tx) => {
    // The directory's lock (the saves below take it again): one import, or one console save, at a time;
    // two imports at once would each see the other's offices as missing.
    await lockDirectory(tx);
    // Checked again here, in the transaction that writes: the database may have changed since the preview.
    const { plan, errors } = await validateImport(tx, book);
    if (errors.length) return report(plan, errors, false);
    const passwords = await write(tx, ctx, actor, plan);
    await audit(tx, actor, {
      action: 'import.applied',
      target: `import:${sha256}`,
      after: { sha256, bytes: bytes.length, ...plan.counts },
    });
    return report(plan, [], true, passwords);
  });
}
