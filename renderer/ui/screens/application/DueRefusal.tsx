/**
 * An application taken in over the age limit or without consent owes a
 * reasoned refusal (issue #15, R-01; shared/intake/refusalDue.ts): what the
 * decision panels show about it and the reason they offer, in the paper's
 * language, for the executor to keep or reword.
 */
import { useTranslation } from 'react-i18next';
import { needsHearing, type Application, type DueRefusal, type ServiceEntry } from '../../../../shared';
import { Notice } from '../../components/Notice';
import { errorText } from '../../errors';
import { bi } from '../../format';
import { useSession } from '../../session';

/**
 * The reason of the refusal an application owes, in its paper's language,
 * offered to the executor to keep or reword.
 */
export function useDueReason(app: Pick<Application, 'lang'>, due: DueRefusal[]): string {
  const { t } = useTranslation();
  return due.length ? t(`decision.dueReason.${due[0].fact}`, { lng: app.lang, ...due[0].params }) : '';
}

/** What the decision must be, and why: the ground each fact is refused on, heard first where the service says so. */
export function DueRefusalNotice({ due, entry }: { due: DueRefusal[]; entry: ServiceEntry }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  if (!due.length) return null;
  return (
    <Notice kind="warn" testid="refusal-due">
      <div>{t('decision.dueTitle')}</div>
      <ul>
        {due.map((r) => (
          <li key={r.code} data-code={r.code} data-ground={r.groundCode}>
            {errorText(t, r.code, r.params)} —{' '}
            {bi(entry.refusalGrounds.find((g) => g.code === r.groundCode)?.text, lang)}
          </li>
        ))}
      </ul>
      {due.some((r) => needsHearing(entry, r.groundCode)) && <div>{t('decision.dueHearing')}</div>}
    </Notice>
  );
}
