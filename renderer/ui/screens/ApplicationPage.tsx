/**
 * One application: everything recorded, where it stands, what the signed-in
 * person may do next, and its papers.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  STEP_ORDER, canTakeStep, isFormId, pendingStep, stepRole, subjectOf, type Suggestion,
  type AccessEntry, type Application, type FormId, type Kindergarten, type ServiceEntry, type Staff, type StepId,
} from '../../../shared';
import { desk, type DecisionInput } from '../deskClient';
import { byField, errorText, toProblem, type Problem } from '../errors';
import { DueBadge, QueueBadge, StatusBadge } from '../components/Badges';
import { ErrorBox, Loading, Notice } from '../components/Notice';
import { SelectField } from '../components/Field';
import { PrintPanel } from '../print/PrintPanel';
import { AccessLog } from '../components/AccessLog';
import { bi, durationLabel, iinDisplay, personName, tableDate, tableDateTime, todayLocal } from '../format';
import { useLoad } from '../hooks';
import { useSyncState } from '../sync/useSync';
import { useSession } from '../session';
import { getEnrolment } from '../syncClient';
import { queuePlace, type QueuePlace } from '../sync/queuePlace';
import { printableForms as servicePrintable } from '../print/serviceInputs';
import { HandBackAction, ResultFacts, ServiceDecision, ServiceFacts, isPreschool } from './ServiceActions';

type SyncFlags = { enrolled: boolean; pending: number; conflict: boolean };
type SyncView = { place: QueuePlace; flags: SyncFlags };
type Data = { app: Application; entry: ServiceEntry; kgs: Kindergarten[]; staff: Staff[]; sync: SyncView; access: AccessEntry[]; suggestion: Suggestion };

async function loadSyncView(app: Pick<Application, 'id' | 'queueState'>): Promise<SyncView> {
  const [place, enr, rec] = await Promise.all([queuePlace(app), getEnrolment(desk.context), desk.recordSyncState(app.id)]);
  return { place, flags: { enrolled: !!enr, pending: rec.pending, conflict: rec.conflict } };
}

/** The record's standing with the district: loaded with the page, re-read after every sync run and local change. */
function useSyncView(app: Pick<Application, 'id' | 'queueState' | 'status'>, initial: SyncView): SyncView {
  const s = useSyncState();
  const view = useLoad<SyncView>(() => loadSyncView(app), [app.id, app.queueState, app.status, s.lastSyncAt, s.pending, s.status === 'syncing']);
  return view.data ?? initial;
}

export function ApplicationPage({ id }: { id: string }) {
  const data = useLoad<Data | null>(async () => {
    // open() writes the access log (once per person and record per ten minutes), so reloads after an action do not flood it.
    const app = await desk.open(id);
    if (!app) return null;
    const entry = desk.catalog().find((e) => e.code === app.serviceCode);
    if (!entry) throw Object.assign(new Error('catalog.unknownService'), { code: 'catalog.unknownService', params: { code: app.serviceCode } });
    // The suggestion weighs the whole office queue, so the data layer makes it.
    const suggest: Promise<Suggestion> = app.serviceCode === 'preschool-queue' && app.status === 'assigned' ? desk.suggestDecision(app.id) : Promise.resolve({ kind: 'notification' });
    const [kgs, staff, sync, access, suggestion] = await Promise.all([desk.kindergartens(), desk.staff(), loadSyncView(app), desk.accessLog(app.id), suggest]);
    return { app, entry, kgs, staff, sync, access, suggestion };
  }, [id]);
  if (data.error && !data.data) return <ErrorBox problem={data.error} />;
  if (data.data === undefined) return <Loading />;
  if (data.data === null) return <ErrorBox problem={{ code: 'notFound', params: {}, fields: [] }} />;
  return <ApplicationView {...data.data} reload={data.reload} />;
}

/** Which papers exist for an application at its stage. */
function printableForms(app: Application, entry: ServiceEntry): FormId[] {
  return servicePrintable(app, entry, isFormId);
}

