import { useTranslation } from 'react-i18next';
import { ROLES, passwordProblem, type FieldError, type Role } from '../../../shared';
import { byField } from '../errors';
import { TextField } from './Field';

export type StaffDraft = { fullName: string; login: string; password: string; roles: Role[]; position?: string };

export const emptyStaff = (): StaffDraft => ({ fullName: '', login: '', password: '', roles: [], position: '' });

export function staffProblems(s: StaffDraft, takenLogins: string[]): FieldError[] {
  const out: FieldError[] = [];
  if (!s.fullName.trim()) out.push({ field: 'fullName', code: 'required' });
  const login = s.login.trim();
  if (!login) out.push({ field: 'login', code: 'required' });
  else if (!/^[A-Za-z0-9._-]{2,32}$/.test(login)) out.push({ field: 'login', code: 'staff.loginFormat' });
  else if (takenLogins.some((l) => l.toLowerCase() === login.toLowerCase()))
    out.push({ field: 'login', code: 'staff.loginTaken' });
  const pw = passwordProblem(s.password);
  if (pw) out.push({ field: 'password', code: pw });
  if (!s.roles.length) out.push({ field: 'roles', code: 'staff.rolesRequired' });
  return out;
}

export function StaffForm({
  value,
  onChange,
  errors = [],
}: {
  value: StaffDraft;
  onChange: (s: StaffDraft) => void;
  errors?: FieldError[];
}) {
  const { t } = useTranslation();
  const e = byField(errors);
  const set = (patch: Partial<StaffDraft>) => onChange({ ...value, ...patch });
  const toggle = (r: Role, on: boolean) =>
    set({
      roles: on ? [...value.roles, r].filter((x, i, a) => a.indexOf(x) === i) : value.roles.filter((x) => x !== r),
    });
  return (
    <div className="staff-form" data-testid="staff-form">
      <div className="grid grid--4">
        <TextField
          label={t('staff.fullName')}
          value={value.fullName}
          onChange={(v) => set({ fullName: v })}
          error={e['fullName']}
          required
          testid="staff-fullname"
          className="span-2"
        />
        <TextField
          label={t('staff.position')}
          value={value.position ?? ''}
          onChange={(v) => set({ position: v })}
          testid="staff-position"
          className="span-2"
        />
        <TextField
          label={t('signIn.login')}
          value={value.login}
          onChange={(v) => set({ login: v })}
          error={e['login']}
          required
          testid="staff-login"
        />
        <TextField
          label={t('signIn.password')}
          type="password"
          value={value.password}
          onChange={(v) => set({ password: v })}
          error={e['password']}
          required
          testid="staff-password"
          autoComplete="new-password"
          hint={t('staff.passwordHint')}
        />
        <fieldset className={`fieldset fieldset--roles span-2${e['roles'] ? ' field--error' : ''}`}>
          <legend>
            {t('staff.roles')} <span className="req">*</span>
          </legend>
          {ROLES.map((r) => (
            <label key={r} className="check check--inline">
              <input
                type="checkbox"
                checked={value.roles.includes(r)}
                onChange={(ev) => toggle(r, ev.target.checked)}
                data-testid={`staff-role-${r}`}
              />
              {t(`role.${r}`)}
            </label>
          ))}
          {e['roles'] && (
            <div className="field-error" role="alert">
              {t(`errors:${e['roles'].code}`)}
            </div>
          )}
        </fieldset>
      </div>
    </div>
  );
}
