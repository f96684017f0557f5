/**
 * The parts of an application page that belong to services that keep no
 * queue (catalog `queue`; all but the preschool queue): their own facts
 * (fields, status category, completeness check, hearing), the decision with
 * a result document or a reasoned refusal, the preliminary decision and
 * hearing before a refusal on a hearing ground (seed 003 Annex 11 §10), and
 * handing back an uncollected result (§12). The data layer checks everything
 * again.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fromLocal,
  handBackFrom,
  hearingWindow,
  isWithdrawn,
  needsHearing,
  noticeWindow,
  refusalsDue,
  type Application,
  type DueRefusal,
  type ServiceEntry,
} from '../../../shared';
import { desk, type DecisionInput } from '../deskClient';
import { byField, errorText, toProblem, type Problem } from '../errors';
import { ErrorBox, Notice } from '../components/Notice';
import { SelectField, TextField } from '../components/Field';
import { bi, nowIso, tableDate, tableDateTime, todayLocal } from '../format';
import { useSession } from '../session';
import { useDueReason } from './application/DueRefusal';

/** Fields, status category and hearing of an application, for its page. */
export function ServiceFacts({ app, entry }: { app: Application; entry: ServiceEntry }) {
  const { t } = useTranslation();
  const { lang, session } = useSession();
  const office = session.office;
  const cat = entry.statusCategories?.find((c) => c.code === app.statusCategory);
  const h = app.hearing;
  return (
    <dl className="facts" data-testid="app-service-facts">
      {(entry.applicationFields ?? []).map((f) => (
        <ServiceFact key={f.code} label={bi(f.name, lang)} testid={`app-field-${f.code}`}>
          {app.fields?.[f.code] ?? ''}
        </ServiceFact>
      ))}
      {cat && (
        <ServiceFact label={t('services.statusCategory')} testid="app-status-category">
          {bi(cat.name, lang)}
          {app.statusDocument && <div className="muted small">{app.statusDocument}</div>}
        </ServiceFact>
      )}
      {app.notInRegistry?.length ? (
        <ServiceFact label={t('services.notInRegistry')}>
          {app.notInRegistry.map((c) => bi(entry.documents.find((d) => d.code === c)?.name, lang) || c).join('; ')}
        </ServiceFact>
      ) : null}
      {app.completenessDueAt && (
        <ServiceFact label={t('services.completenessDue')} testid="app-completeness-due">
          {tableDateTime(app.completenessDueAt, office)}
        </ServiceFact>
      )}
      {h && (
        <>
          <ServiceFact label={t('services.noticeNo')} testid="app-notice">
            {h.noticeNo}, {tableDate(h.noticeOn)} ({t('services.latestNotice')}: {tableDate(h.latestNoticeOn)})
          </ServiceFact>
          <ServiceFact label={t('services.hearingAt')} testid="app-hearing-at">
            {tableDateTime(h.hearingAt, office)}
            {h.place ? `, ${h.place}` : ''}
          </ServiceFact>
          <ServiceFact label={t('services.groundsHeard')}>
            {h.grounds.map((g) => bi(entry.refusalGrounds.find((x) => x.code === g)?.text, lang) || g).join('; ')}
          </ServiceFact>
          {h.record && (
            <>
              <ServiceFact label={t('services.outcome')} testid="app-hearing-outcome">
                {t(`services.outcome_${h.record.outcome}`)}
              </ServiceFact>
              <ServiceFact label={t('services.finalDue')} testid="app-final-due">
                {tableDateTime(h.record.finalDueAt, office)}
              </ServiceFact>
            </>
          )}
        </>
      )}
      {app.handedBackAt && (
        <ServiceFact label={t('services.handedBack')} testid="app-handed-back">
          {tableDateTime(app.handedBackAt, office)}
        </ServiceFact>
      )}
    </dl>
  );
}

function ServiceFact({ label, testid, children }: { label: ReactNode; testid?: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testid}>{children}</dd>
    </>
  );
}

