/**
 * The catalog entry as a head fills it in: the parts a decree changes (the
 * term, the documents, the step norms, the forms, the refusal grounds) as
 * form fields, laid over the entry they were read from. Everything the form
 * does not show (notes, sources, categories, hearing...) is carried over from
 * that entry untouched, so the form edits exactly what the JSON would and
 * loses nothing; what it produces goes through the same checkCatalogEntry as
 * the JSON. Field keys are the schema's own paths, so a problem the check
 * names lands next to the field that caused it (formFieldOf).
 */
import type { ServiceEntry } from './schema';

/** How a document's `when` condition is chosen in the form ('' = none). */
export type WhenKind = '' | 'priority' | 'proxy' | 'childBornBefore' | 'category' | 'notInRegistry';

export type DocumentRow = {
  /** Index of the document in the entry the form was read from; null for one added in the form. */
  from: number | null;
  code: string;
  nameKk: string;
  nameRu: string;
  requirement: string;
  when: WhenKind;
  /** childBornBefore: the date (YYYY-MM-DD). */
  whenDate: string;
  /** category: the category codes, comma-separated. */
  whenCategories: string;
};

export type GroundRow = { from: number | null; code: string; textKk: string; textRu: string };

export type StepRow = { role: string; unit: string; value: string };

export type CatalogForm = {
  code: string;
  nameKk: string;
  nameRu: string;
  term: { unit: string; value: string };
  documents: DocumentRow[];
  steps: StepRow[];
  forms: { application: string; receipt: string; refusalToAccept: string };
  refusalGrounds: GroundRow[];
};

type Obj = Record<string, unknown>;

/** Entries are plain JSON data (and shared/ has no DOM structuredClone). */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const numText = (n: unknown) => (typeof n === 'number' ? String(n) : '');

/**
 * A typed number as the schema should see it: blank is absent (the schema says
 * "required"), a number is a number, anything else stays text (the schema says
 * "must be a number"), never silently 0 or NaN.
 */
function numValue(s: string): unknown {
  const t = s.trim().replace(',', '.');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : s;
}

/** Sets or removes a key in place, keeping the position of an existing key (the JSON reads the same). */
function put(o: Obj, key: string, value: unknown): void {
  if (value === undefined) Reflect.deleteProperty(o, key);
  else o[key] = value;
}

export function emptyDocumentRow(): DocumentRow {
  return {
    from: null,
    code: '',
    nameKk: '',
    nameRu: '',
    requirement: 'always',
    when: '',
    whenDate: '',
    whenCategories: '',
  };
}

export function emptyGroundRow(): GroundRow {
  return { from: null, code: '', textKk: '', textRu: '' };
}

/** The form's fields as they read in `entry`. */
export function formOf(entry: ServiceEntry): CatalogForm {
  return {
    code: entry.code,
    nameKk: entry.name.kk,
    nameRu: entry.name.ru,
    term: { unit: entry.term.unit, value: numText(entry.term.value) },
    documents: entry.documents.map((d, i) => ({
      from: i,
      code: d.code,
      nameKk: d.name.kk,
      nameRu: d.name.ru,
      requirement: d.requirement,
      when: d.when?.kind ?? '',
      whenDate: d.when?.kind === 'childBornBefore' ? d.when.date : '',
      whenCategories: d.when?.kind === 'category' ? d.when.categories.join(', ') : '',
    })),
    steps: entry.steps.map((s) => ({ role: s.role, unit: s.norm.unit, value: numText(s.norm.value) })),
    forms: {
      application: entry.forms.application,
      receipt: entry.forms.receipt,
      refusalToAccept: entry.forms.refusalToAccept,
    },
    refusalGrounds: entry.refusalGrounds.map((g, i) => ({
      from: i,
      code: g.code,
      textKk: g.text.kk,
      textRu: g.text.ru,
    })),
  };
}

function whenOf(d: DocumentRow, was: unknown): unknown {
  const old = (was ?? {}) as Obj;
  // An unchanged condition is kept as it was (whatever else it may carry).
  const keep = (fresh: Obj) => (old.kind === fresh.kind ? Object.assign({ ...old }, fresh) : fresh);
  switch (d.when) {
    case '':
      return undefined;
    case 'childBornBefore':
      return keep({ kind: d.when, date: d.whenDate.trim() });
    case 'category':
      return keep({
        kind: d.when,
        categories: d.whenCategories
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      });
    default:
      return keep({ kind: d.when });
  }
}

/**
 * The entry the form describes: `base` (the entry it was read from) with the
 * form's fields laid over it. Not checked here: the result goes to
 * checkCatalogEntry like typed JSON does.
 */
export function entryOfForm(base: ServiceEntry, form: CatalogForm): unknown {
  const out = clone(base) as unknown as Obj;
  out.code = form.code.trim();
  out.name = { ...base.name, kk: form.nameKk, ru: form.nameRu };
  const term: Obj = { ...base.term, unit: form.term.unit };
  put(term, 'value', numValue(form.term.value));
  out.term = term;
  out.documents = form.documents.map((d) => {
    const doc: Obj = d.from !== null && base.documents[d.from] ? clone(base.documents[d.from]) : {};
    doc.code = d.code.trim();
    doc.name = { ...((doc.name as Obj | undefined) ?? {}), kk: d.nameKk, ru: d.nameRu };
    doc.requirement = d.requirement;
    put(doc, 'when', whenOf(d, doc.when));
    return doc;
  });
  out.steps = base.steps.map((s, i) => {
    const row = form.steps[i];
    if (!row) return clone(s);
    const norm: Obj = { ...s.norm, unit: row.unit };
    put(norm, 'value', numValue(row.value));
    return { ...clone(s), role: row.role, norm };
  });
  out.forms = { ...base.forms, ...form.forms };
  out.refusalGrounds = form.refusalGrounds.map((g) => {
    const ground: Obj = g.from !== null && base.refusalGrounds[g.from] ? clone(base.refusalGrounds[g.from]) : {};
    ground.code = g.code.trim();
    ground.text = { ...((ground.text as Obj | undefined) ?? {}), kk: g.textKk, ru: g.textRu };
    return ground;
  });
  return out;
}

const FIELD_RULES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^(code|name\.kk|name\.ru|term\.unit|term\.value|forms\.(application|receipt|refusalToAccept))$/, (m) => m[1]],
  // The lower end of a range is not in the form: its problem shows by the value it must not exceed.
  [/^term\.min$/, () => 'term.value'],
  [/^documents\.(\d+)\.(code|name\.kk|name\.ru|requirement)$/, (m) => `documents.${m[1]}.${m[2]}`],
  [/^documents\.(\d+)\.when(\..*)?$/, (m) => `documents.${m[1]}.when`],
  [/^steps\.(\d+)\.role$/, (m) => `steps.${m[1]}.role`],
  [/^steps\.(\d+)\.(norm(\..*)?|step)$/, (m) => `steps.${m[1]}.norm`],
  [/^refusalGrounds\.(\d+)\.(code|text\.kk|text\.ru)$/, (m) => `refusalGrounds.${m[1]}.${m[2]}`],
  [/^(documents|steps|refusalGrounds)$/, (m) => m[1]],
];

/**
 * The form field that shows a problem found at `path` (a FieldError's field),
 * or null when the form has no field for it (the problem is listed above the
 * form, with its path, as in the JSON view).
 */
export function formFieldOf(path: string): string | null {
  for (const [re, key] of FIELD_RULES) {
    const m = path.match(re);
    if (m) return key(m);
  }
  return null;
}