/** The place in the queue and what it is counted among: the district as of the last sync, or this office. */
function QueuePlaceText({ place }: { place: QueuePlace }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const position = place.scope === 'district' || place.scope === 'office' ? place.position : null;
  return (
    <>
      <b data-testid="app-queue-position">{position ?? t('common.dash')}</b>
      {place.scope !== 'none' && (
        <span className="muted small" data-testid="app-queue-scope" data-scope={place.scope}>
          {' '}
          {place.scope === 'district'
            ? t('app.queueDistrict', { count: place.age, total: place.ofTotal, asOf: tableDateTime(place.asOf, session.office) })
            : t(`app.queue_${place.scope}`)}
        </span>
      )}
    </>
  );
}

/** What the district does not know yet, or is still deciding, about this record. */
function SyncFlagsView({ flags }: { flags: SyncFlags }) {
  const { t } = useTranslation();
  if (!flags.enrolled) return null;
  return (
    <>
      {flags.pending > 0 && (
        <span className="badge badge--unsent" data-testid="app-sync-pending" data-count={flags.pending} title={t('app.unsentHint', { n: flags.pending })}>
          {t('app.unsent')}
        </span>
      )}
      {flags.conflict && <span className="badge badge--conflict" data-testid="app-conflict" title={t('app.conflictHint')}>{t('app.conflict')}</span>}
    </>
  );
}

/** The settlement a mobile centre took the application in, if it did. */
function AppSettlement({ id }: { id: string }) {
  const { t } = useTranslation();
  const place = useLoad(() => desk.settlementsOf([id]), [id]).data?.[id];
  if (!place) return null;
  return <span><span className="muted">{t('mobile.settlement')}:</span> <b data-testid="app-settlement">{place}</b></span>;
}

/** A service about the applicant: no child; whom a proxy represents, when that person is the subject. */
function SubjectPanel({ app, entry }: { app: Application; entry: ServiceEntry }) {
  const { t } = useTranslation();
  const s = subjectOf(app);
  return (
    <section className="panel" data-testid="app-subject">
      <h2>{t('app.subjectSection')}</h2>
      <dl className="facts">
        <dt>{t('person.fullName')}</dt>
        <dd data-testid="app-subject-name">{personName(s)} <span className="muted small">({t(s.kind === 'principal' ? 'app.asPrincipal' : 'app.asApplicant')})</span></dd>
        <dt>{t('intake.applicantIin')}</dt><dd className="mono">{iinDisplay(s.iin)}</dd>
      </dl>
      <ServiceFacts app={app} entry={entry} />
    </section>
  );
}