/** What a result decision shows once taken. */
export function ResultFacts({ d }: { d: Extract<NonNullable<Application['decision']>, { kind: 'result' }> }) {
  const { t } = useTranslation();
  return (
    <dl className="facts" data-testid="decision-kind" data-kind="result">
      <dt>{t('decision.kind')}</dt>
      <dd>{t(`printForm.${d.form}`, { defaultValue: d.form })}</dd>
      <dt>{t('services.documentNo')}</dt>
      <dd data-testid="result-no">{d.documentNo}</dd>
      {d.camp && (
        <>
          <dt>{t('services.camp')}</dt>
          <dd>
            {d.camp.name}
            {d.camp.season ? `, ${d.camp.season}` : ''}
          </dd>
        </>
      )}
      {d.basis && (
        <>
          <dt>{t('services.basis')}</dt>
          <dd>
            {d.basis.body}, № {d.basis.number}, {tableDate(d.basis.date)}
          </dd>
        </>
      )}
      {d.text && (
        <>
          <dt>{t('services.resultText')}</dt>
          <dd className="prewrap">{d.text}</dd>
        </>
      )}
    </dl>
  );
}

type Runner = (label: string, fn: () => Promise<unknown>) => Promise<void>;

function useRunner(reload: () => void): { run: Runner; busy: boolean; problem: Problem | null; done: string | null } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run: Runner = async (label, fn) => {
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
  };
  return { run, busy, problem, done };
}

