/**
 * One catalog entry as a form (shared/catalog/form.ts): the term, the
 * documents, the five step norms, the forms and the refusal grounds, with the
 * shared check's problems shown under the field that caused them. The head
 * edits what a decree changes without reading JSON; the JSON view stays in
 * CatalogEditor for the rest of the entry.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  emptyDocumentRow,
  emptyGroundRow,
  type CatalogForm,
  type DocumentRow,
  type FieldError,
  type GroundRow,
  type WhenKind,
} from '../../../shared';
import { errorText } from '../errors';

const UNITS = ['workingDays', 'calendarDays', 'minutes'] as const;
const ROLES = ['clerk', 'head', 'executor'] as const;
const STEPS = ['accept', 'resolution', 'decision', 'signature', 'issue'] as const;
const REQUIREMENTS = ['always', 'conditional', 'optional'] as const;
const WHEN: WhenKind[] = ['', 'priority', 'proxy', 'childBornBefore', 'category', 'notInRegistry'];

type Props = {
  form: CatalogForm;
  onChange: (form: CatalogForm) => void;
  /** Problems by form field (formFieldOf). */
  issues: Map<string, FieldError[]>;
  /** A new entry: the code is typed here; an existing one keeps its code. */
  isNew: boolean;
  readOnly?: boolean;
};