function ApplicationView({ app, entry, kgs, staff, sync, access, suggestion, reload }: Data & { reload: () => void }) {
  const sv = useSyncView(app, sync);
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const office = session.office;
  const kgById = new Map(kgs.map((k) => [k.id, k]));
  const staffName = (sid?: string) => staff.find((s) => s.id === sid)?.fullName ?? '';
  const category = app.priority ? entry.priorityCategories.find((c) => c.code === app.priority) : undefined;
  const docName = (code: string) => bi(entry.documents.find((d) => d.code === code)?.name, lang) || code;

  return (
    <div className="screen app-page" data-testid="application-page" data-id={app.id}>
      <div className="screen-head">
        <h1>{t('app.title', { no: app.journalNo })}</h1>
        <span data-testid="app-journal-no" className="sr-only">{app.journalNo}</span>
        <StatusBadge status={app.status} />
        <QueueBadge state={app.queueState} />
        <DueBadge app={app} />
        <SyncFlagsView flags={sv.flags} />
      </div>
      {sv.flags.enrolled && sv.flags.conflict && <Notice kind="warn" testid="app-conflict-notice">{t('app.conflictHint')}</Notice>}
      <div className="summary-bar">
        <span><span className="muted">{t('app.registered')}:</span> <b data-testid="app-registered">{tableDateTime(app.acceptedAt, office)}</b></span>
        <span><span className="muted">{t('app.dueAt')}:</span> <b data-testid="app-due">{tableDateTime(app.dueAt, office)}</b></span>
        <span><span className="muted">{t('app.queuePosition')}:</span> <QueuePlaceText place={sv.place} /></span>
        <span><span className="muted">{t('app.paperLang')}:</span> <b>{t(`lang.${app.lang}`)}</b></span>
        <span className="muted small">{bi(entry.name, lang)}</span>
        <AppSettlement id={app.id} />
      </div>

      <div className="app-grid">
        <div className="app-main">
          <div className="grid grid--2 cards">
            <section className="panel" data-testid="app-applicant">
              <h2>{t('app.applicant')}</h2>
              <dl className="facts">
                <dt>{t('intake.applicantKind')}</dt><dd>{t(`applicantKind.${app.applicant.kind}`)}</dd>
                <dt>{t('person.fullName')}</dt><dd>{personName(app.applicant)}</dd>
                <dt>{t('intake.applicantIin')}</dt><dd className="mono">{iinDisplay(app.applicant.iin)}</dd>
                <dt>{t('intake.phone')}</dt><dd>{app.applicant.phone}</dd>
                <dt>{t('intake.address')}</dt><dd>{app.applicant.address}</dd>
                {app.applicant.powerOfAttorney && (
                  <>
                    <dt>{t('intake.poa')}</dt>
                    <dd>№ {app.applicant.powerOfAttorney.number}, {app.applicant.powerOfAttorney.date ? tableDate(app.applicant.powerOfAttorney.date) : ''}, {app.applicant.powerOfAttorney.notary}</dd>
                  </>
                )}
                {app.workplaces.mother && <><dt>{t('intake.motherWork')}</dt><dd>{app.workplaces.mother}</dd></>}
                {app.workplaces.father && <><dt>{t('intake.fatherWork')}</dt><dd>{app.workplaces.father}</dd></>}
              </dl>
            </section>
            {app.child ? (
            <section className="panel" data-testid="app-child">
              <h2>{t('app.child')}</h2>
              <dl className="facts">
                <dt>{t('person.fullName')}</dt><dd>{personName(app.child)}</dd>
                <dt>{t('intake.childIin')}</dt><dd className="mono">{iinDisplay(app.child.iin)}</dd>
                <dt>{t('app.birthDate')}</dt><dd>{tableDate(app.child.birthDate)}</dd>
                <dt>{t('app.sex')}</dt><dd>{t(`sex.${app.child.sex}`)}</dd>
              </dl>
              {!isPreschool(entry) && <ServiceFacts app={app} entry={entry} />}
              {isPreschool(entry) && <dl className="facts">
                <dt>{t('intake.priority')}</dt>
                <dd>{category ? <>{bi(category.name, lang)}{app.priorityDoc && <div className="muted small">{app.priorityDoc}</div>}</> : t('intake.noPriority')}</dd>
                <dt>{t('intake.kindergartens')}</dt>
                <dd>
                  <ol className="plain-list numbered" data-testid="app-kindergartens">
                    {app.kindergartenIds.map((kid) => <li key={kid}>{kgById.get(kid) ? `№${kgById.get(kid)!.number} ${bi(kgById.get(kid)!.name, lang)}` : kid}</li>)}
                  </ol>
                </dd>
              </dl>}
            </section>
            ) : <SubjectPanel app={app} entry={entry} />}
          </div>

          <section className="panel">
            <h2>{t('intake.documents')}</h2>
            <ul className="plain-list inline-list" data-testid="app-documents">
              {app.documents.map((d) => <li key={d}>✓ {docName(d)}</li>)}
            </ul>
          </section>

          {(app.decision || app.expiredReferrals.length > 0) && (
            <section className="panel" data-testid="app-decision">
              <h2>{t('app.decision')}</h2>
              {app.decision && <DecisionFacts app={app} entry={entry} kgById={kgById} />}
              {app.expiredReferrals.length > 0 && (
                <div className="muted small" data-testid="app-expired-referrals">
                  {t('app.expiredReferrals')}: {app.expiredReferrals.map((r) => `${r.referralNo} (№${kgById.get(r.kindergartenId)?.number ?? '?'}, ${tableDate(r.validUntil)})`).join('; ')}
                </div>
              )}
            </section>
          )}

          <section className="panel">
            <h2>{t('app.steps')}</h2>
            <table className="table table--compact" data-testid="app-steps">
              <thead>
                <tr><th>{t('app.step')}</th><th>{t('app.role')}</th><th>{t('app.who')}</th><th>{t('app.when')}</th><th>{t('app.norm')}</th><th>{t('app.normDue')}</th><th /></tr>
              </thead>
              <tbody>
                {STEP_ORDER.map((s) => {
                  const rec = app.steps.filter((r) => r.step === s).at(-1);
                  const spec = entry.steps.find((x) => x.step === s);
                  return (
                    <tr key={s} data-testid={`step-${s}`} data-done={rec ? 'true' : 'false'} className={rec ? '' : 'row--pending'}>
                      <td>{t(`step.${s}`)}</td>
                      <td>{t(`role.${stepRole(entry, s)}`)}</td>
                      <td>{rec?.byName ?? ''}</td>
                      <td className="nowrap">{rec ? tableDateTime(rec.at, office) : ''}</td>
                      <td className="nowrap">{spec ? durationLabel(t, spec.norm) : ''}</td>
                      <td className="nowrap">{rec ? tableDateTime(rec.normDueAt, office) : ''}</td>
                      <td>
                        {rec?.late && <span className="badge badge--due-overdue" data-testid="step-late">{t('app.late')}</span>}
                        {rec && !rec.late && <span className="badge badge--ok">{t('app.onTime')}</span>}
                        {rec?.note && <div className="muted small">{rec.note}</div>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>

          <section className="panel">
            <h2>{t('app.prints')}</h2>
            {app.prints.length === 0 ? <div className="muted small">{t('app.noPrints')}</div> : (
              <table className="table table--compact" data-testid="app-prints">
                <thead><tr><th>{t('app.when')}</th><th>{t('app.form')}</th><th>{t('print.language')}</th><th>{t('app.printAction')}</th><th>{t('app.who')}</th></tr></thead>
                <tbody>
                  {[...app.prints].reverse().map((p, i) => (
                    <tr key={`${p.at}-${i}`} data-testid="print-log-row">
                      <td className="nowrap">{tableDateTime(p.at, office)}</td>
                      <td>{t(`printForm.${p.form}`, { defaultValue: p.form })}</td>
                      <td>{t(`lang.short.${p.lang}`)}</td>
                      <td>{t(`print.${p.action}`)}</td>
                      <td>{p.byName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <AccessLog entries={access} office={office} />
        </div>

        <aside className="app-side">
          <ActionPanel app={app} entry={entry} kgs={kgs} staff={staff} suggestion={suggestion} reload={reload} staffName={staffName} />
          <section className="panel">
            <h2>{t('print.title')}</h2>
            <PrintPanel target={{ kind: 'application', app }} forms={printableForms(app, entry)} defaultLang={app.lang} onLogged={reload} />
          </section>
        </aside>
      </div>
    </div>
  );
}

function DecisionFacts({ app, entry, kgById }: { app: Application; entry: ServiceEntry; kgById: Map<string, Kindergarten> }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const d = app.decision!;
  if (d.kind === 'notification') return <p data-testid="decision-kind" data-kind="notification">{t('decision.notificationDone')}</p>;
  if (d.kind === 'result') return <ResultFacts d={d} />;
  if (d.kind === 'refusal') {
    return (
      <dl className="facts" data-testid="decision-kind" data-kind="refusal">
        <dt>{t('decision.kind')}</dt><dd>{t('decision.refusal')}</dd>
        <dt>{t('decision.ground')}</dt><dd>{bi(entry.refusalGrounds.find((g) => g.code === d.groundCode)?.text, lang) || d.groundCode}</dd>
        <dt>{t('decision.reason')}</dt><dd className="prewrap">{d.reason}</dd>
      </dl>
    );
  }
  const kg = kgById.get(d.kindergartenId);
  const group = kg?.ageGroups.find((g) => g.id === d.ageGroupId);
  return (
    <dl className="facts" data-testid="decision-kind" data-kind="referral">
      <dt>{t('decision.kind')}</dt><dd>{t('decision.referral')}</dd>
      <dt>{t('decision.referralNo')}</dt><dd data-testid="referral-no">{d.referralNo}</dd>
      <dt>{t('decision.kindergarten')}</dt><dd>{kg ? `№${kg.number} ${bi(kg.name, lang)}` : d.kindergartenId}{group ? `, ${bi(group.name, lang)}` : ''}</dd>
      {d.issuedOn && <><dt>{t('decision.issuedOn')}</dt><dd>{tableDate(d.issuedOn)}</dd></>}
      {d.validUntil && <><dt>{t('decision.validUntil')}</dt><dd>{tableDate(d.validUntil)}</dd></>}
    </dl>
  );
}

function ActionPanel({ app, entry, kgs, staff, suggestion, reload, staffName }: { app: Application; entry: ServiceEntry; kgs: Kindergarten[]; staff: Staff[]; suggestion: Suggestion; reload: () => void; staffName: (id?: string) => string }) {
  const { t } = useTranslation();
  const { session, lang, hasRole } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const executors = staff.filter((s) => s.active !== false && s.roles.includes('executor'));
  const [executorId, setExecutorId] = useState(app.executorId ?? executors[0]?.id ?? '');
  const today = todayLocal(session.office);
  const [kind, setKind] = useState<DecisionInput['kind']>(suggestion.kind);
  const [groundCode, setGroundCode] = useState('');
  const [reason, setReason] = useState('');

  const step = pendingStep(app.status);
  const actor = { id: session.staff.id, fullName: session.staff.fullName, roles: session.staff.roles };
  const check = step ? canTakeStep(app, step, actor, entry) : null;

  async function run(label: string, fn: () => Promise<unknown>) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      await fn();
      setDone(label);
      reload();
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(false);
    }
  }

  const fieldErr = byField(problem?.fields ?? []);
  const sugKg = suggestion.kind === 'referral' ? kgs.find((k) => k.id === suggestion.kindergartenId) : undefined;
  const sugGroup = sugKg && suggestion.kind === 'referral' ? sugKg.ageGroups.find((g) => g.id === suggestion.ageGroupId) : undefined;

  const suggestionBox = (
    <div className={`suggestion suggestion--${suggestion.kind}`} data-testid="decision-suggestion" data-kind={suggestion.kind}>
      {suggestion.kind === 'referral' && sugKg
        ? t('decision.suggestReferral', { kg: `№${sugKg.number} ${bi(sugKg.name, lang)}`, group: sugGroup ? bi(sugGroup.name, lang) : '', count: sugGroup?.freePlaces ?? 0 })
        : t('decision.suggestNotification')}
    </div>
  );

  let body: ReactNode = null;
  if (step && check?.ok) {
    if (step === 'resolution') {
      body = (
        <>
          <SelectField label={t('action.executor')} value={executorId} onChange={setExecutorId} testid="action-executor"
            options={[{ value: '', label: t('action.chooseExecutor') }, ...executors.map((s) => ({ value: s.id, label: s.fullName }))]} />
          <button type="button" className="btn btn--primary btn--block" disabled={busy || !executorId} data-testid="action-resolve"
            onClick={() => void run('resolution', () => desk.resolve(app.id, executorId))}>{t('action.resolve')}</button>
        </>
      );
    } else if (step === 'decision' && !isPreschool(entry)) {
      // Keyed by the hearing's stage: after the record the refusal it upheld is offered, filled in.
      body = <ServiceDecision key={`${app.hearing?.noticeNo ?? ''}:${app.hearing?.record?.outcome ?? ''}`} app={app} entry={entry} reload={reload} />;
    } else if (step === 'decision') {
      const refusalInput = kind === 'refusal';
      body = (
        <>
          {suggestionBox}
          <div className="radio-group" role="radiogroup" aria-label={t('decision.kind')}>
            {(['referral', 'notification', 'refusal'] as const).map((k) => (
              <label key={k} className={`check${k === 'referral' && suggestion.kind !== 'referral' ? ' disabled' : ''}`}>
                <input type="radio" name="decision-kind" value={k} checked={kind === k} disabled={k === 'referral' && suggestion.kind !== 'referral'}
                  onChange={() => setKind(k)} data-testid={`decision-${k}`} />
                {t(`decision.${k}`)}
              </label>
            ))}
          </div>
          {refusalInput && (
            <>
              <SelectField label={t('decision.ground')} value={groundCode} onChange={setGroundCode} testid="decision-ground" error={fieldErr['groundCode']} required
                options={[{ value: '', label: t('decision.chooseGround') }, ...entry.refusalGrounds.map((g) => ({ value: g.code, label: bi(g.text, lang) }))]} />
              <div className={`field${fieldErr['reason'] ? ' field--error' : ''}`}>
                <label htmlFor="decision-reason">{t('decision.reason')}<span className="req"> *</span></label>
                <textarea id="decision-reason" rows={4} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decision-reason" />
                {fieldErr['reason'] && <div className="field-error" role="alert">{errorText(t, fieldErr['reason'].code)}</div>}
              </div>
            </>
          )}
          <button type="button" className="btn btn--primary btn--block" data-testid="action-decide"
            disabled={busy || (refusalInput && (!groundCode || !reason.trim()))}
            onClick={() => {
              const d: DecisionInput = kind === 'referral' && suggestion.kind === 'referral'
                ? { kind: 'referral', kindergartenId: suggestion.kindergartenId, ageGroupId: suggestion.ageGroupId }
                : kind === 'refusal' ? { kind: 'refusal', groundCode, reason: reason.trim() } : { kind: 'notification' };
              void run('decision', () => desk.decide(app.id, d));
            }}>
            {t('action.decide')}
          </button>
        </>
      );
    } else if (step === 'signature') {
      body = (
        <>
          <p className="small">{t('action.signText', { decision: app.decision ? (app.decision.kind === 'result' ? t(`printForm.${app.decision.form}`, { defaultValue: app.decision.form }) : t(`decision.${app.decision.kind}`)) : '' })}</p>
          <button type="button" className="btn btn--primary btn--block" disabled={busy} data-testid="action-sign"
            onClick={() => void run('signature', () => desk.sign(app.id))}>{t('action.sign')}</button>
        </>
      );
    } else if (step === 'issue') {
      body = (
        <>
          <p className="small">{t('action.issueText')}</p>
          <button type="button" className="btn btn--primary btn--block" disabled={busy} data-testid="action-issue"
            onClick={() => void run('issue', () => desk.issue(app.id))}>{t('action.issue')}</button>
        </>
      );
    }
  }

  const afterIssue: ReactNode[] = [];
  if (app.status === 'issued' && app.queueState === 'referred' && hasRole('clerk')) {
    afterIssue.push(
      <button key="enrolled" type="button" className="btn btn--block" disabled={busy} data-testid="action-enrolled"
        onClick={() => void run('enrolled', () => desk.markEnrolled(app.id))}>{t('action.markEnrolled')}</button>,
    );
  }
  if (app.status === 'issued' && app.queueState === 'waiting' && hasRole('head')) {
    afterIssue.push(
      <div key="reopen">
        {suggestionBox}
        <button type="button" className="btn btn--block" disabled={busy} data-testid="action-reopen"
          onClick={() => void run('reopen', () => desk.reopenForPlace(app.id))}>{t('action.reopen')}</button>
      </div>,
    );
  }

  const waitingFor = (s: StepId) => (
    <p className="small" data-testid="action-waiting">
      {t('action.waitingFor', { step: t(`step.${s}`), role: t(`role.${stepRole(entry, s)}`) })}
      {s === 'decision' && app.executorId ? ` — ${staffName(app.executorId)}` : ''}
      {check && !check.ok && <span className="muted"> ({errorText(t, check.reason)})</span>}
    </p>
  );

  return (
    <section className="panel action-panel" data-testid="action-panel">
      <h2>{t('action.title')}</h2>
      {done && <Notice kind="ok" testid="action-done">{t(`action.done.${done}`)}</Notice>}
      <ErrorBox problem={problem} testid="action-error" />
      {step && !check?.ok && waitingFor(step)}
      {body}
      {!step && !afterIssue.length && <p className="small muted">{t('action.nothing')}</p>}
      {afterIssue}
      <HandBackAction app={app} entry={entry} reload={reload} />
      {app.status === 'issued' && app.decision?.kind === 'referral' && app.queueState === 'referred' && (
        <p className="small muted">{t('action.referralValid', { date: app.decision.validUntil ? tableDate(app.decision.validUntil) : '' })}</p>
      )}
    </section>
  );
}