/** The executor's decision step of a service other than the preschool queue. */
export function ServiceDecision({ app, entry, reload }: { app: Application; entry: ServiceEntry; reload: () => void }) {
  const { t } = useTranslation();
  const { lang, session } = useSession();
  const { run, busy, problem, done } = useRunner(reload);
  const results = entry.results.filter((r) => r.kind !== 'refusal');
  const [resultKind, setResultKind] = useState<string>(results[0]?.kind ?? '');
  const result = results.find((r) => r.kind === resultKind) ?? results[0];
  const h = app.hearing;
  const heardRefuse = h?.record?.outcome === 'refuse';
  // Taken in without consent (issue #15, R-01): the refusal on that ground is the decision, heard first where the service says so.
  const due = refusalsDue(app, entry, session.office.utcOffsetMinutes);
  const owed = due.map((r) => r.groundCode);
  const dueReason = useDueReason(app, due);
  const untilHearing = !heardRefuse && owed.some((g) => needsHearing(entry, g));
  const [kind, setKind] = useState<'result' | 'refusal'>(heardRefuse || owed.length ? 'refusal' : 'result');
  const [text, setText] = useState('');
  const [campName, setCampName] = useState('');
  const [season, setSeason] = useState('');
  const [basis, setBasis] = useState({ body: '', number: '', date: '' });
  const [groundCode, setGroundCode] = useState(
    heardRefuse && h ? (h.grounds.find((g) => owed.includes(g)) ?? h.grounds[0]) : (owed[0] ?? ''),
  );
  const [reason, setReason] = useState(heardRefuse && h ? h.reason : dueReason);
  const fieldErr = byField(problem?.fields ?? []);
  // Grounds needing a hearing are offered only once the hearing upheld them; a refusal owed, on its ground only.
  const grounds = entry.refusalGrounds.filter(
    (g) =>
      (!needsHearing(entry, g.code) || (heardRefuse && !!h?.grounds.includes(g.code))) &&
      (!owed.length || owed.includes(g.code)),
  );
  const pendingHearing = !!h && !h.record;

  const decide = () => {
    const d: DecisionInput =
      kind === 'refusal'
        ? { kind: 'refusal', groundCode, reason: reason.trim() }
        : {
            kind: 'result',
            ...(result ? { resultKind: result.kind } : {}),
            ...(result?.form === 'camp-referral' ? { camp: { name: campName, season } } : {}),
            ...(result?.form === 'guardianship-certificate' ? { basis } : {}),
            ...(result?.form === 'generic-result' ? { text } : {}),
          };
    void run('decision', () => desk.decide(app.id, d));
  };

  return (
    <div data-testid="service-decision">
      {done && (
        <Notice kind="ok" testid="service-done">
          {t(`services.done.${done}`)}
        </Notice>
      )}
      <ErrorBox problem={problem} testid="action-error" />
      {entry.hearing && (
        <HearingSteps
          app={app}
          entry={entry}
          due={due}
          dueReason={dueReason}
          run={run}
          busy={busy}
          officeOffset={session.office.utcOffsetMinutes}
        />
      )}
      {pendingHearing ? (
        <p className="small" data-testid="hearing-pending">
          {t('services.hearingPending')}
        </p>
      ) : untilHearing ? (
        <p className="small" data-testid="hearing-first">
          {t('decision.dueHearing')}
        </p>
      ) : (
        <>
          <div className="radio-group" role="radiogroup" aria-label={t('decision.kind')}>
            {(['result', 'refusal'] as const).map((k) => (
              <label key={k} className={`check${k === 'result' && (heardRefuse || owed.length) ? ' disabled' : ''}`}>
                <input
                  type="radio"
                  name="service-decision-kind"
                  value={k}
                  checked={kind === k}
                  disabled={k === 'result' && (heardRefuse || owed.length > 0)}
                  onChange={() => setKind(k)}
                  data-testid={`decision-${k}`}
                />
                {k === 'result' ? bi(result?.name, lang) || t('services.result') : t('decision.refusal')}
              </label>
            ))}
          </div>
          {kind === 'result' && results.length > 1 && (
            <SelectField
              label={t('services.result')}
              value={resultKind}
              onChange={setResultKind}
              testid="result-kind"
              options={results.map((r) => ({ value: r.kind, label: bi(r.name, lang) }))}
            />
          )}
          {kind === 'result' && result?.form === 'camp-referral' && (
            <>
              <TextField
                label={t('services.camp')}
                value={campName}
                onChange={setCampName}
                required
                testid="result-camp"
                error={fieldErr['camp.name']}
              />
              <TextField label={t('services.season')} value={season} onChange={setSeason} testid="result-season" />
            </>
          )}
          {kind === 'result' && result?.form === 'guardianship-certificate' && (
            <>
              <TextField
                label={t('services.basisBody')}
                value={basis.body}
                onChange={(v) => setBasis((b) => ({ ...b, body: v }))}
                required
                testid="basis-body"
                error={fieldErr['basis.body']}
              />
              <TextField
                label={t('services.basisNumber')}
                value={basis.number}
                onChange={(v) => setBasis((b) => ({ ...b, number: v }))}
                required
                testid="basis-number"
                error={fieldErr['basis.number']}
              />
              <TextField
                label={t('services.basisDate')}
                type="date"
                value={basis.date}
                onChange={(v) => setBasis((b) => ({ ...b, date: v }))}
                required
                testid="basis-date"
                error={fieldErr['basis.date']}
              />
            </>
          )}
          {kind === 'result' && result?.form === 'generic-result' && (
            <div className={`field${fieldErr['text'] ? ' field--error' : ''}`}>
              <label htmlFor="result-text">
                {t('services.resultText')}
                <span className="req"> *</span>
              </label>
              <textarea
                id="result-text"
                rows={4}
                value={text}
                onChange={(e) => setText(e.target.value)}
                data-testid="result-text"
              />
              {fieldErr['text'] && (
                <div className="field-error" role="alert">
                  {errorText(t, fieldErr['text'].code)}
                </div>
              )}
            </div>
          )}
          {kind === 'refusal' && (
            <>
              <SelectField
                label={t('decision.ground')}
                value={groundCode}
                onChange={setGroundCode}
                testid="decision-ground"
                error={fieldErr['groundCode']}
                required
                options={[
                  { value: '', label: t('decision.chooseGround') },
                  ...grounds.map((g) => ({ value: g.code, label: bi(g.text, lang) })),
                ]}
              />
              <div className={`field${fieldErr['reason'] ? ' field--error' : ''}`}>
                <label htmlFor="service-decision-reason">
                  {t('decision.reason')}
                  <span className="req"> *</span>
                </label>
                <textarea
                  id="service-decision-reason"
                  rows={4}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  data-testid="decision-reason"
                />
              </div>
            </>
          )}
          <button
            type="button"
            className="btn btn--primary btn--block"
            data-testid="action-decide"
            disabled={busy || (kind === 'refusal' && (!groundCode || !reason.trim()))}
            onClick={decide}
          >
            {t('action.decide')}
          </button>
        </>
      )}
    </div>
  );
}

