/**
 * One intake form for one service: its sections laid out over useIntakeForm.
 * The parts of a queue (kindergartens, first-turn category, workplaces) show
 * for an entry that keeps one (its catalog property `queue`, never its code);
 * another service shows its own application fields and status categories; a
 * service about the applicant asks for no child.
 */
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { decidesHere, keepsQueue, type Kindergarten, type Lang, type ServiceEntry } from '../../../../shared';
import type { IntakeDraft } from '../../deskClient';
import { bi, durationLabel, personName } from '../../format';
import { Notice } from '../../components/Notice';
import { useSession } from '../../session';
import { ApplicantFields } from './ApplicantFields';
import { ChildFields } from './ChildFields';
import { DocumentChecklist } from './DocumentChecklist';
import { DuplicateWarning, EarlyDuplicates } from './DuplicateWarning';
import { IntakeActions } from './IntakeActions';
import { IntakeErrors } from './IntakeErrors';
import { RefusalDone } from './RefusalDone';
import { RefuseConfirm } from './RefuseConfirm';
import { ServiceSection } from './ServiceFields';
import { useIntakeForm, type DraftState } from './useIntakeForm';
import type { ChannelDefault } from './form';

type Props = {
  entry: ServiceEntry;
  kindergartens: Kindergarten[];
  uiLang: Lang;
  picker?: ReactNode;
  /** A draft taken up again; `draftState` says whether one was offered (nothing is saved until it is answered). */
  initial?: IntakeDraft;
  draftState: DraftState;
  /** The channel a fresh form starts with (the office's; a mobile centre's open visit). */
  channel: ChannelDefault;
};

export function IntakeForm({ entry, kindergartens, uiLang, picker, initial, draftState, channel }: Props) {
  const { t } = useTranslation();
  const { session } = useSession();
  const topRef = useRef<HTMLDivElement>(null);
  const intake = useIntakeForm({
    entry,
    uiLang,
    initial,
    draftState,
    channel,
    onFailed: () => topRef.current?.scrollIntoView({ block: 'start' }),
  });
  const { form, err, warn, edit, touch } = intake;
  const fields = { form, entry, uiLang, err, warn, edit };
  const aboutChild = entry.subject === 'child';
  // Whom the refusal is for, as typed: the applicant, and the child of a service about one.
  const name = (p: { lastName: string; firstName: string; middleName: string }) =>
    personName({ lastName: p.lastName, firstName: p.firstName, middleName: p.middleName || undefined }).trim();
  const refusedName = [name(form.applicant), aboutChild ? name(form.child) : ''].filter(Boolean).join('; ');

  return (
    <div className="screen intake" ref={topRef} data-testid="intake" data-draft={draftState}>
      <div className="screen-head">
        <h1>{t('intake.title')}</h1>
        <div className="service-name" data-testid="intake-service-name">
          {bi(entry.name, uiLang)}
        </div>
      </div>
      {picker}
      {!decidesHere(entry, session.office.type) && (
        <Notice kind="info" testid="intake-routed">
          {t('intake.routedNote')}
        </Notice>
      )}
      {!keepsQueue(entry) && (
        <div className="muted small" data-testid="intake-term">
          {t('services.term')}: {durationLabel(t, entry.term)}
          {entry.completenessCheckWorkingDays
            ? ` · ${t('services.completenessCheck', { n: entry.completenessCheckWorkingDays })}`
            : ''}
        </div>
      )}

      {/* The summary follows a refused attempt; before that, hints stay next to their fields. */}
      <IntakeErrors problem={intake.problem} errors={intake.allErrors} entry={entry} uiLang={uiLang} />

      {intake.withdrawn && (
        <Notice kind="info" testid="refusal-withdrawn">
          <b>{t('intake.refusalWithdrawnTitle')}</b>. {t('intake.refusalWithdrawnText')}
        </Notice>
      )}

      <div className="intake-grid">
        <ApplicantFields {...fields} touch={touch} />
        {aboutChild ? (
          <ChildFields {...fields} touch={touch} today={intake.today} kindergartens={kindergartens} />
        ) : (
          <ServiceSection {...fields} />
        )}
      </div>

      <EarlyDuplicates duplicates={intake.earlyDuplicates} aboutChild={aboutChild} />

      <DocumentChecklist {...fields} docCtx={intake.docCtx} missing={intake.missing} />

      <IntakeActions
        missing={intake.missing}
        warnings={intake.warnings}
        uiLang={uiLang}
        draft={intake.draft}
        busy={intake.busy}
        onClear={intake.reset}
        onRefuse={() => intake.askRefusal(true)}
        onRegister={() => void intake.register(false)}
      />

      <DuplicateWarning
        duplicates={intake.duplicates}
        aboutChild={aboutChild}
        acknowledged={intake.dupAck}
        busy={intake.busy}
        onAcknowledge={intake.acknowledgeDuplicates}
        onCancel={intake.closeDuplicates}
        onRegisterAnyway={intake.registerAnyway}
      />

      <RefuseConfirm
        open={intake.confirmingRefusal}
        name={refusedName}
        missing={intake.missing}
        uiLang={uiLang}
        busy={intake.busy}
        onCancel={() => intake.askRefusal(false)}
        onConfirm={() => void intake.refuse()}
      />

      <RefusalDone
        refusal={intake.refusal}
        entry={entry}
        uiLang={uiLang}
        busy={intake.busy}
        problem={intake.refusal ? intake.problem : null}
        onNewIntake={intake.reset}
        onUndo={() => void intake.undoRefusal()}
      />
    </div>
  );
}
