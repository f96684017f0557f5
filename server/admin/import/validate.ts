/**
 * Rows checked against the contract's input schemas and against each other
 * and the database: office types and roles by label, KATO codes, office codes
 * that exist (in the file or on the server), duplicates inside the file. The
 * result is a plan (what each row becomes) with its counts, or the errors by
 * sheet, row and column. Nothing is written here: the preview is this alone.
 */
import {
  KatoSchema,
  LoginSchema,
  OfficeInputSchema,
  RoleSchema,
  newId,
  roleFitsOffice,
  type BiText,
  type ImportRowError,
  type Kindergarten,
  type Office,
  type OfficeInput,
  type OfficeType,
  type Role,
  type Settlement,
  type SyncStaff,
} from '../../../shared';
import type { Queryable } from '../../db';
import { LAYOUT, OFFICE_TYPE_BY_LABEL, ROLE_BY_LABEL, norm, type SheetKey } from './layout';
import type { ReadWorkbook, SheetRow } from './read';

export type Counts = { create: number; update: number; unchanged: number };
export type Outcome = 'create' | 'update' | 'unchanged';

export type OfficePlan = {
  row: number;
  code: string;
  input: Omit<OfficeInput, 'settlements'>;
  current: Office | null;
  outcome: Outcome;
};
export type SettlementsPlan = {
  officeCode: string;
  current: Office | null;
  settlements: Settlement[];
  outcomes: Outcome[];
};
export type StaffPlan = {
  row: number;
  officeCode: string;
  login: string;
  fullName: string;
  position?: string;
  roles: Role[];
  currentId: string | null;
  outcome: Outcome;
};
export type GroupPlan = { id: string; name: BiText; minAge: number; maxAge: number; places: number };
export type KindergartenPlan = {
  row: number;
  number: string;
  name: BiText;
  address: BiText;
  active: boolean;
  ageGroups: GroupPlan[];
  current: Kindergarten | null;
  outcome: Outcome;
};
export type ImportPlan = {
  offices: OfficePlan[];
  settlements: SettlementsPlan[];
  staff: StaffPlan[];
  kindergartens: KindergartenPlan[];
  counts: Record<SheetKey, Counts>;
};

/** Key-order-independent equality of JSON values (records come back from JSONB with their keys reordered). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === undefined || b === null;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    return [...keys].every((k) => same(ra[k], rb[k]));
  }
  return false;
}

const ROLE_ORDER = RoleSchema.options;

type Ctx = { errors: ImportRowError[]; sheet: SheetKey };
const title = (sheet: SheetKey, key: string) => LAYOUT[sheet].columns.find((c) => c.key === key)?.title.ru ?? key;

function err(c: Ctx, row: number, key: string | undefined, code: string, params?: ImportRowError['params']): void {
  c.errors.push({
    sheet: c.sheet,
    row,
    ...(key ? { column: title(c.sheet, key) } : {}),
    code,
    ...(params ? { params } : {}),
  });
}

/** The required cells of a row: each one missing is reported; false when any is. */
function required(c: Ctx, r: SheetRow, keys: string[]): boolean {
  let ok = true;
  for (const k of keys)
    if (!r.cells[k]) {
      err(c, r.row, k, 'import.required');
      ok = false;
    }
  return ok;
}

function kato(c: Ctx, r: SheetRow): string | undefined | null {
  const v = r.cells.kato;
  if (!v) return undefined;
  if (!KatoSchema.safeParse(v).success) {
    err(c, r.row, 'kato', 'import.kato', { value: v });
    return null;
  }
  return v;
}

function wholeNumber(c: Ctx, r: SheetRow, key: string, min: number, max: number): number | null {
  const v = r.cells[key];
  if (!v) {
    err(c, r.row, key, 'import.required');
    return null;
  }
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    err(c, r.row, key, 'import.number', { value: v, min, max });
    return null;
  }
  return n;
}

