/**
 * The service catalog as an editable list: the district's Catalog tab and a
 * standalone office's settings both edit entries as a form (the parts a decree
 * changes) or, for experts, as JSON; either is checked here by the very schema
 * the data layer and the server apply, so a typo is named (field and problem,
 * translated) before anything is sent or stored.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkCatalogEntry,
  entryOfForm,
  formFieldOf,
  formOf,
  type CatalogForm,
  type FieldError,
  type ServiceEntry,
} from '../../../shared';
import type { CatalogOrigin } from '../deskClient';
import { errorText, toProblem, type Problem } from '../errors';
import { CatalogEntryForm } from './CatalogEntryForm';
import { ErrorBox } from './Notice';

export type CatalogEditorRow = {
  entry: ServiceEntry;
  origin: CatalogOrigin;
  /** Who changed it and when, as shown. */ changed?: string;
};

type Props = {
  rows: CatalogEditorRow[];
  /** Entries can be looked at, not saved (the district manages this office's catalog). */
  readOnly?: boolean;
  /** Offers "add a service" (a new code). */
  canAdd?: boolean;
  /** Stores an entry the schema accepted; `code` is the entry edited, null for a new one. Returns what to tell the user. */
  save: (entry: ServiceEntry, code: string | null) => Promise<string>;
  /** Puts an entry changed here back as shipped; offered on overridden and added rows. */
  revert?: (code: string) => Promise<string>;
  /** How a failed call is worded (district calls have their own words). */
  problemOf?: (e: unknown) => Problem;
  errorView?: (problem: Problem | null) => ReactNode;
};

/**
 * An edit keeps its code (another code would add a second service and leave
 * the first as it was); a new entry needs a code not yet taken. The data
 * layer and the server refuse both too.
 */
function codeIssues(code: string, open: string | null, rows: CatalogEditorRow[]): FieldError[] {
  if (open !== null && code !== open) return [{ field: 'code', code: 'catalog.codeChanged', params: { code: open } }];
  if (open === null && rows.some((r) => r.entry.code === code))
    return [{ field: 'code', code: 'catalog.codeTaken', params: { code } }];
  return [];
}

/** Closed, a new entry (null), or the code of the entry open. */
type Open = undefined | null | string;

/** The form over the entry it was read from (whatever the form has no field for comes from there). */
type FormState = {
  base: ServiceEntry;
  form: CatalogForm;
  /** The JSON made from it, to tell an untouched JSON view. */ json: string;
};

const jsonOf = (v: unknown) => JSON.stringify(v, null, 2);
const formState = (base: ServiceEntry): FormState => ({ base, form: formOf(base), json: jsonOf(base) });

