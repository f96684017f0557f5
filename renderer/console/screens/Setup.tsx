/**
 * First-run setup of a district, offered only to a browser on the server
 * machine itself (the server says so and refuses it from elsewhere): the
 * district's names, region, KATO, its education department and the first
 * administrator, whose password is chosen here and never shown again.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DistrictSetupSchema } from '../../../shared';
import { consoleApi } from '../api';
import { ErrorNote, Input, Note, useAction } from '../ui';

const EMPTY = {
  nameKk: '',
  nameRu: '',
  regionKk: '',
  regionRu: '',
  kato: '',
  officeKk: '',
  officeRu: '',
  addressKk: '',
  addressRu: '',
  headName: '',
  code: '',
  adminName: '',
  login: '',
  password: '',
  password2: '',
};
type Form = typeof EMPTY;

export function SetupScreen({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<Form>(EMPTY);
  const [invalid, setInvalid] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  const set = (k: keyof Form) => (v: string) => setF((x) => ({ ...x, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      name: { kk: f.nameKk, ru: f.nameRu },
      region: { kk: f.regionKk, ru: f.regionRu },
      kato: f.kato.trim(),
      office: {
        name: { kk: f.officeKk, ru: f.officeRu },
        address: { kk: f.addressKk, ru: f.addressRu },
        headName: f.headName,
        code: f.code,
      },
      admin: { fullName: f.adminName, login: f.login.trim(), password: f.password },
    };
    const parsed = DistrictSetupSchema.safeParse(input);
    const bad = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    if (f.password !== f.password2) bad.push('admin.password2');
    setInvalid(bad);
    if (bad.length || !parsed.success) return;
    const ok = await run(() => consoleApi.setup(parsed.data));
    if (ok !== undefined) onDone();
  }

  const field = (k: keyof Form, label: string, extra: Partial<Parameters<typeof Input>[0]> = {}) => (
    <Input label={label} value={f[k]} onChange={set(k)} testid={`setup-${k}`} required {...extra} />
  );

  return (
    <form className="card console-setup" onSubmit={(e) => void submit(e)} data-testid="console-setup" noValidate>
      <h1>{t('console.setup.title')}</h1>
      <p className="muted">{t('console.setup.text')}</p>
      <fieldset className="fieldset">
        <legend>{t('console.setup.district')}</legend>
        <div className="grid grid--2">
          {field('nameKk', t('console.field.nameKk'))}
          {field('nameRu', t('console.field.nameRu'))}
          {field('regionKk', t('console.setup.regionKk'))}
          {field('regionRu', t('console.setup.regionRu'))}
          {field('kato', t('console.field.kato'), {
            inputMode: 'numeric',
            maxLength: 9,
            hint: t('console.field.katoHint'),
          })}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('console.setup.office')}</legend>
        <div className="grid grid--2">
          {field('officeKk', t('console.field.nameKk'))}
          {field('officeRu', t('console.field.nameRu'))}
          {field('addressKk', t('console.field.addressKk'))}
          {field('addressRu', t('console.field.addressRu'))}
          {field('headName', t('console.field.head'))}
          {field('code', t('console.field.code'), { maxLength: 12, hint: t('console.field.codeHint') })}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('console.setup.admin')}</legend>
        <div className="grid grid--2">
          {field('adminName', t('console.field.fullName'))}
          {field('login', t('console.field.login'), { hint: t('console.field.loginHint'), autoComplete: 'username' })}
          {field('password', t('console.field.password'), {
            type: 'password',
            hint: t('console.field.passwordHint'),
            autoComplete: 'new-password',
          })}
          {field('password2', t('console.field.passwordAgain'), { type: 'password', autoComplete: 'new-password' })}
        </div>
      </fieldset>
      {invalid.length > 0 && (
        <Note kind="error" testid="setup-invalid">
          {t('console.setup.invalid')}
          <ul>
            {[...new Set(invalid)].map((p) => (
              <li key={p} data-field={p}>
                {t(`console.setup.fields.${p.replace(/\./g, '_')}`, { defaultValue: p })}
              </li>
            ))}
          </ul>
        </Note>
      )}
      <ErrorNote error={error} testid="setup-error" />
      <button type="submit" className="btn btn--primary" disabled={busy} data-testid="setup-submit">
        {busy ? t('common.working') : t('console.setup.submit')}
      </button>
    </form>
  );
}
