/**
 * The catalog form (renderer/ui/components/CatalogEntryForm.tsx) in both
 * languages: every label translated, and the shared check's problem shown
 * under the field that caused it, in the reader's language.
 */
// The component words errors through errors.ts, which brings the desk (and its IndexedDB) along.
import '../helpers/browser-globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import i18n, { i18nReady } from '../../renderer/i18n';
import { CatalogEntryForm } from '../../renderer/ui/components/CatalogEntryForm';
import { builtInCatalog, checkCatalogEntry, entryOfForm, formFieldOf, formOf, type FieldError } from '../../shared';
import kkErrors from '../../locales/kk/errors.json';
import ruErrors from '../../locales/ru/errors.json';

const entry = builtInCatalog.find((e) => e.code === 'preschool-queue')!;

function renderWithBlankTerm() {
  const form = formOf(entry);
  form.term.value = '';
  const r = checkCatalogEntry(entryOfForm(entry, form));
  if (r.ok) throw new Error('a blank term must not pass');
  const issues = new Map<string, FieldError[]>();
  for (const x of r.errors) {
    const at = formFieldOf(x.field);
    if (at) issues.set(at, [...(issues.get(at) ?? []), x]);
  }
  return renderToStaticMarkup(
    <CatalogEntryForm form={form} onChange={() => undefined} issues={issues} isNew={false} />,
  );
}

/** The text of the error shown for field `path`. */
const errorAt = (html: string, path: string) =>
  html.match(new RegExp(`data-testid="catalog-field-error" data-field="${path.replace('.', '\\.')}">([^<]*)<`))?.[1];

beforeAll(async () => {
  await i18nReady;
});
afterAll(async () => i18n.changeLanguage('kk'));

describe('the catalog form', () => {
  it.each([
    ['kk', kkErrors],
    ['ru', ruErrors],
  ] as const)('%s: labels translated, the blank term named under its field', async (lang, errors) => {
    await i18n.changeLanguage(lang);
    const html = renderWithBlankTerm();
    expect(errorAt(html, 'term.value')).toBe(errors.catalog.schema.required);
    // No key shown raw: every label of the form is in the locale.
    expect(html).not.toMatch(/catalogEditor\.|step\.|role\./);
    // Five step rows, every document and ground of the entry.
    expect(html.match(/data-testid="cf-step"/g)).toHaveLength(5);
    expect(html.match(/data-testid="cf-document"/g)).toHaveLength(entry.documents.length);
    expect(html.match(/data-testid="cf-ground"/g)).toHaveLength(entry.refusalGrounds.length);
  });
});
