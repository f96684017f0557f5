/**
 * First launch on a computer: language, the office profile, staff accounts,
 * kindergartens (optional). Or one button that fills a demo office, for
 * training and for trying the program before the real set-up. Or enrolment
 * with the district server, which brings the office and its staff. Or a
 * backup restored onto a replacement laptop. When the office database is
 * empty or damaged but this computer keeps an automatic backup of it, that
 * restore is offered first (the browser deleted the database, say).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError, Lang, Role } from '../../../shared';
import { LANGS, setLang } from '../../i18n';
import { desk, type AutoBackupInfo, type SetupInput } from '../deskClient';
import { byField, errorText, toProblem, type Problem } from '../errors';
import { ErrorBox, Notice } from '../components/Notice';
import { KindergartenEditor, emptyKindergarten, kindergartenProblems, type KindergartenDraft } from '../components/KindergartenEditor';
import { OfficeForm, emptyOffice, officeProblems, type OfficeDraft } from '../components/OfficeForm';
import { StaffForm, emptyStaff, staffProblems, type StaffDraft } from '../components/StaffForm';
import { bi } from '../format';
import { EnrolForm } from '../components/EnrolForm';
import { RestoreDone, RestoreForm, type RestoreResult } from '../components/RestoreForm';
import { AutoRestoreForm } from '../components/AutoRestoreForm';

type Step = 'start' | 'office' | 'staff' | 'kindergartens';
const STEPS: Step[] = ['start', 'office', 'staff', 'kindergartens'];
const ALL_ROLES: Role[] = ['clerk', 'head', 'executor'];

export function FirstRun({ lang, damaged = false, onDone }: { lang: Lang; damaged?: boolean; onDone: (login?: string) => void }) {
  const { t } = useTranslation();
  const [autoBackups, setAutoBackups] = useState<AutoBackupInfo[]>([]);
  useEffect(() => {
    let live = true;
    desk.autoBackups().then((list) => { if (live) setAutoBackups(list); }, () => undefined);
    return () => { live = false; };
  }, []);
  const [step, setStep] = useState<Step>('start');
  const [office, setOffice] = useState<OfficeDraft>(emptyOffice);
  const [officeErrors, setOfficeErrors] = useState<FieldError[]>([]);
  const [staff, setStaff] = useState<StaffDraft[]>([]);
  const [staffDraft, setStaffDraft] = useState<StaffDraft>(emptyStaff);
  const [staffErrors, setStaffErrors] = useState<FieldError[]>([]);
  const [kgs, setKgs] = useState<KindergartenDraft[]>([]);
  const [kgDraft, setKgDraft] = useState<KindergartenDraft | null>(null);
  const [kgErrors, setKgErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<Array<{ login: string; password: string; roles: Role[] }> | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);

  const missingRoles = ALL_ROLES.filter((r) => !staff.some((s) => s.roles.includes(r)));

  async function runDemo() {
    setBusy(true);
    setProblem(null);
    try {
      setDemo(await desk.setupDemo(lang));
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(false);
    }
  }

  function officeNext() {
    const errs = officeProblems(office);
    setOfficeErrors(errs);
    if (!errs.length) setStep('staff');
  }

  function addStaff() {
    const errs = staffProblems(staffDraft, staff.map((s) => s.login));
    setStaffErrors(errs);
    if (errs.length) return;
    setStaff([...staff, { ...staffDraft, login: staffDraft.login.trim() }]);
    setStaffDraft(emptyStaff());
  }

  function staffNext() {
    if (!staff.length) return setStaffErrors([{ field: 'staff', code: 'setup.noStaff' }]);
    if (missingRoles.length) return setStaffErrors([{ field: 'staff', code: 'setup.rolesMissing', params: { roles: missingRoles.map((r) => t(`role.${r}`)).join(', ') } }]);
    setStaffErrors([]);
    setStep('kindergartens');
  }

  function saveKg() {
    if (!kgDraft) return;
    const errs = kindergartenProblems(kgDraft);
    setKgErrors(errs);
    if (errs.length) return;
    setKgs((list) => (kgDraft.id && list.some((k) => k.id === kgDraft.id) ? list.map((k) => (k.id === kgDraft.id ? kgDraft : k)) : [...list, { ...kgDraft, id: kgDraft.id ?? crypto.randomUUID() }]));
    setKgDraft(null);
  }

  async function finish() {
    setBusy(true);
    setProblem(null);
    const input: SetupInput = {
      lang,
      office: {
        type: office.type,
        name: office.name, district: office.district, address: office.address,
        headName: office.headName.trim(), code: office.code.trim(),
        ...(office.phone.trim() ? { phone: office.phone.trim() } : {}),
        hours: office.hours,
      },
      staff: staff.map(({ fullName, login, password, roles, position }) => ({ fullName: fullName.trim(), login, password, roles, ...(position?.trim() ? { position: position.trim() } : {}) })),
      kindergartens: kgs.map(({ id: _id, ...k }) => k),
    };
    try {
      await desk.setup(input);
      onDone(staff.find((s) => s.roles.includes('clerk'))?.login ?? staff[0]?.login);
    } catch (e) {
      const p = toProblem(e);
      setProblem(p);
      if (p.fields.some((f) => f.field.startsWith('office'))) {
        setOfficeErrors(p.fields.filter((f) => f.field.startsWith('office')).map((f) => ({ ...f, field: f.field.replace(/^office\./, '') })));
        setStep('office');
      }
    } finally {
      setBusy(false);
    }
  }

  if (restored) return <RestoreDone result={restored} onContinue={() => onDone()} />;

  if (demo) {
    return (
      <section className="first-run card" data-testid="demo-done">
        <h1>{t('setup.demoReadyTitle')}</h1>
        <p>{t('setup.demoReadyText')}</p>
        <table className="table table--compact" data-testid="demo-logins">
          <thead><tr><th>{t('signIn.login')}</th><th>{t('signIn.password')}</th><th>{t('staff.roles')}</th></tr></thead>
          <tbody>
            {demo.map((d) => (
              <tr key={d.login} data-testid="demo-login-row">
                <td><code data-testid="demo-login">{d.login}</code></td>
                <td><code data-testid="demo-password">{d.password}</code></td>
                <td>{d.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions">
          <button type="button" className="btn btn--primary" autoFocus onClick={() => onDone(demo[0]?.login)} data-testid="demo-continue">{t('setup.toSignIn')}</button>
        </div>
      </section>
    );
  }

  const stepIndex = STEPS.indexOf(step);
  const e = byField(officeErrors);
  const se = byField(staffErrors);

  return (
    <section className="first-run" data-testid="first-run">
      <h1>{t('setup.title')}</h1>
      <ol className="stepper" aria-label={t('setup.progress')}>
        {STEPS.map((s, i) => (
          <li key={s} className={i === stepIndex ? 'current' : i < stepIndex ? 'done' : ''} aria-current={i === stepIndex ? 'step' : undefined}>
            <span className="num">{i + 1}</span> {t(`setup.step.${s}`)}
          </li>
        ))}
      </ol>
      <ErrorBox problem={problem} />

      {step === 'start' && (
        <div className="card">
          {damaged && !autoBackups.length && <ErrorBox problem={{ code: 'storage.unreadable', params: {}, fields: [] }} testid="first-run-damaged" />}
          {autoBackups.length > 0 && <AutoRestoreForm backups={autoBackups} damaged={damaged} onRestored={setRestored} />}
          <h2>{t('setup.chooseLanguage')}</h2>
          <div className="lang-choice" role="group" aria-label={t('header.language')}>
            {LANGS.map((l) => (
              <button key={l} type="button" className={`btn btn--big${l === lang ? ' btn--selected' : ''}`} aria-pressed={l === lang}
                onClick={() => void setLang(l)} data-testid={`setup-lang-${l}`}>
                {t(`lang.${l}`)}
              </button>
            ))}
          </div>
          {/* A database that does not open takes no new office: only a restore replaces it. */}
          {!damaged && <div className="start-options start-options--3">
            <div className="option">
              <h3>{t('setup.ownOfficeTitle')}</h3>
              <p>{t('setup.ownOfficeText')}</p>
              <button type="button" className="btn btn--primary" onClick={() => setStep('office')} data-testid="setup-start">{t('setup.ownOfficeButton')}</button>
            </div>
            <div className="option option--enrol" data-testid="enrol-option">
              <h3>{t('enrol.title')}</h3>
              <p>{t('enrol.text')}</p>
              <EnrolForm onEnrolled={() => onDone()} />
            </div>
            <div className="option option--demo">
              <h3>{t('setup.demoTitle')}</h3>
              <p>{t('setup.demoText')}</p>
              <button type="button" className="btn btn--accent btn--big" onClick={() => void runDemo()} disabled={busy} data-testid="demo-setup">
                {busy ? t('common.working') : t('setup.demoButton')}
              </button>
            </div>
          </div>}
          {/* Rare (a replacement laptop), so it sits below the everyday choices. */}
          <div className="option option--restore" data-testid="restore-option">
            <div className="restore-intro">
              <h3>{t('restore.title')}</h3>
              <p>{t('restore.text')}</p>
            </div>
            <RestoreForm onRestored={setRestored} />
          </div>
        </div>
      )}

      {step === 'office' && (
        <div className="card">
          <h2>{t('setup.step.office')}</h2>
          <OfficeForm value={office} onChange={setOffice} errors={officeErrors} />
          {Object.keys(e).length > 0 && <Notice kind="error">{t('common.fixErrors')}</Notice>}
          <div className="actions">
            <button type="button" className="btn" onClick={() => setStep('start')}>{t('common.back')}</button>
            <button type="button" className="btn btn--primary" onClick={officeNext} data-testid="setup-office-next">{t('common.next')}</button>
          </div>
        </div>
      )}

      {step === 'staff' && (
        <div className="card">
          <h2>{t('setup.step.staff')}</h2>
          <p className="muted">{t('setup.staffText')}</p>
          {staff.length > 0 && (
            <table className="table table--compact" data-testid="setup-staff-list">
              <thead><tr><th>{t('staff.fullName')}</th><th>{t('signIn.login')}</th><th>{t('staff.roles')}</th><th /></tr></thead>
              <tbody>
                {staff.map((s, i) => (
                  <tr key={s.login}>
                    <td>{s.fullName}</td><td><code>{s.login}</code></td><td>{s.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                    <td><button type="button" className="btn btn--small btn--ghost" onClick={() => setStaff(staff.filter((_, j) => j !== i))}>{t('common.remove')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <StaffForm value={staffDraft} onChange={setStaffDraft} errors={staffErrors} />
          <div className="actions actions--left">
            <button type="button" className="btn" onClick={addStaff} data-testid="setup-staff-add">{t('staff.add')}</button>
          </div>
          {se['staff'] && <Notice kind="error" testid="setup-staff-error">{errorText(t, se['staff'].code, se['staff'].params)}</Notice>}
          <div className="actions">
            <button type="button" className="btn" onClick={() => setStep('office')}>{t('common.back')}</button>
            <button type="button" className="btn btn--primary" onClick={staffNext} data-testid="setup-staff-next">{t('common.next')}</button>
          </div>
        </div>
      )}

      {step === 'kindergartens' && (
        <div className="card">
          <h2>{t('setup.step.kindergartens')}</h2>
          <p className="muted">{t('setup.kindergartensText')}</p>
          {kgs.length > 0 && (
            <table className="table table--compact" data-testid="setup-kg-list">
              <thead><tr><th>{t('kg.number')}</th><th>{t('kg.name')}</th><th>{t('kg.ageGroups')}</th><th /></tr></thead>
              <tbody>
                {kgs.map((k) => (
                  <tr key={k.id}>
                    <td>{k.number}</td><td>{bi(k.name, lang)}</td><td>{k.ageGroups.length}</td>
                    <td className="row-actions">
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => { setKgErrors([]); setKgDraft(k); }}>{t('common.edit')}</button>
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => setKgs(kgs.filter((x) => x.id !== k.id))}>{t('common.remove')}</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {kgDraft ? (
            <div className="subcard">
              <KindergartenEditor value={kgDraft} onChange={setKgDraft} errors={kgErrors} />
              <div className="actions actions--left">
                <button type="button" className="btn" onClick={() => setKgDraft(null)}>{t('common.cancel')}</button>
                <button type="button" className="btn btn--primary" onClick={saveKg} data-testid="setup-kg-save">{t('common.save')}</button>
              </div>
            </div>
          ) : (
            <button type="button" className="btn" onClick={() => { setKgErrors([]); setKgDraft(emptyKindergarten()); }} data-testid="setup-kg-add">{t('kg.add')}</button>
          )}
          <div className="actions">
            <button type="button" className="btn" onClick={() => setStep('staff')}>{t('common.back')}</button>
            <button type="button" className="btn btn--primary" onClick={() => void finish()} disabled={busy || !!kgDraft} data-testid="setup-finish">
              {busy ? t('common.working') : t('setup.finish')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