/** The database as the file will meet it: offices by code, staff by office and login, kindergartens by number. */
async function loadCurrent(tx: Queryable) {
  const offices = new Map<string, Office>();
  for (const r of (await tx.query<{ data: Office }>('SELECT data FROM offices')).rows) offices.set(r.data.code, r.data);
  const staff = new Map<string, SyncStaff>();
  for (const r of (await tx.query<{ data: SyncStaff }>('SELECT data FROM staff')).rows)
    staff.set(`${r.data.officeId}\u0000${r.data.login}`, r.data);
  const kindergartens = new Map<string, Kindergarten>();
  for (const r of (await tx.query<{ data: Kindergarten }>('SELECT data FROM kindergartens ORDER BY number, id')).rows)
    if (!kindergartens.has(r.data.number)) kindergartens.set(r.data.number, r.data);
  return { offices, staff, kindergartens };
}

const countsOf = (outcomes: Outcome[]): Counts => ({
  create: outcomes.filter((o) => o === 'create').length,
  update: outcomes.filter((o) => o === 'update').length,
  unchanged: outcomes.filter((o) => o === 'unchanged').length,
});

/** What an office's record says about the input's fields: for comparing with the file. */
const officeFields = (o: Office | Omit<OfficeInput, 'settlements'>) => ({
  type: o.type,
  code: o.code,
  kato: o.kato,
  name: o.name,
  address: o.address,
  headName: o.headName,
  phone: o.phone,
});

const settlementKey = (s: Settlement) => (s.kato ? `kato:${s.kato}` : `name:${norm(s.name.ru)}`);

