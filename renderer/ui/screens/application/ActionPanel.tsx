/**
 * What the signed-in person may do next with the application: the pending
 * step if their role takes it (canTakeStep), or whom it waits for; after
 * issue, marking the child enrolled (clerk) or reopening for a place (head);
 * handing it back. Nothing once the district withdrew it (nextStep): the page
 * says why above. Every action reloads the page when it succeeds.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  canTakeStep,
  decidesHere,
  isWithdrawn,
  keepsQueue,
  nextStep,
  refusalsDue,
  stepRole,
  type Application,
  type Kindergarten,
  type ServiceEntry,
  type Staff,
  type StepId,
  type Suggestion,
} from '../../../../shared';
import { SelectField } from '../../components/Field';
import { ErrorBox, Notice } from '../../components/Notice';
import { desk } from '../../deskClient';
import { byField, errorText, toProblem, type Problem } from '../../errors';
import { tableDate } from '../../format';
import { useSession } from '../../session';
import { HandBackAction, ServiceDecision } from '../ServiceActions';
import { DueRefusalNotice, useDueReason } from './DueRefusal';
import { QueueDecision, SuggestionBox, type DecisionChoice } from './QueueDecision';

type Props = {
  app: Application;
  entry: ServiceEntry;
  kgs: Kindergarten[];
  staff: Staff[];
  suggestion: Suggestion;
  reload: () => void;
};

type RunState = { busy: boolean; problem: Problem | null; done: string | null };

/** Runs one action at a time; `done` names the last that succeeded (its message), `problem` the last failure. */
function useStepRun(reload: () => void) {
  const [state, setState] = useState<RunState>({ busy: false, problem: null, done: null });
  async function run(label: string, fn: () => Promise<unknown>) {
    setState({ busy: true, problem: null, done: null });
    try {
      await fn();
      setState((s) => ({ ...s, done: label }));
      reload();
    } catch (e) {
      setState((s) => ({ ...s, problem: toProblem(e) }));
    } finally {
      setState((s) => ({ ...s, busy: false }));
    }
  }
  return { ...state, run };
}