/** Preliminary decision with the hearing's notice, then the hearing's record. */
function HearingSteps({
  app,
  entry,
  due,
  dueReason,
  run,
  busy,
  officeOffset,
}: {
  app: Application;
  entry: ServiceEntry;
  /** A refusal the application owes on a heard ground: the notice names it, its reason filled in. */
  due: DueRefusal[];
  dueReason: string;
  run: Runner;
  busy: boolean;
  officeOffset: number;
}) {
  const { t } = useTranslation();
  const { lang, session } = useSession();
  const hearing = entry.hearing;
  // Offered only for services with a hearing (ServiceActions checks); anything else is a programming error.
  if (!hearing) throw new Error('HearingSteps: this service has no hearing');
  const span = noticeWindow(app.dueAt, hearing.noticeWorkingDaysBeforeEnd, { offsetMinutes: officeOffset });
  const today = todayLocal(session.office);
  const hearingSpan = hearingWindow(entry, app.dueAt, nowIso(), { offsetMinutes: officeOffset });
  const [open, setOpen] = useState(false);
  const [grounds, setGrounds] = useState<string[]>(() =>
    due.map((r) => r.groundCode).filter((g) => !!hearing?.grounds.includes(g)),
  );
  const [reason, setReason] = useState(dueReason);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [place, setPlace] = useState('');
  const [start, setStart] = useState({ date: today, time: '', end: '' });
  const [participants, setParticipants] = useState('');
  const [present, setPresent] = useState(true);
  const [position, setPosition] = useState('');
  const [outcome, setOutcome] = useState<'grant' | 'refuse' | ''>('');
  const h = app.hearing;

  if (!h) {
    return (
      <div className="hearing-box" data-testid="hearing-notice-box">
        <p className="small" data-testid="latest-notice" data-date={span.latestNoticeOn}>
          {t('services.latestNoticeText', { date: tableDate(span.latestNoticeOn), end: tableDate(span.termEndsOn) })}
        </p>
        {/* K-02: a notice sent now leaves this window for the hearing; the desk and the server refuse any other time. */}
        <p
          className="small"
          data-testid="hearing-window"
          data-earliest={hearingSpan.earliestOn}
          data-latest={hearingSpan.latestAt}
        >
          {t('services.hearingWindowText', {
            earliest: tableDate(hearingSpan.earliestOn),
            latest: tableDateTime(hearingSpan.latestAt, session.office),
          })}
        </p>
        {!open ? (
          <button type="button" className="btn btn--block" onClick={() => setOpen(true)} data-testid="hearing-open">
            {t('services.preliminary')}
          </button>
        ) : (
          <>
            <fieldset className="plain">
              <legend className="small">{t('services.groundsHeard')}</legend>
              {hearing.grounds.map((g) => (
                <label key={g} className="check small">
                  <input
                    type="checkbox"
                    checked={grounds.includes(g)}
                    data-testid={`hearing-ground-${g}`}
                    onChange={(e) => setGrounds((x) => (e.target.checked ? [...x, g] : x.filter((y) => y !== g)))}
                  />
                  <span>{bi(entry.refusalGrounds.find((r) => r.code === g)?.text, lang)}</span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="hearing-reason">
                {t('decision.reason')}
                <span className="req"> *</span>
              </label>
              <textarea
                id="hearing-reason"
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                data-testid="hearing-reason"
              />
            </div>
            <TextField
              label={t('services.hearingDate')}
              type="date"
              value={date}
              onChange={setDate}
              required
              testid="hearing-date"
            />
            <TextField
              label={t('services.hearingTime')}
              type="time"
              value={time}
              onChange={setTime}
              required
              testid="hearing-time"
            />
            <TextField label={t('services.hearingPlace')} value={place} onChange={setPlace} testid="hearing-place" />
            <button
              type="button"
              className="btn btn--danger btn--block"
              disabled={busy || !grounds.length || !reason.trim() || !date || !time}
              data-testid="hearing-notice"
              onClick={() =>
                void run('notice', () =>
                  desk.preliminaryRefusal(app.id, {
                    grounds,
                    reason,
                    hearingAt: fromLocal(date, time, officeOffset),
                    place,
                  }),
                )
              }
            >
              {t('services.sendNotice')}
            </button>
          </>
        )}
      </div>
    );
  }
  if (h.record) {
    return (
      <p className="small" data-testid="final-due">
        {t('services.finalDueText', { at: tableDateTime(h.record.finalDueAt, session.office) })}
      </p>
    );
  }
  return (
    <div className="hearing-box" data-testid="hearing-record-box">
      <p className="small">{t('services.hearingOn', { at: tableDateTime(h.hearingAt, session.office) })}</p>
      <TextField
        label={t('services.hearingDate')}
        type="date"
        value={start.date}
        onChange={(v) => setStart((s) => ({ ...s, date: v }))}
        required
        testid="record-date"
      />
      <TextField
        label={t('services.startTime')}
        type="time"
        value={start.time}
        onChange={(v) => setStart((s) => ({ ...s, time: v }))}
        required
        testid="record-start"
      />
      <TextField
        label={t('services.endTime')}
        type="time"
        value={start.end}
        onChange={(v) => setStart((s) => ({ ...s, end: v }))}
        testid="record-end"
      />
      <TextField
        label={t('services.participants')}
        value={participants}
        onChange={setParticipants}
        testid="record-participants"
        hint={t('services.participantsHint')}
      />
      <label className="check small">
        <input
          type="checkbox"
          checked={present}
          onChange={(e) => setPresent(e.target.checked)}
          data-testid="record-present"
        />
        <span>{t('services.applicantPresent')}</span>
      </label>
      {present && (
        <div className="field">
          <label htmlFor="record-position">{t('services.applicantPosition')}</label>
          <textarea
            id="record-position"
            rows={3}
            value={position}
            onChange={(e) => setPosition(e.target.value)}
            data-testid="record-position"
          />
        </div>
      )}
      <SelectField
        label={t('services.outcome')}
        value={outcome}
        onChange={(v) => setOutcome(v as 'grant' | 'refuse' | '')}
        testid="record-outcome"
        required
        options={[
          { value: '', label: t('services.chooseOutcome') },
          { value: 'grant', label: t('services.outcome_grant') },
          { value: 'refuse', label: t('services.outcome_refuse') },
        ]}
      />
      <button
        type="button"
        className="btn btn--block"
        disabled={busy || !outcome || !start.date || !start.time}
        data-testid="record-save"
        onClick={() =>
          void run('hearing', () =>
            desk.recordHearing(app.id, {
              startedAt: fromLocal(start.date, start.time, officeOffset),
              ...(start.end ? { endedAt: fromLocal(start.date, start.end, officeOffset) } : {}),
              participants,
              applicantPresent: present,
              applicantPosition: position,
              outcome: outcome as 'grant' | 'refuse',
            }),
          )
        }
      >
        {t('services.saveRecord')}
      </button>
    </div>
  );
}

/** A signed result nobody came for: handed back after the entry's months. */
export function HandBackAction({ app, entry, reload }: { app: Application; entry: ServiceEntry; reload: () => void }) {
  const { t } = useTranslation();
  const { session, hasRole } = useSession();
  const { run, busy, problem, done } = useRunner(reload);
  if (
    !entry.uncollectedKeptMonths ||
    app.status !== 'signed' ||
    app.handedBackAt ||
    isWithdrawn(app) ||
    !hasRole('clerk')
  )
    return null;
  const ready = app.steps.filter((s) => s.step === 'signature').at(-1)?.at ?? app.updatedAt;
  const from = handBackFrom(ready, entry.uncollectedKeptMonths, session.office.utcOffsetMinutes);
  return (
    <div className="hand-back" data-testid="hand-back">
      {done && <Notice kind="ok">{t(`services.done.${done}`)}</Notice>}
      <ErrorBox problem={problem} testid="hand-back-error" />
      <p className="small muted" data-testid="hand-back-from" data-date={from}>
        {t('services.handBackFrom', { date: tableDate(from), n: entry.uncollectedKeptMonths })}
      </p>
      <button
        type="button"
        className="btn btn--block"
        disabled={busy || todayLocal(session.office) < from}
        data-testid="action-hand-back"
        onClick={() => void run('handBack', () => desk.handBack(app.id))}
      >
        {t('services.handBack')}
      </button>
    </div>
  );
}
