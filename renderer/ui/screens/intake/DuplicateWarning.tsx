/**
 * Open applications for the same subject, found before registering: the
 * clerk sees them and registers anyway only after ticking that they checked
 * (the data layer refuses a second open application unless acknowledged).
 * The same list shows on the form as soon as the subject's IIN is complete
 * (EarlyDuplicates, issue #16), so it is seen before the rest is typed.
 */
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../../shared';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { StatusBadge } from '../../components/Badges';
import { SubjectName } from '../../components/Subject';
import { personName, tableDate } from '../../format';
import { useSession } from '../../session';

type Props = {
  /** null: the dialog is closed. */
  duplicates: Application[] | null;
  /** Words it for a child or for the applicant themself. */
  aboutChild: boolean;
  acknowledged: boolean;
  busy: boolean;
  onAcknowledge: (ack: boolean) => void;
  onCancel: () => void;
  onRegisterAnyway: () => void;
};

export function DuplicateWarning({
  duplicates,
  aboutChild,
  acknowledged,
  busy,
  onAcknowledge,
  onCancel,
  onRegisterAnyway,
}: Props) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={!!duplicates}
      title={t(aboutChild ? 'intake.duplicatesTitle' : 'intake.duplicatesTitleSubject')}
      onClose={onCancel}
      wide
      testid="duplicates-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!acknowledged || busy}
            onClick={onRegisterAnyway}
            data-testid="duplicates-confirm"
          >
            {t('intake.registerAnyway')}
          </button>
        </>
      }
    >
      <p>{t(aboutChild ? 'intake.duplicatesText' : 'intake.duplicatesTextSubject')}</p>
      <DuplicateList duplicates={duplicates ?? []} />
      <label className="check">
        <input
          type="checkbox"
          checked={acknowledged}
          onChange={(e) => onAcknowledge(e.target.checked)}
          data-testid="duplicates-ack"
        />
        <span>{t('intake.duplicatesAck')}</span>
      </label>
    </Dialog>
  );
}

function DuplicateList({ duplicates, testid = 'duplicates-list' }: { duplicates: Application[]; testid?: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <table className="table table--compact" data-testid={testid}>
      <thead>
        <tr>
          <th>{t('app.journalNo')}</th>
          <th>{t('app.registered')}</th>
          <th>{t('app.subject')}</th>
          <th>{t('app.applicant')}</th>
          <th>{t('app.status')}</th>
        </tr>
      </thead>
      <tbody>
        {duplicates.map((a) => (
          <tr key={a.id}>
            <td className="nowrap">
              <b>{a.journalNo}</b>
            </td>
            <td>{tableDate(a.acceptedAt, session.office)}</td>
            <td>
              <SubjectName app={a} />
            </td>
            <td>{personName(a.applicant)}</td>
            <td>
              <StatusBadge status={a.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The open applications found while typing: the dialog's own words and list, as a notice on the form. */
export function EarlyDuplicates({ duplicates, aboutChild }: { duplicates: Application[] | null; aboutChild: boolean }) {
  const { t } = useTranslation();
  if (!duplicates) return null;
  return (
    <Notice kind="warn" testid="duplicates-early">
      <b>{t(aboutChild ? 'intake.duplicatesTitle' : 'intake.duplicatesTitleSubject')}</b>
      <p>{t(aboutChild ? 'intake.duplicatesText' : 'intake.duplicatesTextSubject')}</p>
      <DuplicateList duplicates={duplicates} testid="duplicates-early-list" />
      <p className="small">{t('intake.duplicatesEarlyNote')}</p>
    </Notice>
  );
}