export function ActionPanel({ app, entry, kgs, staff, suggestion, reload }: Props) {
  const { t } = useTranslation();
  const { session, hasRole } = useSession();
  const { busy, problem, done, run } = useStepRun(reload);
  const executors = staff.filter((s) => s.active !== false && s.roles.includes('executor'));
  // Kept by the panel, not by each step's form: what was chosen outlives a failed attempt and the reload after an action.
  const [executorId, setExecutorId] = useState(() => app.executorId ?? executors[0]?.id ?? '');
  // Taken in over the age limit or without consent (issue #15, R-01): the reasoned refusal it owes is offered, filled in.
  const due = refusalsDue(app, entry, session.office.utcOffsetMinutes);
  const dueReason = useDueReason(app, due);
  const [choice, setChoice] = useState<DecisionChoice>(() =>
    due.length
      ? { kind: 'refusal', groundCode: due[0].groundCode, reason: dueReason }
      : { kind: suggestion.kind, groundCode: '', reason: '' },
  );

  // Taken in here for the district education department (F-20): its steps are the department's, on its laptops.
  const routed = !decidesHere(entry, session.office.type);
  const step = routed ? null : nextStep(app);
  const actor = { id: session.staff.id, fullName: session.staff.fullName, roles: session.staff.roles };
  const check = step ? canTakeStep(app, step, actor, entry) : null;

  let body: ReactNode = null;
  if (step && check?.ok) {
    if (step === 'resolution') {
      body = (
        <>
          <SelectField
            label={t('action.executor')}
            value={executorId}
            onChange={setExecutorId}
            testid="action-executor"
            options={[
              { value: '', label: t('action.chooseExecutor') },
              ...executors.map((s) => ({ value: s.id, label: s.fullName })),
            ]}
          />
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={busy || !executorId}
            data-testid="action-resolve"
            onClick={() => void run('resolution', () => desk.resolve(app.id, executorId))}
          >
            {t('action.resolve')}
          </button>
        </>
      );
    } else if (step === 'decision' && !keepsQueue(entry)) {
      // Keyed by the hearing's stage: after the record the refusal it upheld is offered, filled in.
      body = (
        <ServiceDecision
          key={`${app.hearing?.noticeNo ?? ''}:${app.hearing?.record?.outcome ?? ''}`}
          app={app}
          entry={entry}
          reload={reload}
        />
      );
    } else if (step === 'decision') {
      body = (
        <QueueDecision
          entry={entry}
          due={due}
          suggestion={suggestion}
          kgs={kgs}
          choice={choice}
          onChange={(patch) => setChoice((c) => ({ ...c, ...patch }))}
          fieldErrors={byField(problem?.fields ?? [])}
          busy={busy}
          onDecide={(d) => void run('decision', () => desk.decide(app.id, d))}
        />
      );
    } else if (step === 'signature') {
      const decision = app.decision
        ? app.decision.kind === 'result'
          ? t(`printForm.${app.decision.form}`, { defaultValue: app.decision.form })
          : t(`decision.${app.decision.kind}`)
        : '';
      body = (
        <>
          <p className="small">{t('action.signText', { decision })}</p>
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={busy}
            data-testid="action-sign"
            onClick={() => void run('signature', () => desk.sign(app.id))}
          >
            {t('action.sign')}
          </button>
        </>
      );
    } else if (step === 'issue') {
      body = (
        <>
          <p className="small">{t('action.issueText')}</p>
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={busy}
            data-testid="action-issue"
            onClick={() => void run('issue', () => desk.issue(app.id))}
          >
            {t('action.issue')}
          </button>
        </>
      );
    }
  }

  // After a queue decision is issued: a referred child is marked enrolled (clerk), a waiting one is reopened for a place (head).
  const afterIssue: ReactNode[] = [];
  if (app.status === 'issued' && app.queueState === 'referred' && hasRole('clerk')) {
    afterIssue.push(
      <button
        key="enrolled"
        type="button"
        className="btn btn--block"
        disabled={busy}
        data-testid="action-enrolled"
        onClick={() => void run('enrolled', () => desk.markEnrolled(app.id))}
      >
        {t('action.markEnrolled')}
      </button>,
    );
  }
  if (app.status === 'issued' && app.queueState === 'waiting' && hasRole('head')) {
    afterIssue.push(
      <div key="reopen">
        <SuggestionBox suggestion={suggestion} kgs={kgs} />
        <button
          type="button"
          className="btn btn--block"
          disabled={busy}
          data-testid="action-reopen"
          onClick={() => void run('reopen', () => desk.reopenForPlace(app.id))}
        >
          {t('action.reopen')}
        </button>
      </div>,
    );
  }

  return (
    <section className="panel action-panel" data-testid="action-panel">
      <h2>{t('action.title')}</h2>
      {done && (
        <Notice kind="ok" testid="action-done">
          {t(`action.done.${done}`)}
        </Notice>
      )}
      <ErrorBox problem={problem} testid="action-error" />
      {!app.decision && <DueRefusalNotice due={due} entry={entry} />}
      {step && !check?.ok && (
        <WaitingFor
          step={step}
          app={app}
          entry={entry}
          staff={staff}
          reason={check && !check.ok ? check.reason : undefined}
        />
      )}
      {body}
      {isWithdrawn(app) ? (
        <p className="small muted" data-testid="action-withdrawn">
          {t('action.withdrawn')}
        </p>
      ) : routed ? (
        <p className="small" data-testid="action-routed" data-status={app.status}>
          {t(app.status === 'issued' ? 'action.routedIssued' : 'action.routed')}
        </p>
      ) : (
        !step && !afterIssue.length && <p className="small muted">{t('action.nothing')}</p>
      )}
      {afterIssue}
      {!routed && <HandBackAction app={app} entry={entry} reload={reload} />}
      {app.status === 'issued' && app.decision?.kind === 'referral' && app.queueState === 'referred' && (
        <p className="small muted">
          {t('action.referralValid', { date: app.decision.validUntil ? tableDate(app.decision.validUntil) : '' })}
        </p>
      )}
    </section>
  );
}

/** The step is someone else's: whose role takes it (the executor by name, for a decision), and why not this person. */
function WaitingFor({
  step,
  app,
  entry,
  staff,
  reason,
}: {
  step: StepId;
  app: Application;
  entry: ServiceEntry;
  staff: Staff[];
  reason?: string;
}) {
  const { t } = useTranslation();
  const executorName = staff.find((s) => s.id === app.executorId)?.fullName ?? '';
  return (
    <p className="small" data-testid="action-waiting">
      {t('action.waitingFor', { step: t(`step.${step}`), role: t(`role.${stepRole(entry, step)}`) })}
      {step === 'decision' && app.executorId ? ` — ${executorName}` : ''}
      {reason && <span className="muted"> ({errorText(t, reason)})</span>}
    </p>
  );
}