export async function validateImport(
  tx: Queryable,
  book: ReadWorkbook,
): Promise<{ plan: ImportPlan; errors: ImportRowError[] }> {
  const errors: ImportRowError[] = [...book.errors];
  const db = await loadCurrent(tx);

  // --- offices ---------------------------------------------------------------------------------
  const offices: OfficePlan[] = [];
  const fileOffices = new Map<string, { row: number; type: OfficeType | null }>();
  {
    const c: Ctx = { errors, sheet: 'offices' };
    for (const r of book.sheets.offices) {
      const code = r.cells.code;
      if (code) {
        const first = fileOffices.get(code);
        if (first) {
          err(c, r.row, 'code', 'import.duplicate', { value: code, first: first.row });
          continue;
        }
      }
      const typeText = r.cells.type;
      const type = typeText ? (OFFICE_TYPE_BY_LABEL.get(norm(typeText)) ?? null) : null;
      if (code) fileOffices.set(code, { row: r.row, type });
      if (r.bad) continue;
      let ok = required(c, r, ['code', 'type', 'nameKk', 'nameRu', 'addressKk', 'addressRu', 'headName']);
      if (typeText && !type) {
        err(c, r.row, 'type', 'import.officeType', { value: typeText });
        ok = false;
      }
      const k = kato(c, r);
      if (k === null) ok = false;
      if (!ok) continue;
      const parsed = OfficeInputSchema.safeParse({
        type,
        code,
        ...(k ? { kato: k } : {}),
        name: { kk: r.cells.nameKk, ru: r.cells.nameRu },
        address: { kk: r.cells.addressKk, ru: r.cells.addressRu },
        headName: r.cells.headName,
        ...(r.cells.phone ? { phone: r.cells.phone } : {}),
      });
      if (!parsed.success) {
        for (const i of parsed.error.issues.slice(0, 5))
          err(c, r.row, columnOfPath('offices', i.path), 'import.invalid');
        continue;
      }
      const { settlements: _none, ...input } = parsed.data;
      const current = db.offices.get(input.code) ?? null;
      const outcome: Outcome = !current
        ? 'create'
        : same(officeFields(current), officeFields(input))
          ? 'unchanged'
          : 'update';
      offices.push({ row: r.row, code: input.code, input, current, outcome });
    }
  }
  /** The type of the office with this code (null: in the file with an unknown type); undefined: no such office. */
  const officeType = (code: string): OfficeType | null | undefined => {
    const inFile = fileOffices.get(code);
    return inFile ? inFile.type : db.offices.get(code)?.type;
  };

  // --- settlements: merged into each office's list (by KATO, else by the Russian name) ----------
  const settlements: SettlementsPlan[] = [];
  {
    const c: Ctx = { errors, sheet: 'settlements' };
    const byOffice = new Map<string, Array<{ row: number; s: Settlement }>>();
    const seen = new Map<string, number>();
    for (const r of book.sheets.settlements) {
      if (r.bad) continue;
      if (!required(c, r, ['officeCode', 'nameKk', 'nameRu'])) continue;
      const code = r.cells.officeCode;
      if (officeType(code) === undefined) {
        err(c, r.row, 'officeCode', 'import.officeUnknown', { value: code });
        continue;
      }
      const k = kato(c, r);
      if (k === null) continue;
      const s: Settlement = { ...(k ? { kato: k } : {}), name: { kk: r.cells.nameKk, ru: r.cells.nameRu } };
      const key = `${code}\u0000${settlementKey(s)}`;
      const first = seen.get(key);
      if (first) {
        err(c, r.row, k ? 'kato' : 'nameRu', 'import.duplicate', { value: k ?? s.name.ru, first });
        continue;
      }
      seen.set(key, r.row);
      byOffice.set(code, [...(byOffice.get(code) ?? []), { row: r.row, s }]);
    }
    for (const [code, rows] of byOffice) {
      const current = db.offices.get(code) ?? null;
      const list = [...(current?.settlements ?? [])];
      const outcomes: Outcome[] = [];
      for (const { s } of rows) {
        const at = list.findIndex((x) => settlementKey(x) === settlementKey(s));
        if (at < 0) {
          list.push(s);
          outcomes.push('create');
        } else if (same(list[at], s)) outcomes.push('unchanged');
        else {
          list[at] = s;
          outcomes.push('update');
        }
      }
      settlements.push({ officeCode: code, current, settlements: list, outcomes });
    }
  }

  // --- staff -----------------------------------------------------------------------------------
  const staff: StaffPlan[] = [];
  {
    const c: Ctx = { errors, sheet: 'staff' };
    const seen = new Map<string, number>();
    for (const r of book.sheets.staff) {
      const login = r.cells.login?.toLowerCase();
      const code = r.cells.officeCode;
      if (login && code) {
        const first = seen.get(`${code}\u0000${login}`);
        if (first) {
          err(c, r.row, 'login', 'import.duplicate', { value: login, first });
          continue;
        }
        seen.set(`${code}\u0000${login}`, r.row);
      }
      if (r.bad) continue;
      let ok = required(c, r, ['officeCode', 'fullName', 'login', 'roles']);
      if (!ok) continue;
      const type = officeType(code);
      if (type === undefined) {
        err(c, r.row, 'officeCode', 'import.officeUnknown', { value: code });
        ok = false;
      }
      if (!LoginSchema.safeParse(login).success) {
        err(c, r.row, 'login', 'import.login', { value: r.cells.login });
        ok = false;
      }
      const roles = new Set<Role>();
      for (const part of r.cells.roles.split(/[,;\n]+/)) {
        if (!part.trim()) continue;
        const role = ROLE_BY_LABEL.get(norm(part));
        if (!role) {
          err(c, r.row, 'roles', 'import.role', { value: part.trim() });
          ok = false;
        } else if (type && !roleFitsOffice(role, type)) {
          err(c, r.row, 'roles', 'import.roleOffice', { value: part.trim() });
          ok = false;
        } else roles.add(role);
      }
      if (ok && !roles.size) {
        err(c, r.row, 'roles', 'import.required');
        ok = false;
      }
      const fullName = r.cells.fullName;
      const position = r.cells.position;
      if (fullName.length > 200 || (position?.length ?? 0) > 200) {
        err(c, r.row, fullName.length > 200 ? 'fullName' : 'position', 'import.tooLong', { max: 200 });
        ok = false;
      }
      if (!ok) continue;
      const sorted = ROLE_ORDER.filter((x) => roles.has(x));
      const officeId = db.offices.get(code)?.id;
      const current = officeId ? (db.staff.get(`${officeId}\u0000${login}`) ?? null) : null;
      const outcome: Outcome = !current
        ? 'create'
        : same(
              { fullName: current.fullName, position: current.position, roles: current.roles },
              { fullName, position, roles: sorted },
            )
          ? 'unchanged'
          : 'update';
      staff.push({
        row: r.row,
        officeCode: code,
        login: login ?? '',
        fullName,
        position,
        roles: sorted,
        currentId: current?.id ?? null,
        outcome,
      });
    }
  }

  // --- kindergartens: one row per age group, the first row of a number carries its names -------
  const kindergartens: KindergartenPlan[] = [];
  {
    const c: Ctx = { errors, sheet: 'kindergartens' };
    type Acc = {
      row: number;
      name: Partial<BiText>;
      address: Partial<BiText>;
      groups: Array<GroupPlan & { row: number }>;
      bad: boolean;
    };
    const byNumber = new Map<string, Acc>();
    const texts = ['nameKk', 'nameRu', 'addressKk', 'addressRu'] as const;
    for (const r of book.sheets.kindergartens) {
      if (!required(c, r, ['number'])) continue;
      const number = r.cells.number;
      let acc = byNumber.get(number);
      if (!acc) byNumber.set(number, (acc = { row: r.row, name: {}, address: {}, groups: [], bad: false }));
      if (r.bad) {
        acc.bad = true;
        continue;
      }
      // Names and address: on the first row, or repeated the same on later ones.
      for (const k of texts) {
        const v = r.cells[k];
        if (!v) continue;
        const target = k.startsWith('name') ? acc.name : acc.address;
        const lang = k.endsWith('Kk') ? 'kk' : 'ru';
        if (target[lang] && target[lang] !== v) {
          err(c, r.row, k, 'import.mismatch', { first: acc.row });
          acc.bad = true;
        } else target[lang] = v;
      }
      const hasGroup = ['groupKk', 'groupRu', 'minAge', 'maxAge', 'places'].some((k) => r.cells[k]);
      if (!hasGroup) continue;
      if (!required(c, r, ['groupKk', 'groupRu'])) {
        acc.bad = true;
        continue;
      }
      const minAge = wholeNumber(c, r, 'minAge', 0, 7);
      const maxAge = wholeNumber(c, r, 'maxAge', 0, 7);
      const places = wholeNumber(c, r, 'places', 0, 10_000);
      if (minAge === null || maxAge === null || places === null) {
        acc.bad = true;
        continue;
      }
      if (minAge > maxAge) {
        err(c, r.row, 'maxAge', 'import.ages', { min: minAge, max: maxAge });
        acc.bad = true;
        continue;
      }
      const name = { kk: r.cells.groupKk, ru: r.cells.groupRu };
      const first = acc.groups.find((g) => norm(g.name.ru) === norm(name.ru) || norm(g.name.kk) === norm(name.kk));
      if (first) {
        err(c, r.row, 'groupRu', 'import.duplicate', { value: name.ru, first: first.row });
        acc.bad = true;
        continue;
      }
      acc.groups.push({ row: r.row, id: '', name, minAge, maxAge, places });
    }
    for (const [number, acc] of byNumber) {
      if (acc.bad) continue;
      const current = db.kindergartens.get(number) ?? null;
      const name = { kk: acc.name.kk ?? current?.name.kk, ru: acc.name.ru ?? current?.name.ru };
      const address = { kk: acc.address.kk ?? current?.address.kk, ru: acc.address.ru ?? current?.address.ru };
      let ok = true;
      for (const [k, v] of [
        ['nameKk', name.kk],
        ['nameRu', name.ru],
        ['addressKk', address.kk],
        ['addressRu', address.ru],
      ] as const)
        if (!v) {
          err(c, acc.row, k, 'import.required');
          ok = false;
        }
      if (acc.groups.length > 30) {
        err(c, acc.row, 'groupRu', 'import.tooManyGroups', { max: 30 });
        ok = false;
      }
      if (!ok) continue;
      // No group rows: the groups stay as they are. Otherwise the file's groups replace them, each
      // keeping the id of the group it matches (by ages and name), so desks keep their referrals' groups.
      const groups: GroupPlan[] = acc.groups.length
        ? matchGroups(
            acc.groups.map(({ row: _row, ...g }) => g),
            current?.ageGroups ?? [],
          )
        : (current?.ageGroups ?? []).map((x) => ({
            id: x.id,
            name: x.name,
            minAge: x.minAge,
            maxAge: x.maxAge,
            places: x.freePlaces,
          }));
      const active = current ? current.active !== false : true;
      const plan = {
        row: acc.row,
        number,
        name: name as BiText,
        address: address as BiText,
        active,
        ageGroups: groups,
        current,
      };
      const outcome: Outcome = !current
        ? 'create'
        : same(
              {
                name: current.name,
                address: current.address,
                groups: current.ageGroups.map((g) => [g.id, g.name, g.minAge, g.maxAge, g.freePlaces]),
              },
              {
                name: plan.name,
                address: plan.address,
                groups: groups.map((g) => [g.id, g.name, g.minAge, g.maxAge, g.places]),
              },
            )
          ? 'unchanged'
          : 'update';
      kindergartens.push({ ...plan, outcome });
    }
  }

  errors.sort((a, b) => SHEETS.indexOf(a.sheet) - SHEETS.indexOf(b.sheet) || a.row - b.row);
  return {
    plan: {
      offices,
      settlements,
      staff,
      kindergartens,
      counts: {
        offices: countsOf(offices.map((o) => o.outcome)),
        settlements: countsOf(settlements.flatMap((s) => s.outcomes)),
        staff: countsOf(staff.map((s) => s.outcome)),
        kindergartens: countsOf(kindergartens.map((k) => k.outcome)),
      },
    },
    errors,
  };
}

