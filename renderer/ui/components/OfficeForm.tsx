import { useTranslation } from 'react-i18next';
import { OfficeTypeSchema, type BiText, type FieldError, type Office, type OfficeType } from '../../../shared';
import { byField } from '../errors';
import { SelectField, TextField } from './Field';

export type OfficeDraft = {
  type: OfficeType;
  name: BiText;
  district: BiText;
  address: BiText;
  headName: string;
  code: string;
  phone: string;
  hours: Office['hours'];
};

export const emptyOffice = (): OfficeDraft => ({
  type: 'ruralDistrict',
  name: { kk: '', ru: '' },
  district: { kk: '', ru: '' },
  address: { kk: '', ru: '' },
  headName: '',
  code: '',
  phone: '',
  hours: { start: '09:00', end: '18:00', lunchStart: '13:00', lunchEnd: '14:00' },
});

export const officeDraftOf = (o: Office): OfficeDraft => ({
  type: o.type,
  name: o.name,
  district: o.district,
  address: o.address,
  headName: o.headName,
  code: o.code,
  phone: o.phone ?? '',
  hours: o.hours,
});

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function officeProblems(o: OfficeDraft): FieldError[] {
  const out: FieldError[] = [];
  const req = (field: string, v: string) => {
    if (!v.trim()) out.push({ field, code: 'required' });
  };
  req('name.kk', o.name.kk);
  req('name.ru', o.name.ru);
  req('district.kk', o.district.kk);
  req('district.ru', o.district.ru);
  req('address.kk', o.address.kk);
  req('address.ru', o.address.ru);
  req('headName', o.headName);
  if (!o.code.trim()) out.push({ field: 'code', code: 'required' });
  else if (!/^[\p{L}\p{N}-]{1,12}$/u.test(o.code.trim())) out.push({ field: 'code', code: 'office.code' });
  for (const k of ['start', 'end', 'lunchStart', 'lunchEnd'] as const) {
    const v = o.hours[k];
    if (v !== undefined && v !== '' && !TIME.test(v)) out.push({ field: `hours.${k}`, code: 'office.time' });
  }
  if (TIME.test(o.hours.start) && TIME.test(o.hours.end) && o.hours.start >= o.hours.end)
    out.push({ field: 'hours.end', code: 'office.hoursOrder' });
  return out;
}

/** locked: fields the office may not change (an enrolled office's type, district and code are the district's). */
export function OfficeForm({
  value,
  onChange,
  errors = [],
  locked,
}: {
  value: OfficeDraft;
  onChange: (o: OfficeDraft) => void;
  errors?: FieldError[];
  locked?: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const off = (f: string) => locked?.has(f) ?? false;
  const e = byField(errors);
  const set = (patch: Partial<OfficeDraft>) => onChange({ ...value, ...patch });
  const bi = (key: 'name' | 'district' | 'address', lang: 'kk' | 'ru') => (v: string) =>
    set({ [key]: { ...value[key], [lang]: v } });
  const hour = (k: keyof Office['hours']) => (v: string) => set({ hours: { ...value.hours, [k]: v } });
  return (
    <div className="office-form" data-testid="office-form">
      <div className="grid grid--3">
        <SelectField
          label={t('office.type')}
          value={value.type}
          onChange={(v) => set({ type: v as OfficeType })}
          required
          disabled={off('type')}
          testid="office-type"
          options={OfficeTypeSchema.options.map((o) => ({ value: o, label: t(`officeType.${o}`) }))}
        />
        <TextField
          label={t('office.code')}
          value={value.code}
          onChange={(v) => set({ code: v })}
          error={e['code']}
          required
          disabled={off('code')}
          testid="office-code"
          maxLength={12}
          hint={t('office.codeHint')}
        />
        <TextField
          label={t('office.phone')}
          value={value.phone}
          onChange={(v) => set({ phone: v })}
          type="tel"
          testid="office-phone"
        />
      </div>
      <div className="grid grid--2">
        <TextField
          label={t('office.nameKk')}
          value={value.name.kk}
          onChange={bi('name', 'kk')}
          error={e['name.kk']}
          required
          testid="office-name-kk"
          hint={t('office.nameHint')}
        />
        <TextField
          label={t('office.nameRu')}
          value={value.name.ru}
          onChange={bi('name', 'ru')}
          error={e['name.ru']}
          required
          testid="office-name-ru"
        />
        <TextField
          label={t('office.districtKk')}
          value={value.district.kk}
          onChange={bi('district', 'kk')}
          error={e['district.kk']}
          required
          disabled={off('district')}
          testid="office-district-kk"
        />
        <TextField
          label={t('office.districtRu')}
          value={value.district.ru}
          onChange={bi('district', 'ru')}
          error={e['district.ru']}
          required
          disabled={off('district')}
          testid="office-district-ru"
        />
        <TextField
          label={t('office.addressKk')}
          value={value.address.kk}
          onChange={bi('address', 'kk')}
          error={e['address.kk']}
          required
          testid="office-address-kk"
        />
        <TextField
          label={t('office.addressRu')}
          value={value.address.ru}
          onChange={bi('address', 'ru')}
          error={e['address.ru']}
          required
          testid="office-address-ru"
        />
      </div>
      <div className="grid grid--3">
        <TextField
          label={t('office.headName')}
          value={value.headName}
          onChange={(v) => set({ headName: v })}
          error={e['headName']}
          required
          testid="office-head"
          className="span-2"
        />
      </div>
      <fieldset className="fieldset">
        <legend>{t('office.hours')}</legend>
        <div className="grid grid--4">
          <TextField
            label={t('office.hoursStart')}
            type="time"
            value={value.hours.start}
            onChange={hour('start')}
            error={e['hours.start']}
            testid="office-hours-start"
          />
          <TextField
            label={t('office.hoursEnd')}
            type="time"
            value={value.hours.end}
            onChange={hour('end')}
            error={e['hours.end']}
            testid="office-hours-end"
          />
          <TextField
            label={t('office.lunchStart')}
            type="time"
            value={value.hours.lunchStart ?? ''}
            onChange={hour('lunchStart')}
            error={e['hours.lunchStart']}
            testid="office-lunch-start"
          />
          <TextField
            label={t('office.lunchEnd')}
            type="time"
            value={value.hours.lunchEnd ?? ''}
            onChange={hour('lunchEnd')}
            error={e['hours.lunchEnd']}
            testid="office-lunch-end"
          />
        </div>
      </fieldset>
    </div>
  );
}
