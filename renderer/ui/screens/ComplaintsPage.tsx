/**
 * The complaints register (seed 000 §20-25): the clerk registers a complaint
 * and hands over the ticket; the head forwards it to the quality-control
 * authority unless fully satisfied; the head or executor records the answer.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  complaintCurrentDue,
  forwardDeadlinePassed,
  fromLocal,
  localParts,
  type Complaint,
  type Satisfaction,
} from '../../../shared';
import { desk } from '../deskClient';
import { TextField } from '../components/Field';
import { Dialog } from '../components/Dialog';
import { ErrorBox, Empty, Loading } from '../components/Notice';
import { RecordPrint, complaintTicketPdf } from '../print/recordPrint';
import { tableDate, tableDateTime, todayLocal } from '../format';
import { useAction, useLoad } from '../hooks';
import { errorText } from '../errors';
import { useSession } from '../session';

const EMPTY = {
  fullName: '',
  address: '',
  phone: '',
  against: '',
  subject: '',
  application: '',
  receivedDate: '',
  receivedTime: '',
};

export function ComplaintsPage() {
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const roles = session.staff.roles;
  const list = useLoad(() => desk.complaints(300), []);
  const [form, setForm] = useState(EMPTY);
  const [open, setOpen] = useState<Complaint | null>(null);
  const reg = useAction();
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const err = (field: string) => reg.error?.fields.find((f) => f.field === field);

  async function register() {
    const c = await reg.run(() =>
      desk.registerComplaint({
        complainant: { fullName: form.fullName, address: form.address, phone: form.phone || undefined },
        against: form.against,
        subject: form.subject,
        lang,
        application: form.application || undefined,
        // A complaint that came by post is registered with the moment it arrived.
        receivedAt: form.receivedDate
          ? fromLocal(form.receivedDate, form.receivedTime || '09:00', session.office.utcOffsetMinutes)
          : undefined,
      }),
    );
    if (c) {
      setForm(EMPTY);
      setOpen(c);
      list.reload();
    }
  }

  return (
    <div className="screen" data-testid="complaints-page">
      <div className="screen-head">
        <h1>{t('complaints.title')}</h1>
        <span className="muted">{t('complaints.count', { count: list.data?.length ?? 0 })}</span>
      </div>
      <p className="muted small">{t('complaints.note')}</p>
      {roles.includes('clerk') && (
        <section className="panel" data-testid="complaint-form">
          <h2>{t('complaints.new')}</h2>
          <div className="form-grid">
            <TextField
              label={t('complaints.fullName')}
              value={form.fullName}
              onChange={set('fullName')}
              required
              error={err('complainant.fullName')}
              testid="complaint-fullName"
            />
            <TextField
              label={t('complaints.address')}
              value={form.address}
              onChange={set('address')}
              required
              error={err('complainant.address')}
              testid="complaint-address"
            />
            <TextField
              label={t('complaints.phone')}
              value={form.phone}
              onChange={set('phone')}
              type="tel"
              testid="complaint-phone"
            />
            <TextField
              label={t('complaints.against')}
              value={form.against}
              onChange={set('against')}
              required
              error={err('against')}
              testid="complaint-against"
            />
            <TextField
              label={t('complaints.subject')}
              value={form.subject}
              onChange={set('subject')}
              required
              error={err('subject')}
              testid="complaint-subject"
            />
            <TextField
              label={t('complaints.application')}
              value={form.application}
              onChange={set('application')}
              error={err('application')}
              hint={t('complaints.applicationHint')}
              testid="complaint-application"
            />
            <TextField
              label={t('complaints.receivedDate')}
              type="date"
              value={form.receivedDate}
              onChange={set('receivedDate')}
              error={err('receivedAt')}
              hint={t('complaints.receivedHint')}
              testid="complaint-received-date"
            />
            <TextField
              label={t('complaints.receivedTime')}
              type="time"
              value={form.receivedTime}
              onChange={set('receivedTime')}
              testid="complaint-received-time"
            />
          </div>
          {reg.error && !reg.error.fields.length && <ErrorBox problem={reg.error} />}
          <button
            type="button"
            className="btn btn--primary"
            disabled={reg.busy}
            onClick={() => void register()}
            data-testid="complaint-register"
          >
            {t('complaints.register')}
          </button>
        </section>
      )}
      <ErrorBox problem={list.error} />
      {!list.data ? (
        <Loading />
      ) : !list.data.length ? (
        <Empty>{t('complaints.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="complaints-table">
            <thead>
              <tr>
                <th>{t('complaints.no')}</th>
                <th>{t('complaints.received')}</th>
                <th>{t('complaints.fullName')}</th>
                <th>{t('complaints.against')}</th>
                <th>{t('complaints.statusLabel')}</th>
                <th>{t('complaints.justified')}</th>
                <th>{t('complaints.due')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => {
                const due = complaintCurrentDue(c);
                const late = !!due && due < new Date().toISOString();
                return (
                  <tr key={c.id} data-testid="complaint-row" className={late ? 'row--overdue' : undefined}>
                    <td className="mono">{c.incomingNo}</td>
                    <td className="nowrap">{tableDateTime(c.receivedAt, session.office)}</td>
                    <td>{c.complainant.fullName}</td>
                    <td>{c.against}</td>
                    <td data-testid="complaint-status">{t(`complaints.status.${c.status}`)}</td>
                    <td data-testid="complaint-justified-cell" data-justified={c.answer?.justified ?? ''}>
                      {c.answer?.justified !== undefined ? justifiedText(t, c.answer.justified) : ''}
                    </td>
                    <td className="nowrap">
                      {due ? tableDate(due, session.office) : ''}
                      {late && <span className="badge badge--err"> {t('complaints.overdue')}</span>}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => setOpen(c)}
                        data-testid="complaint-open"
                      >
                        {t('complaints.open')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={!!open}
        title={open ? `${t('complaints.one')} ${open.incomingNo}` : ''}
        onClose={() => {
          setOpen(null);
          list.reload();
        }}
        wide
        testid="complaint-dialog"
      >
        {open && (
          <ComplaintCard
            c={open}
            onChange={(c) => {
              setOpen(c);
              list.reload();
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

function ComplaintCard({ c, onChange }: { c: Complaint; onChange: (c: Complaint) => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const roles = session.staff.roles;
  const act = useAction();
  const [to, setTo] = useState('');
  // Justified or not has no default: the answer must say (the desk refuses it unsaid).
  const [answer, setAnswer] = useState<{
    text: string;
    date: string;
    satisfied: Satisfaction;
    justified: boolean | null;
  }>({
    text: '',
    date: todayLocal(session.office),
    satisfied: 'fully',
    justified: null,
  });
  const justifiedError = act.error?.fields.find((f) => f.field === 'answer.justified');
  const when = (x: string) => tableDateTime(x, session.office);
  const forwardLate = forwardDeadlinePassed(c, new Date().toISOString());
  return (
    <div className="complaint-card" data-testid="complaint-card">
      <dl className="facts">
        <dt>{t('complaints.received')}</dt>
        <dd>
          {when(c.receivedAt)}, {c.receivedByName}
        </dd>
        <dt>{t('complaints.fullName')}</dt>
        <dd>
          {c.complainant.fullName}; {c.complainant.address}
          {c.complainant.phone ? `; ${c.complainant.phone}` : ''}
        </dd>
        <dt>{t('complaints.against')}</dt>
        <dd>{c.against}</dd>
        <dt>{t('complaints.subject')}</dt>
        <dd>{c.subject}</dd>
        {c.applicationNo && (
          <>
            <dt>{t('complaints.application')}</dt>
            <dd>
              <a href={`#/app/${encodeURIComponent(c.applicationId ?? '')}`}>{c.applicationNo}</a>
            </dd>
          </>
        )}
        <dt>{t('complaints.due')}</dt>
        <dd data-testid="complaint-due">
          {tableDate(localParts(c.dueAt, session.office.utcOffsetMinutes).date)} (
          {t('complaints.workingDays', { count: c.providerWorkingDays })})
        </dd>
        <dt>{t('complaints.forwardBy')}</dt>
        <dd>
          {when(c.forwardBy)}
          {forwardLate && <span className="badge badge--err"> {t('complaints.overdue')}</span>}
        </dd>
        {c.forwarded && (
          <>
            <dt>{t('complaints.forwarded')}</dt>
            <dd data-testid="complaint-forwarded">
              {when(c.forwarded.at)}, {c.forwarded.byName}
              {c.forwarded.to ? ` → ${c.forwarded.to}` : ''}; {t('complaints.authorityDue')}:{' '}
              {tableDate(localParts(c.forwarded.authorityDueAt, session.office.utcOffsetMinutes).date)}
            </dd>
          </>
        )}
        {c.answer && (
          <>
            <dt>{t('complaints.answer')}</dt>
            <dd data-testid="complaint-answer">
              {tableDate(c.answer.date)}: {c.answer.text} ({t(`complaints.satisfied.${c.answer.satisfied}`)}
              {c.answer.justified !== undefined && <>; {justifiedText(t, c.answer.justified)}</>}), {c.answer.byName}
            </dd>
          </>
        )}
      </dl>
      <RecordPrint
        form="complaint-ticket"
        title={t('complaints.ticket')}
        fileBase={c.incomingNo}
        defaultLang={c.lang}
        make={(l) => complaintTicketPdf(c, l)}
        log={(l, a) => desk.logComplaintPrint(c.id, l, a)}
      />
      <ErrorBox problem={act.error} />
      {c.status === 'open' && roles.includes('head') && (
        <section className="panel" data-testid="complaint-forward">
          <h3>{t('complaints.forward')}</h3>
          <TextField label={t('complaints.forwardTo')} value={to} onChange={setTo} testid="complaint-forward-to" />
          <button
            type="button"
            className="btn"
            disabled={act.busy}
            onClick={() => void act.run(() => desk.forwardComplaint(c.id, to)).then((x) => x && onChange(x))}
            data-testid="complaint-forward-btn"
          >
            {t('complaints.forward')}
          </button>
        </section>
      )}
      {c.status !== 'answered' && (roles.includes('head') || roles.includes('executor')) && (
        <section className="panel" data-testid="complaint-answer-form">
          <h3>{t('complaints.answer')}</h3>
          <label className="field">
            <span>{t('complaints.answerText')}</span>
            <textarea
              value={answer.text}
              onChange={(e) => setAnswer({ ...answer, text: e.target.value })}
              rows={3}
              data-testid="complaint-answer-text"
            />
          </label>
          <TextField
            label={t('complaints.answerDate')}
            type="date"
            value={answer.date}
            onChange={(v) => setAnswer({ ...answer, date: v })}
            testid="complaint-answer-date"
          />
          <div role="radiogroup" className="row-actions">
            {(['fully', 'partly', 'not'] as const).map((s) => (
              <label key={s}>
                <input
                  type="radio"
                  name="satisfied"
                  checked={answer.satisfied === s}
                  onChange={() => setAnswer({ ...answer, satisfied: s })}
                  data-testid={`complaint-satisfied-${s}`}
                />{' '}
                {t(`complaints.satisfied.${s}`)}
              </label>
            ))}
          </div>
          <div
            role="radiogroup"
            aria-label={t('complaints.justified')}
            aria-required="true"
            className="row-actions"
            data-testid="complaint-justified"
          >
            <span className="muted">
              {t('complaints.justified')}
              <span className="req" aria-hidden="true">
                {' '}
                *
              </span>
            </span>
            {([true, false] as const).map((j) => (
              <label key={String(j)}>
                <input
                  type="radio"
                  name="justified"
                  checked={answer.justified === j}
                  onChange={() => setAnswer({ ...answer, justified: j })}
                  data-testid={`complaint-justified-${j ? 'yes' : 'no'}`}
                />{' '}
                {justifiedText(t, j)}
              </label>
            ))}
          </div>
          {justifiedError && (
            <div className="field-error" role="alert" data-testid="error-answer.justified">
              {errorText(t, justifiedError.code, justifiedError.params)}
            </div>
          )}
          <button
            type="button"
            className="btn btn--primary"
            disabled={act.busy}
            onClick={() => void act.run(() => desk.answerComplaint(c.id, answer)).then((x) => x && onChange(x))}
            data-testid="complaint-answer-btn"
          >
            {t('complaints.saveAnswer')}
          </button>
        </section>
      )}
    </div>
  );
}

/** The answer's finding: justified or not (shown in the list, on the card and in the answer form). */
function justifiedText(t: TFunction, justified: boolean): string {
  return t(justified ? 'complaints.justifiedYes' : 'complaints.justifiedNo');
}