export function CatalogEditor({ rows, readOnly, canAdd, save, revert, problemOf = toProblem, errorView }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const [open, setOpen] = useState<Open>(undefined);
  const [text, setText] = useState('');
  // The form for everyone; the JSON view for those who need a field the form does not show. Kept between entries.
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [formed, setFormed] = useState<FormState | null>(null);
  const [issues, setIssues] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editorRef = useRef<HTMLDivElement>(null);
  // The editor opens below a long list: bring it into view, or the click seems to do nothing.
  useEffect(() => {
    if (open !== undefined) editorRef.current?.scrollIntoView?.({ block: 'start' });
  }, [open]);

  const reset = (o: Open, entry: ServiceEntry | undefined) => {
    setOpen(o);
    setText(entry ? jsonOf(entry) : '');
    setFormed(entry ? formState(entry) : null);
    setIssues([]);
    setProblem(null);
    setDone(null);
  };
  const choose = (code: string) => reset(code, rows.find((r) => r.entry.code === code)?.entry);
  // A new service starts from the entry open (or the first): the shape is there, only the code is blank.
  const startNew = () => {
    const base = rows.find((r) => r.entry.code === open)?.entry ?? rows[0]?.entry;
    reset(null, base && { ...base, code: '' });
  };

  // To JSON: what the form says, so an expert goes on from there.
  const toJson = () => {
    if (formed) {
      const json = jsonOf(entryOfForm(formed.base, formed.form));
      setText(json);
      setFormed({ ...formed, json });
    }
    setIssues([]);
    setMode('json');
  };
  // To the form: the JSON as typed, once the schema accepts it (the form cannot show a broken entry).
  const toForm = () => {
    if (formed && text === formed.json) {
      setIssues([]);
      setMode('form');
      return;
    }
    const r = checkCatalogEntry(text);
    if (!r.ok) {
      setIssues(r.errors);
      return;
    }
    setFormed(formState(r.entry));
    setIssues([]);
    setMode('form');
  };

  async function run(fn: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      setDone(await fn());
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function onSave() {
    const r = checkCatalogEntry(mode === 'form' && formed ? entryOfForm(formed.base, formed.form) : text);
    const found = r.ok ? codeIssues(r.entry.code, open ?? null, rows) : r.errors;
    setIssues(found);
    if (!r.ok || found.length) {
      setDone(null);
      return;
    }
    await run(async () => {
      const msg = await save(r.entry, open ?? null);
      setOpen(r.entry.code);
      // Both views go on from what was stored (a document added in the form is now the entry's own).
      setFormed(formState(r.entry));
      setText(jsonOf(r.entry));
      return msg;
    });
  }

  const onRevert = (code: string) =>
    revert &&
    run(async () => {
      const msg = await revert(code);
      setOpen(undefined);
      return msg;
    });

  const showProblem = errorView ?? ((p: Problem | null) => <ErrorBox problem={p} testid="catalog-error" />);
  const title = open === null ? t('catalogEditor.newTitle') : open;
  const inForm = mode === 'form' && formed !== null;
  // In the form a problem shows under its field; what the form has no field for is listed, with its path.
  const byField = new Map<string, FieldError[]>();
  const listed: FieldError[] = [];
  for (const x of issues) {
    const at = inForm ? formFieldOf(x.field) : null;
    if (at === null) listed.push(x);
    else byField.set(at, [...(byField.get(at) ?? []), x]);
  }

  return (
    <>
      {showProblem(problem)}
      {done && open === undefined && (
        <div className="notice notice--ok" data-testid="catalog-saved">
          {done}
        </div>
      )}
      <table className="table table--compact" data-testid="catalog-table">
        <thead>
          <tr>
            <th>{t('catalogEditor.code')}</th>
            <th>{t('catalogEditor.name')}</th>
            <th>{t('catalogEditor.term')}</th>
            <th>{t('catalogEditor.origin')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map(({ entry: e, origin, changed }) => (
            <tr key={e.code} data-testid="catalog-row" data-code={e.code} data-origin={origin}>
              <td className="mono">{e.code}</td>
              <td>{e.name[lang]}</td>
              <td>{t(`catalogEditor.unit.${e.term.unit}`, { n: e.term.value })}</td>
              <td>
                {origin !== 'builtIn' && (
                  <span className="badge badge--catalog" data-testid="catalog-mark">
                    {t(`catalogEditor.mark.${origin}`)}
                  </span>
                )}
                {changed && <div className="small muted">{changed}</div>}
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="btn btn--small"
                  onClick={() => choose(e.code)}
                  data-testid="catalog-edit"
                >
                  {t(readOnly ? 'catalogEditor.view' : 'catalogEditor.edit')}
                </button>
                {revert && !readOnly && (origin === 'overridden' || origin === 'added') && (
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={busy}
                    onClick={() => void onRevert(e.code)}
                    data-testid="catalog-revert"
                  >
                    {t('catalogEditor.revert')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canAdd && !readOnly && (
        <div className="actions actions--left">
          <button type="button" className="btn" onClick={startNew} data-testid="catalog-add">
            {t('catalogEditor.add')}
          </button>
        </div>
      )}
      {open !== undefined && (
        <div className="subcard" data-testid="catalog-editor" ref={editorRef}>
          <h3 className="mono">{title}</h3>
          <div className="segmented" role="group" aria-label={t('catalogEditor.view')}>
            <button
              type="button"
              className={`btn btn--small${inForm ? ' btn--primary' : ''}`}
              aria-pressed={inForm}
              onClick={toForm}
              data-testid="catalog-mode-form"
            >
              {t('catalogEditor.form.asForm')}
            </button>
            <button
              type="button"
              className={`btn btn--small${inForm ? '' : ' btn--primary'}`}
              aria-pressed={!inForm}
              onClick={toJson}
              data-testid="catalog-mode-json"
            >
              {t('catalogEditor.form.asJson')}
            </button>
          </div>
          {listed.length > 0 && (
            <ul className="notice notice--error" data-testid="catalog-issues">
              {listed.map((x, i) => (
                <li key={`${x.field}-${i}`} data-field={x.field}>
                  {x.field ? `${x.field}: ` : ''}
                  {errorText(t, x.code, x.params)}
                </li>
              ))}
            </ul>
          )}
          {inForm && formed ? (
            <CatalogEntryForm
              form={formed.form}
              onChange={(form) => setFormed({ ...formed, form })}
              issues={byField}
              isNew={open === null}
              readOnly={readOnly}
            />
          ) : (
            <textarea
              className="input mono"
              rows={24}
              value={text}
              readOnly={readOnly}
              onChange={(e) => setText(e.target.value)}
              data-testid="catalog-json"
              spellCheck={false}
              style={{ width: '100%' }}
            />
          )}
          {issues.length > 0 && inForm && (
            <div className="notice notice--error small" data-testid="catalog-form-invalid">
              {t('catalogEditor.form.fixFields', { count: issues.length })}
            </div>
          )}
          {done && (
            <div className="notice notice--ok" data-testid="catalog-saved">
              {done}
            </div>
          )}
          <div className="actions actions--left">
            <button
              type="button"
              className="btn"
              onClick={() => reset(undefined, undefined)}
              data-testid="catalog-close"
            >
              {t('common.close')}
            </button>
            {!readOnly && (
              <button
                type="button"
                className="btn btn--primary"
                disabled={busy}
                onClick={() => void onSave()}
                data-testid="catalog-save"
              >
                {t('catalogEditor.save')}
              </button>
            )}
          </div>
        </div>
      )}
    </>
  );
}
