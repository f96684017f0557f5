/**
 * The bar under the form: the documents still missing, whether the draft was
 * saved, and the buttons. With a document missing the application cannot be
 * registered; the clerk refuses to accept it instead (a receipt listing them).
 * An over-age child or a missing consent, where the service answers it with a
 * reasoned refusal, does not block: the bar says the application is taken in
 * and what its decision will be (issue #15, R-01).
 */
import { useTranslation } from 'react-i18next';
import type { DocumentSpec, FieldError, Lang } from '../../../../shared';
import { Notice } from '../../components/Notice';
import type { DraftSaver } from '../../drafts';
import { errorText } from '../../errors';
import { bi, tableDateTime } from '../../format';
import { useSession } from '../../session';

type Props = {
  missing: DocumentSpec[];
  /** Reasoned refusals the application will owe once registered. */
  warnings: FieldError[];
  uiLang: Lang;
  draft: Pick<DraftSaver, 'savedAt' | 'problem'>;
  busy: boolean;
  onClear: () => void;
  onRefuse: () => void;
  onRegister: () => void;
};

export function IntakeActions({ missing, warnings, uiLang, draft, busy, onClear, onRefuse, onRegister }: Props) {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <div className="action-bar">
      {missing.length > 0 && (
        <Notice kind="warn" testid="missing-documents">
          {t('intake.missingDocs', { count: missing.length })}: {missing.map((d) => bi(d.name, uiLang)).join('; ')}
        </Notice>
      )}
      {warnings.length > 0 && (
        <Notice kind="warn" testid="refusal-due">
          {warnings.map((w) => (
            <div key={w.code} data-code={w.code}>
              {errorText(t, w.code, w.params)}
            </div>
          ))}
        </Notice>
      )}
      <div className="actions">
        {draft.savedAt && !draft.problem && (
          <span className="muted small" data-testid="draft-saved">
            {t('draft.saved', { at: tableDateTime(draft.savedAt, session.office) })}
          </span>
        )}
        {draft.problem && (
          <span className="field-error" data-testid="draft-error" data-code={draft.problem.code}>
            {t('draft.notSaved')}: {errorText(t, draft.problem.code, draft.problem.params)}
          </span>
        )}
        <button type="button" className="btn btn--ghost" onClick={onClear} data-testid="intake-clear">
          {t('intake.clear')}
        </button>
        {missing.length > 0 && (
          <button
            type="button"
            className="btn btn--danger"
            onClick={onRefuse}
            disabled={busy}
            data-testid="refuse-to-accept"
          >
            {t('intake.refuseToAccept')}
          </button>
        )}
        <button
          type="button"
          className="btn btn--primary"
          onClick={onRegister}
          disabled={busy || missing.length > 0}
          data-testid="register"
          title={missing.length ? t('intake.registerBlocked') : undefined}
        >
          {busy ? t('common.working') : t('intake.register')}
        </button>
      </div>
    </div>
  );
}
