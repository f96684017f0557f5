// The catalog editor's form over an entry: it edits what the JSON would, and loses nothing.
import { describe, expect, it } from 'vitest';
import {
  builtInCatalog,
  checkCatalogEntry,
  emptyDocumentRow,
  emptyGroundRow,
  entryOfForm,
  formFieldOf,
  formOf,
  type ServiceEntry,
} from '../../shared';

const shipped = (code: string): ServiceEntry => structuredClone(builtInCatalog.find((e) => e.code === code)!);

describe('catalog form <-> entry', () => {
  it.each(builtInCatalog.map((e) => [e.code, e] as const))(
    '%s: the untouched form gives back the entry, byte for byte',
    (_code, entry) => {
      const back = entryOfForm(entry, formOf(entry));
      // Byte for byte (key order too): saving an unchanged entry must read as "as shipped" (localCatalog.sameEntry).
      expect(JSON.stringify(back)).toBe(JSON.stringify(entry));
      const r = checkCatalogEntry(back);
      expect(r.ok).toBe(true);
      if (r.ok) expect(JSON.stringify(r.entry)).toBe(JSON.stringify(entry));
    },
  );

  it('a changed term and document requirement give the entry the JSON edit would, the rest kept', () => {
    const entry = shipped('preschool-queue');
    const form = formOf(entry);
    form.term = { unit: 'calendarDays', value: '5' };
    const i = entry.documents.findIndex((d) => d.requirement === 'always');
    form.documents[i] = { ...form.documents[i], requirement: 'conditional', when: 'proxy' };
    form.steps[1] = { ...form.steps[1], role: 'executor', value: '2' };
    form.forms.receipt = 'receipt-x';
    form.refusalGrounds[0] = { ...form.refusalGrounds[0], textRu: 'Новое основание' };

    const byJson = structuredClone(entry);
    byJson.term = { ...byJson.term, unit: 'calendarDays', value: 5 };
    byJson.documents[i] = { ...byJson.documents[i], requirement: 'conditional', when: { kind: 'proxy' } };
    byJson.steps[1] = { ...byJson.steps[1], role: 'executor', norm: { ...byJson.steps[1].norm, value: 2 } };
    byJson.forms.receipt = 'receipt-x';
    byJson.refusalGrounds[0] = {
      ...byJson.refusalGrounds[0],
      text: { ...byJson.refusalGrounds[0].text, ru: 'Новое основание' },
    };

    const r = checkCatalogEntry(entryOfForm(entry, form));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entry).toEqual(byJson);
    // What the form has no field for stays: sources, notes, categories, age limit.
    expect(r.entry.documents[i].source).toBe(entry.documents[i].source);
    expect(r.entry.priorityCategories).toEqual(entry.priorityCategories);
    expect(r.entry.childAgeLimitYears).toBe(entry.childAgeLimitYears);
  });

  it('documents and grounds added and removed in the form', () => {
    const entry = shipped('preschool-queue');
    const form = formOf(entry);
    const removed = form.documents.pop()!;
    form.documents.push({ ...emptyDocumentRow(), code: 'extra', nameKk: 'Қосымша', nameRu: 'Дополнительный' });
    form.refusalGrounds.push({ ...emptyGroundRow(), code: 'newGround', textKk: 'Жаңа', textRu: 'Новое' });
    const r = checkCatalogEntry(entryOfForm(entry, form));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entry.documents.map((d) => d.code)).not.toContain(removed.code);
    expect(r.entry.documents.at(-1)).toEqual({
      code: 'extra',
      name: { kk: 'Қосымша', ru: 'Дополнительный' },
      requirement: 'always',
      originalForComparison: false,
    });
    expect(r.entry.refusalGrounds.at(-1)).toEqual({ code: 'newGround', text: { kk: 'Жаңа', ru: 'Новое' } });
  });

  it('conditions: a date, categories, none', () => {
    const entry = shipped('camp-referral');
    const form = formOf(entry);
    form.documents[0] = {
      ...form.documents[0],
      requirement: 'conditional',
      when: 'childBornBefore',
      whenDate: '2007-08-13',
    };
    const r = checkCatalogEntry(entryOfForm(entry, form));
    expect(r.ok && r.entry.documents[0].when).toEqual({ kind: 'childBornBefore', date: '2007-08-13' });
    form.documents[0] = { ...form.documents[0], requirement: 'always', when: '' };
    const r2 = checkCatalogEntry(entryOfForm(entry, form));
    expect(r2.ok && 'when' in r2.entry.documents[0]).toBe(false);
  });

  it('bad input is named by the shared check at the field the form shows', () => {
    const entry = shipped('preschool-queue');
    const form = formOf(entry);
    form.term.value = '';
    form.steps[2].value = 'бес';
    form.documents[1] = { ...form.documents[1], nameRu: ' ' };
    const r = checkCatalogEntry(entryOfForm(entry, form));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = r.errors.map((e) => [formFieldOf(e.field), e.code]);
    expect(at).toEqual(
      expect.arrayContaining([
        ['term.value', 'catalog.schema.required'],
        ['steps.2.norm', 'catalog.schema.type.number'],
        ['documents.1.name.ru', 'catalog.schema.stringMin'],
      ]),
    );
    expect(at).toHaveLength(3);
    // The cross-field rules run once the shapes are right (zod's superRefine), and land by their field too.
    const ok = formOf(entry);
    ok.documents[1] = { ...ok.documents[1], requirement: 'conditional', when: '' };
    const r2 = checkCatalogEntry(entryOfForm(entry, ok));
    expect(r2.ok ? [] : r2.errors.map((e) => [formFieldOf(e.field), e.code])).toEqual([
      ['documents.1.when', 'catalog.schema.rules.conditionalWithoutWhen'],
    ]);
  });

  it('formFieldOf: paths the form has no field for stay unplaced', () => {
    expect(formFieldOf('term.min')).toBe('term.value');
    expect(formFieldOf('documents')).toBe('documents');
    expect(formFieldOf('documents.3.when.categories')).toBe('documents.3.when');
    expect(formFieldOf('steps.0.step')).toBe('steps.0.norm');
    expect(formFieldOf('childAgeLimitYears')).toBeNull();
    expect(formFieldOf('')).toBeNull();
  });
});
