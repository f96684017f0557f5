import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECORD_KINDS, type FieldError } from '../../../shared';
import { desk } from '../deskClient';
import { ErrorBox, Loading, Notice } from '../components/Notice';
import { OfficeForm, officeDraftOf, officeProblems, type OfficeDraft } from '../components/OfficeForm';
import { StaffForm, emptyStaff, staffProblems, type StaffDraft } from '../components/StaffForm';
import { ScreenLockSettings } from '../components/ScreenLockSettings';
import { BackupSettings } from '../components/BackupSettings';
import { CatalogSettings } from '../components/CatalogSettings';
import { JoinDistrict } from '../components/JoinDistrict';
import { canBackup, canEditCatalog } from '../roles';
import { bi, tableDate } from '../format';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import { useEnrolment } from '../sync/useSync';

export function SettingsPage() {
  const { t } = useTranslation();
  const { session, lang, hasRole, refresh } = useSession();
  const office = session.office;
  const staff = useLoad(() => desk.staff(), []);
  const [edit, setEdit] = useState<OfficeDraft | null>(null);
  const [officeErrors, setOfficeErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const [newStaff, setNewStaff] = useState<StaffDraft | null>(null);
  const [staffErrors, setStaffErrors] = useState<FieldError[]>([]);
  const officeAction = useAction();
  const staffAction = useAction();
  const isHead = hasRole('head');
  const enrolment = useEnrolment();

  async function saveOffice() {
    if (!edit) return;
    const errs = officeProblems(edit);
    setOfficeErrors(errs);
    if (errs.length) return;
    const { phone, ...rest } = edit;
    const ok = await officeAction.run(() =>
      desk.updateOffice({
        ...rest,
        code: rest.code.trim(),
        headName: rest.headName.trim(),
        phone: phone.trim() || undefined,
      }),
    );
    if (ok) {
      await refresh();
      setEdit(null);
      setSaved(true);
    }
  }

  async function saveStaff() {
    if (!newStaff) return;
    const errs = staffProblems(
      newStaff,
      (staff.data ?? []).map((s) => s.login),
    );
    setStaffErrors(errs);
    if (errs.length) return;
    const ok = await staffAction.run(() =>
      desk.addStaff({
        ...newStaff,
        fullName: newStaff.fullName.trim(),
        login: newStaff.login.trim(),
        position: newStaff.position?.trim() || undefined,
      }),
    );
    if (ok) {
      setNewStaff(null);
      staff.reload();
    }
  }

  return (
    <div className="screen" data-testid="settings-page">
      <div className="screen-head">
        <h1>{t('settings.title')}</h1>
      </div>
      <section className="panel" data-testid="office-profile">
        <div className="panel-head">
          <h2>{t('settings.office')}</h2>
          {isHead && !edit && (
            <button
              type="button"
              className="btn btn--small"
              onClick={() => {
                setSaved(false);
                setOfficeErrors([]);
                setEdit(officeDraftOf(office));
              }}
              data-testid="office-edit"
            >
              {t('common.edit')}
            </button>
          )}
        </div>
        {saved && <Notice kind="ok">{t('common.saved')}</Notice>}
        {edit ? (
          <>
            <OfficeForm
              value={edit}
              onChange={setEdit}
              errors={[...officeErrors, ...(officeAction.error?.fields ?? [])]}
              locked={enrolment ? RECORD_KINDS.office.districtOnly : undefined}
            />
            <ErrorBox problem={officeAction.error} />
            <div className="actions actions--left">
              <button type="button" className="btn" onClick={() => setEdit(null)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                onClick={() => void saveOffice()}
                disabled={officeAction.busy}
                data-testid="office-save"
              >
                {t('common.save')}
              </button>
            </div>
          </>
        ) : (
          <dl className="facts">
            <dt>{t('office.type')}</dt>
            <dd>{t(`officeType.${office.type}`)}</dd>
            <dt>{t('office.name')}</dt>
            <dd>
              {office.name.kk} / {office.name.ru}
            </dd>
            <dt>{t('office.district')}</dt>
            <dd>
              {office.district.kk} / {office.district.ru}
            </dd>
            <dt>{t('office.address')}</dt>
            <dd>{bi(office.address, lang)}</dd>
            <dt>{t('office.headName')}</dt>
            <dd>{office.headName}</dd>
            <dt>{t('office.code')}</dt>
            <dd>
              <code>{office.code}</code>
            </dd>
            {office.phone && (
              <>
                <dt>{t('office.phone')}</dt>
                <dd>{office.phone}</dd>
              </>
            )}
            <dt>{t('office.hours')}</dt>
            <dd>
              {office.hours.start}–{office.hours.end}
              {office.hours.lunchStart && office.hours.lunchEnd
                ? `, ${t('office.lunch')} ${office.hours.lunchStart}–${office.hours.lunchEnd}`
                : ''}
            </dd>
            <dt>{t('office.createdAt')}</dt>
            <dd>{tableDate(office.createdAt, office)}</dd>
          </dl>
        )}
      </section>

      <section className="panel" data-testid="staff-section">
        <div className="panel-head">
          <h2>{t('settings.staff')}</h2>
          {isHead && !newStaff && (
            <button
              type="button"
              className="btn btn--small"
              onClick={() => {
                setStaffErrors([]);
                staffAction.setError(null);
                setNewStaff(emptyStaff());
              }}
              data-testid="staff-new"
            >
              {t('staff.add')}
            </button>
          )}
        </div>
        {!isHead && <p className="muted small">{t('settings.headOnly')}</p>}
        <ErrorBox problem={staff.error} />
        {!staff.data ? (
          <Loading />
        ) : (
          <table className="table table--compact" data-testid="staff-table">
            <thead>
              <tr>
                <th>{t('staff.fullName')}</th>
                <th>{t('staff.position')}</th>
                <th>{t('signIn.login')}</th>
                <th>{t('staff.roles')}</th>
                <th>{t('staff.state')}</th>
              </tr>
            </thead>
            <tbody>
              {staff.data.map((s) => (
                <tr key={s.id} data-testid="staff-row">
                  <td>{s.fullName}</td>
                  <td>{s.position ?? ''}</td>
                  <td>
                    <code>{s.login}</code>
                  </td>
                  <td>{s.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td>{s.active === false ? t('staff.inactive') : t('staff.active')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {newStaff && (
          <div className="subcard">
            <StaffForm
              value={newStaff}
              onChange={setNewStaff}
              errors={[...staffErrors, ...(staffAction.error?.fields ?? [])]}
            />
            <ErrorBox problem={staffAction.error} />
            <div className="actions actions--left">
              <button type="button" className="btn" onClick={() => setNewStaff(null)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                onClick={() => void saveStaff()}
                disabled={staffAction.busy}
                data-testid="staff-save"
              >
                {t('common.save')}
              </button>
            </div>
          </div>
        )}
      </section>

      <ScreenLockSettings />
      {canBackup(session.staff.roles) && <BackupSettings />}
      {canEditCatalog(session.staff.roles) && <CatalogSettings />}
      {isHead && enrolment === null && <JoinDistrict />}
    </div>
  );
}