export function CatalogEntryForm({ form, onChange, issues, isNew, readOnly }: Props) {
  const { t } = useTranslation();
  const k = (key: string) => t(`catalogEditor.form.${key}`);

  const errs = (path: string) =>
    (issues.get(path) ?? []).map((x, i) => (
      <div key={`${path}-${i}`} className="field-error" data-testid="catalog-field-error" data-field={path}>
        {errorText(t, x.code, x.params)}
      </div>
    ));
  const invalid = (path: string) => (issues.has(path) ? true : undefined);

  const text = (path: string, value: string, set: (v: string) => void, label: string, numeric = false) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input"
        type={numeric ? 'number' : 'text'}
        step={numeric ? 'any' : undefined}
        min={numeric ? 0 : undefined}
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={invalid(path)}
        data-testid={`cf-${path}`}
      />
      {errs(path)}
    </label>
  );

  const select = (
    path: string,
    value: string,
    set: (v: string) => void,
    label: string,
    options: ReadonlyArray<string>,
    optionLabel: (o: string) => string,
  ) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <select
        className="input"
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={invalid(path)}
        data-testid={`cf-${path}`}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
      {errs(path)}
    </label>
  );

  const set = (patch: Partial<CatalogForm>) => onChange({ ...form, ...patch });
  const setDoc = (i: number, patch: Partial<DocumentRow>) =>
    set({ documents: form.documents.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  const setGround = (i: number, patch: Partial<GroundRow>) =>
    set({ refusalGrounds: form.refusalGrounds.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
  const unitLabel = (u: string) => t(`catalogEditor.form.unitName.${u}`);

  /** Add or remove a document or a ground: not offered on a read-only entry. */
  const rowButton = (label: string, testid: string, onClick: () => void) =>
    readOnly ? null : (
      <button type="button" className="btn btn--small" onClick={onClick} data-testid={testid}>
        {label}
      </button>
    );
  const section = (title: string, testid: string, body: ReactNode, path?: string) => (
    <fieldset className="subcard" data-testid={testid}>
      <legend>{title}</legend>
      {path && errs(path)}
      {body}
    </fieldset>
  );

  return (
    <fieldset disabled={readOnly} className="catalog-form" data-testid="catalog-form">
      {section(
        k('service'),
        'cf-service',
        <div className="form-grid">
          {isNew && text('code', form.code, (v) => set({ code: v }), k('code'))}
          {text('name.kk', form.nameKk, (v) => set({ nameKk: v }), k('nameKk'))}
          {text('name.ru', form.nameRu, (v) => set({ nameRu: v }), k('nameRu'))}
        </div>,
      )}
      {section(
        k('term'),
        'cf-term',
        <div className="form-grid">
          {select(
            'term.unit',
            form.term.unit,
            (v) => set({ term: { ...form.term, unit: v } }),
            k('unit'),
            UNITS,
            unitLabel,
          )}
          {text('term.value', form.term.value, (v) => set({ term: { ...form.term, value: v } }), k('value'), true)}
        </div>,
      )}
      {section(
        k('documents'),
        'cf-documents',
        <>
          {form.documents.map((d, i) => (
            <div className="form-grid catalog-form-row" key={i} data-testid="cf-document" data-code={d.code}>
              {text(`documents.${i}.code`, d.code, (v) => setDoc(i, { code: v }), k('docCode'))}
              {text(`documents.${i}.name.kk`, d.nameKk, (v) => setDoc(i, { nameKk: v }), k('nameKk'))}
              {text(`documents.${i}.name.ru`, d.nameRu, (v) => setDoc(i, { nameRu: v }), k('nameRu'))}
              {select(
                `documents.${i}.requirement`,
                d.requirement,
                (v) => setDoc(i, { requirement: v }),
                k('requirement'),
                REQUIREMENTS,
                (o) => t(`catalogEditor.form.requirementName.${o}`),
              )}
              <div className="field">
                {select(
                  `documents.${i}.when`,
                  d.when,
                  (v) => setDoc(i, { when: v as WhenKind }),
                  k('when'),
                  WHEN,
                  (o) => t(`catalogEditor.form.whenName.${o || 'none'}`),
                )}
                {d.when === 'childBornBefore' && (
                  <input
                    className="input"
                    type="date"
                    value={d.whenDate}
                    aria-label={k('whenDate')}
                    onChange={(e) => setDoc(i, { whenDate: e.target.value })}
                    data-testid={`cf-documents.${i}.when.date`}
                  />
                )}
                {d.when === 'category' && (
                  <input
                    className="input mono"
                    value={d.whenCategories}
                    aria-label={k('whenCategories')}
                    placeholder={k('whenCategories')}
                    onChange={(e) => setDoc(i, { whenCategories: e.target.value })}
                    data-testid={`cf-documents.${i}.when.categories`}
                  />
                )}
              </div>
              {rowButton(k('remove'), 'cf-document-remove', () =>
                set({ documents: form.documents.filter((_, j) => j !== i) }),
              )}
            </div>
          ))}
          {rowButton(k('addDocument'), 'cf-document-add', () =>
            set({ documents: [...form.documents, emptyDocumentRow()] }),
          )}
        </>,
        'documents',
      )}
      {section(
        k('steps'),
        'cf-steps',
        <table className="table table--compact">
          <thead>
            <tr>
              <th>{t('app.step')}</th>
              <th>{t('app.role')}</th>
              <th>{k('norm')}</th>
            </tr>
          </thead>
          <tbody>
            {form.steps.map((s, i) => {
              const setStep = (patch: Partial<typeof s>) =>
                set({ steps: form.steps.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              return (
                <tr key={i} data-testid="cf-step">
                  <td>{STEPS[i] ? t(`step.${STEPS[i]}`) : i + 1}</td>
                  <td>
                    {select(
                      `steps.${i}.role`,
                      s.role,
                      (v) => setStep({ role: v }),
                      t('app.role'),
                      ROLES,
                      (o) => t(`role.${o}`),
                    )}
                  </td>
                  <td>
                    <div className="form-grid">
                      {select(`steps.${i}.norm.unit`, s.unit, (v) => setStep({ unit: v }), k('unit'), UNITS, unitLabel)}
                      {text(`steps.${i}.norm.value`, s.value, (v) => setStep({ value: v }), k('value'), true)}
                    </div>
                    {errs(`steps.${i}.norm`)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>,
        'steps',
      )}
      {section(
        k('forms'),
        'cf-forms',
        <div className="form-grid">
          {(['application', 'receipt', 'refusalToAccept'] as const).map((f) => (
            <div key={f}>
              {text(`forms.${f}`, form.forms[f], (v) => set({ forms: { ...form.forms, [f]: v } }), k(`formName.${f}`))}
            </div>
          ))}
        </div>,
      )}
      {section(
        k('grounds'),
        'cf-grounds',
        <>
          {form.refusalGrounds.map((g, i) => (
            <div className="form-grid catalog-form-row" key={i} data-testid="cf-ground" data-code={g.code}>
              {text(`refusalGrounds.${i}.code`, g.code, (v) => setGround(i, { code: v }), k('groundCode'))}
              {text(`refusalGrounds.${i}.text.kk`, g.textKk, (v) => setGround(i, { textKk: v }), k('textKk'))}
              {text(`refusalGrounds.${i}.text.ru`, g.textRu, (v) => setGround(i, { textRu: v }), k('textRu'))}
              {rowButton(k('remove'), 'cf-ground-remove', () =>
                set({ refusalGrounds: form.refusalGrounds.filter((_, j) => j !== i) }),
              )}
            </div>
          ))}
          {rowButton(k('addGround'), 'cf-ground-add', () =>
            set({ refusalGrounds: [...form.refusalGrounds, emptyGroundRow()] }),
          )}
        </>,
        'refusalGrounds',
      )}
    </fieldset>
  );
}
