/**
 * Staff accounts per office: roles, disable and enable, a password reset that
 * gives a one-time password (shown once; the person must change it), and when
 * each last signed in. A disabled account is refused on the office laptops at
 * their next sync (the server's part).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISTRICT_ROLES,
  ROLES,
  StaffInputSchema,
  type Lang,
  type Office,
  type Role,
  type StaffAdmin,
} from '../../../shared';
import { Dialog } from '../../ui/components/Dialog';
import { consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Input, Loading, Note, OneTimePassword, Select, bi, useAction, useData, when } from '../ui';

export function StaffScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('accounts');
  const offices = useData(() => consoleApi.offices(), []);
  const [officeId, setOfficeId] = useState('');
  const staff = useData(() => consoleApi.staff(officeId || undefined), [officeId]);
  const [editing, setEditing] = useState<{ staff: StaffAdmin | null } | null>(null);
  const [otp, setOtp] = useState<{ login: string; password: string } | null>(null);
  const act = useAction();
  const officeName = (id: string) => {
    const o = offices.data?.find((x) => x.id === id);
    return o ? `${bi(o.name, lang)} (${o.code})` : id;
  };

  async function toggle(s: StaffAdmin) {
    const ok = await act.run(() => consoleApi.setStaffActive(s.id, !s.active));
    if (ok !== undefined) staff.reload();
  }
  async function reset(s: StaffAdmin) {
    setOtp(null);
    const r = await act.run(() => consoleApi.resetPassword(s.id));
    if (r) {
      setOtp({ login: s.login, password: r.oneTimePassword });
      staff.reload();
    }
  }

  return (
    <section data-testid="console-staff">
      <div className="toolbar">
        <h2>{t('console.nav.staff')}</h2>
        <Select
          label={t('console.field.office')}
          value={officeId}
          onChange={setOfficeId}
          testid="staff-office-filter"
          options={[
            { value: '', label: t('console.allOffices') },
            ...(offices.data ?? []).map((o) => ({ value: o.id, label: `${bi(o.name, lang)} (${o.code})` })),
          ]}
        />
        {may && (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => {
              setOtp(null);
              setEditing({ staff: null });
            }}
            data-testid="staff-new"
          >
            {t('console.staff.new')}
          </button>
        )}
      </div>
      {otp && <OneTimePassword login={otp.login} password={otp.password} />}
      <ErrorNote error={staff.error ?? act.error} />
      {staff.loading && !staff.data ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="staff-table">
            <thead>
              <tr>
                <th>{t('console.field.fullName')}</th>
                <th>{t('console.field.login')}</th>
                <th>{t('console.field.office')}</th>
                <th>{t('console.field.roles')}</th>
                <th>{t('console.staff.lastSignIn')}</th>
                <th>{t('console.staff.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(staff.data ?? []).map((s) => (
                <tr
                  key={s.id}
                  className={s.active ? undefined : 'row--inactive'}
                  data-testid="staff-row"
                  data-login={s.login}
                  data-active={String(s.active)}
                >
                  <td>
                    {s.fullName}
                    {s.position && <div className="small muted">{s.position}</div>}
                  </td>
                  <td className="mono">{s.login}</td>
                  <td>{officeName(s.officeId)}</td>
                  <td>{s.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td>{when(s.lastSignInAt)}</td>
                  <td>
                    {s.active ? t('console.staff.active') : t('console.staff.disabled')}
                    {s.mustChangePassword && <div className="small muted">{t('console.staff.mustChange')}</div>}
                  </td>
                  <td className="row-actions">
                    {may && (
                      <>
                        <button
                          type="button"
                          className="btn btn--small"
                          onClick={() => {
                            setOtp(null);
                            setEditing({ staff: s });
                          }}
                          data-testid="staff-edit"
                        >
                          {t('common.edit')}
                        </button>
                        <button
                          type="button"
                          className={`btn btn--small${s.active ? ' btn--danger' : ''}`}
                          disabled={act.busy}
                          onClick={() => void toggle(s)}
                          data-testid={s.active ? 'staff-disable' : 'staff-enable'}
                        >
                          {s.active ? t('console.staff.disable') : t('console.staff.enable')}
                        </button>
                        <button
                          type="button"
                          className="btn btn--small"
                          disabled={act.busy}
                          onClick={() => void reset(s)}
                          data-testid="staff-reset"
                        >
                          {t('console.staff.reset')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {staff.data?.length === 0 && <div className="empty">{t('common.empty')}</div>}
        </div>
      )}
      {editing && (
        <StaffDialog
          staff={editing.staff}
          offices={offices.data ?? []}
          officeId={officeId}
          onClose={() => setEditing(null)}
          onSaved={(password, login) => {
            setEditing(null);
            if (password) setOtp({ login, password });
            staff.reload();
          }}
        />
      )}
    </section>
  );
}

function StaffDialog(p: {
  staff: StaffAdmin | null;
  offices: Office[];
  officeId: string;
  onClose: () => void;
  onSaved: (oneTimePassword: string | null, login: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const s = p.staff;
  const [officeId, setOfficeId] = useState(s?.officeId ?? p.officeId ?? '');
  const [fullName, setFullName] = useState(s?.fullName ?? '');
  const [position, setPosition] = useState(s?.position ?? '');
  const [login, setLogin] = useState(s?.login ?? '');
  const [roles, setRoles] = useState<Role[]>(s?.roles ?? []);
  const [invalid, setInvalid] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  const office = p.offices.find((o) => o.id === officeId);
  // District staff hold district roles; office staff the office's three.
  const offered: readonly Role[] = office?.type === 'districtEducation' ? [...DISTRICT_ROLES, ...ROLES] : ROLES;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = StaffInputSchema.safeParse({
      officeId,
      fullName,
      ...(position.trim() ? { position } : {}),
      login: login.trim(),
      roles,
    });
    setInvalid(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.')));
    if (!parsed.success) return;
    if (s) {
      const ok = await run(() => consoleApi.updateStaff(s.id, parsed.data));
      if (ok !== undefined) p.onSaved(null, parsed.data.login);
    } else {
      const r = await run(() => consoleApi.createStaff(parsed.data));
      if (r) p.onSaved(r.oneTimePassword, parsed.data.login);
    }
  }

  return (
    <Dialog
      open
      wide
      title={s ? t('console.staff.editTitle') : t('console.staff.new')}
      onClose={p.onClose}
      testid="staff-dialog"
    >
      <form onSubmit={(e) => void submit(e)} data-testid="staff-form" noValidate>
        <div className="grid grid--2">
          <Select
            label={t('console.field.office')}
            value={officeId}
            onChange={setOfficeId}
            testid="staff-office"
            options={[
              { value: '', label: t('console.chooseOffice') },
              ...p.offices
                .filter((o) => !o.closedAt)
                .map((o) => ({ value: o.id, label: `${bi(o.name, lang)} (${o.code})` })),
            ]}
          />
          <Input
            label={t('console.field.fullName')}
            value={fullName}
            onChange={setFullName}
            testid="staff-name"
            required
          />
          <Input label={t('console.field.position')} value={position} onChange={setPosition} testid="staff-position" />
          <Input
            label={t('console.field.login')}
            value={login}
            onChange={setLogin}
            testid="staff-login"
            required
            hint={t('console.field.loginHint')}
          />
        </div>
        <fieldset className="fieldset fieldset--roles">
          <legend>{t('console.field.roles')}</legend>
          {offered.map((r) => (
            <label key={r} className="check check--inline">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => setRoles((x) => (e.target.checked ? [...x, r] : x.filter((y) => y !== r)))}
                data-testid={`staff-role-${r}`}
              />{' '}
              {t(`role.${r}`)}
            </label>
          ))}
        </fieldset>
        {invalid.length > 0 && (
          <Note kind="error" testid="staff-invalid">
            {t('console.invalidFields', { fields: [...new Set(invalid)].join(', ') })}
          </Note>
        )}
        <ErrorNote error={error} testid="staff-error" />
        <div className="actions">
          <button type="button" className="btn" onClick={p.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="staff-save">
            {busy ? t('common.working') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
