/**
 * First launch on a computer: language, the office profile, staff accounts,
 * kindergartens (optional). Or one button that fills a demo office, for
 * training and for trying the program before the real set-up. Or enrolment
 * with the district server, which brings the office and its staff. Or a
 * backup restored onto a replacement laptop. When the office database is
 * empty or damaged but this computer keeps an automatic backup of it, that
 * restore is offered first (the browser deleted the database, say).
 * The steps are in firstRun/, their state in firstRun/useSetup.ts.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../shared';
import { ErrorBox } from '../components/Notice';
import { RestoreDone, type RestoreResult } from '../components/RestoreForm';
import { DemoDone } from './firstRun/DemoDone';
import { KindergartensStep } from './firstRun/KindergartensStep';
import { OfficeStep } from './firstRun/OfficeStep';
import { StaffStep } from './firstRun/StaffStep';
import { StartStep } from './firstRun/StartStep';
import { useAutoBackups } from './firstRun/useAutoBackups';
import { STEPS, useSetup, type Step } from './firstRun/useSetup';

export function FirstRun({
  lang,
  damaged = false,
  onDone,
}: {
  lang: Lang;
  damaged?: boolean;
  onDone: (login?: string) => void;
}) {
  const { t } = useTranslation();
  const autoBackups = useAutoBackups();
  const setup = useSetup(lang, onDone);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  const { step, setStep, office, staff, kgs } = setup;

  if (restored) return <RestoreDone result={restored} onContinue={() => onDone()} />;
  if (setup.demo)
    return (
      <DemoDone logins={setup.demo} progress={setup.demoProgress} onContinue={() => onDone(setup.demo?.[0]?.login)} />
    );

  return (
    <section className="first-run" data-testid="first-run">
      <h1>{t('setup.title')}</h1>
      <Stepper current={step} />
      <ErrorBox problem={setup.problem} />

      {step === 'start' && (
        <StartStep
          lang={lang}
          damaged={damaged}
          autoBackups={autoBackups}
          busy={setup.busy}
          demoProgress={setup.demoProgress}
          onOwnOffice={() => setStep('office')}
          onEnrolled={() => onDone()}
          onDemo={() => void setup.runDemo()}
          onRestored={setRestored}
        />
      )}
      {step === 'office' && (
        <OfficeStep
          value={office.value}
          errors={office.errors}
          onChange={office.change}
          onBack={() => setStep('start')}
          onNext={office.next}
        />
      )}
      {step === 'staff' && (
        <StaffStep
          list={staff.list}
          draft={staff.draft}
          errors={staff.errors}
          onDraftChange={staff.changeDraft}
          onAdd={staff.add}
          onRemove={staff.remove}
          onBack={() => setStep('office')}
          onNext={staff.next}
        />
      )}
      {step === 'kindergartens' && (
        <KindergartensStep
          lang={lang}
          list={kgs.list}
          draft={kgs.draft}
          errors={kgs.errors}
          busy={setup.busy}
          onOpen={kgs.open}
          onOpenNew={kgs.openNew}
          onDraftChange={kgs.changeDraft}
          onCancel={kgs.cancel}
          onSave={kgs.save}
          onRemove={kgs.remove}
          onBack={() => setStep('staff')}
          onFinish={() => void setup.finish()}
        />
      )}
    </section>
  );
}

/** Where the set-up stands: the steps done, the current one, those to come. */
function Stepper({ current }: { current: Step }) {
  const { t } = useTranslation();
  const index = STEPS.indexOf(current);
  return (
    <ol className="stepper" aria-label={t('setup.progress')}>
      {STEPS.map((s, i) => (
        <li
          key={s}
          className={i === index ? 'current' : i < index ? 'done' : ''}
          aria-current={i === index ? 'step' : undefined}
        >
          <span className="num">{i + 1}</span> {t(`setup.step.${s}`)}
        </li>
      ))}
    </ol>
  );
}