const SHEETS: SheetKey[] = ['offices', 'settlements', 'staff', 'kindergartens'];

/**
 * Each group of the file keeps the id of the stored group it is (so desks keep
 * their referrals' groups): the same ages and name first, then the same name,
 * then the same ages, each stored group given to one file group at most; the
 * rest are new.
 */
function matchGroups(file: GroupPlan[], stored: Kindergarten['ageGroups']): GroupPlan[] {
  const ids: Array<string | undefined> = file.map(() => undefined);
  const used = new Set<string>();
  const rules: Array<(g: GroupPlan, x: Kindergarten['ageGroups'][number]) => boolean> = [
    (g, x) => x.minAge === g.minAge && x.maxAge === g.maxAge && norm(x.name.ru) === norm(g.name.ru),
    (g, x) => norm(x.name.ru) === norm(g.name.ru),
    (g, x) => x.minAge === g.minAge && x.maxAge === g.maxAge,
  ];
  for (const rule of rules)
    file.forEach((g, i) => {
      if (ids[i]) return;
      const x = stored.find((s) => !used.has(s.id) && rule(g, s));
      if (x) {
        ids[i] = x.id;
        used.add(x.id);
      }
    });
  return file.map((g, i) => ({ ...g, id: ids[i] ?? newId() }));
}

/** The column a schema issue is about (name.kk → the Kazakh name's column). */
function columnOfPath(sheet: SheetKey, path: PropertyKey[]): string | undefined {
  const [a, b] = path.map(String);
  const key = b === 'kk' || b === 'ru' ? `${a}${b === 'kk' ? 'Kk' : 'Ru'}` : a;
  return LAYOUT[sheet].columns.some((c) => c.key === key) ? key : undefined;
}
