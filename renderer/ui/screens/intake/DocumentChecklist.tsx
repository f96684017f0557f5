/**
 * The documents presented, each marked required, optional or required by what
 * is typed so far (a proxy, a first-turn category...), those still missing
 * highlighted; for a service that checks the civil registry, whether the
 * registry lacks a document's data; and the applicant's consent.
 */
import { useTranslation } from 'react-i18next';
import { isDocumentRequired, keepsQueue, type DocumentContext, type DocumentSpec } from '../../../../shared';
import { errorText } from '../../errors';
import { bi } from '../../format';
import type { FieldsProps } from './form';

type Props = FieldsProps & { docCtx: DocumentContext; missing: DocumentSpec[] };

export function DocumentChecklist({ form, entry, uiLang, err, warn, edit, docCtx, missing }: Props) {
  const { t } = useTranslation();
  const queue = keepsQueue(entry);
  const docMark = (d: DocumentSpec): { key: string; cls: string } => {
    if (d.requirement === 'always') return { key: 'doc.required', cls: 'req' };
    if (d.requirement === 'optional') return { key: 'doc.optional', cls: 'opt' };
    return isDocumentRequired(d, docCtx)
      ? { key: 'doc.requiredNow', cls: 'req' }
      : { key: 'doc.conditional', cls: 'cond' };
  };
  const consentError = err('consent');
  // Where the service answers a missing consent with a reasoned refusal (camp: seed 003 Annex 2 §9 3)).
  const consentWarning = warn?.('consent');
  return (
    <fieldset className="panel" data-testid="documents">
      <legend>{t('intake.documents')}</legend>
      <ul className="doc-list">
        {entry.documents.map((d) => {
          const mark = docMark(d);
          const isMissing = missing.some((m) => m.code === d.code);
          return (
            <li key={d.code} className={isMissing ? 'missing' : ''}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.documents.includes(d.code)}
                  data-testid={`doc-${d.code}`}
                  onChange={(e) =>
                    edit(['documents'], (f) => ({
                      ...f,
                      documents: e.target.checked ? [...f.documents, d.code] : f.documents.filter((x) => x !== d.code),
                    }))
                  }
                />
                <span>
                  {bi(d.name, uiLang)}
                  {d.originalForComparison && <span className="doc-orig"> · {t('doc.original')}</span>}
                </span>
              </label>
              <span className={`doc-mark doc-mark--${mark.cls}`} data-testid={`doc-mark-${d.code}`}>
                {t(mark.key)}
              </span>
              {!queue && d.when?.kind === 'notInRegistry' && (
                <label className="check small">
                  <input
                    type="checkbox"
                    checked={form.notInRegistry.includes(d.code)}
                    data-testid={`not-in-registry-${d.code}`}
                    onChange={(e) =>
                      edit(['documents'], (f) => ({
                        ...f,
                        notInRegistry: e.target.checked
                          ? [...f.notInRegistry, d.code]
                          : f.notInRegistry.filter((x) => x !== d.code),
                      }))
                    }
                  />
                  <span>{t('services.notInRegistry')}</span>
                </label>
              )}
            </li>
          );
        })}
      </ul>
      <label className={`check consent${consentError ? ' field--error' : ''}`}>
        <input
          type="checkbox"
          checked={form.consent}
          onChange={(e) => edit(['consent'], (f) => ({ ...f, consent: e.target.checked }))}
          data-testid="consent"
        />
        <span>{t('intake.consentText')}</span>
      </label>
      {consentError && (
        <div className="field-error" role="alert" data-testid="error-consent">
          {errorText(t, consentError.code)}
        </div>
      )}
      {!consentError && consentWarning && (
        <div className="hint" data-testid="warn-consent">
          {errorText(t, consentWarning.code, consentWarning.params)}
        </div>
      )}
    </fieldset>
  );
}
