import { useTranslation } from 'react-i18next';
import { newId, type FieldError, type Kindergarten } from '../../../shared';
import i18n from '../../i18n';
import { byField } from '../errors';
import { TextField } from './Field';

export type KindergartenDraft = Omit<Kindergarten, 'id' | 'updatedAt'> & { id?: string };

/** A new kindergarten with the two usual groups, named in both languages from the locale files. */
export function emptyKindergarten(): KindergartenDraft {
  const kk = i18n.getFixedT('kk', 'ui');
  const ru = i18n.getFixedT('ru', 'ui');
  return {
    number: '',
    name: { kk: '', ru: '' },
    address: { kk: '', ru: '' },
    active: true,
    ageGroups: [
      {
        id: newId(),
        name: { kk: kk('kg.defaultYounger'), ru: ru('kg.defaultYounger') },
        minAge: 1,
        maxAge: 3,
        freePlaces: 0,
      },
      {
        id: newId(),
        name: { kk: kk('kg.defaultOlder'), ru: ru('kg.defaultOlder') },
        minAge: 4,
        maxAge: 5,
        freePlaces: 0,
      },
    ],
  };
}

/** Checks what the schema would refuse, so the person sees it next to the field. */
export function kindergartenProblems(k: KindergartenDraft): FieldError[] {
  const out: FieldError[] = [];
  const req = (field: string, v: string) => {
    if (!v.trim()) out.push({ field, code: 'required' });
  };
  req('number', k.number);
  req('name.kk', k.name.kk);
  req('name.ru', k.name.ru);
  req('address.kk', k.address.kk);
  req('address.ru', k.address.ru);
  k.ageGroups.forEach((g, i) => {
    req(`ageGroups.${i}.name.kk`, g.name.kk);
    req(`ageGroups.${i}.name.ru`, g.name.ru);
    if (!(g.minAge >= 0 && g.maxAge <= 7 && g.minAge <= g.maxAge))
      out.push({ field: `ageGroups.${i}.age`, code: 'kindergarten.ageRange' });
    if (!(Number.isInteger(g.freePlaces) && g.freePlaces >= 0))
      out.push({ field: `ageGroups.${i}.freePlaces`, code: 'kindergarten.freePlaces' });
  });
  return out;
}

const int = (v: string) => (v.trim() === '' ? NaN : Number(v));

export function KindergartenEditor({
  value,
  onChange,
  errors = [],
}: {
  value: KindergartenDraft;
  onChange: (k: KindergartenDraft) => void;
  errors?: FieldError[];
}) {
  const { t } = useTranslation();
  const e = byField(errors);
  const set = (patch: Partial<KindergartenDraft>) => onChange({ ...value, ...patch });
  const setGroup = (i: number, patch: Partial<KindergartenDraft['ageGroups'][number]>) =>
    set({ ageGroups: value.ageGroups.map((g, j) => (j === i ? { ...g, ...patch } : g)) });

  return (
    <div className="kg-editor" data-testid="kg-editor">
      <div className="grid grid--4">
        <TextField
          label={t('kg.number')}
          value={value.number}
          onChange={(v) => set({ number: v })}
          error={e['number']}
          required
          testid="kg-number"
        />
        <label className="check check--inline">
          <input
            type="checkbox"
            checked={value.active !== false}
            onChange={(ev) => set({ active: ev.target.checked })}
            data-testid="kg-active"
          />
          {t('kg.active')}
        </label>
      </div>
      <div className="grid grid--2">
        <TextField
          label={t('kg.nameKk')}
          value={value.name.kk}
          onChange={(v) => set({ name: { ...value.name, kk: v } })}
          error={e['name.kk']}
          required
          testid="kg-name-kk"
        />
        <TextField
          label={t('kg.nameRu')}
          value={value.name.ru}
          onChange={(v) => set({ name: { ...value.name, ru: v } })}
          error={e['name.ru']}
          required
          testid="kg-name-ru"
        />
        <TextField
          label={t('kg.addressKk')}
          value={value.address.kk}
          onChange={(v) => set({ address: { ...value.address, kk: v } })}
          error={e['address.kk']}
          required
          testid="kg-address-kk"
        />
        <TextField
          label={t('kg.addressRu')}
          value={value.address.ru}
          onChange={(v) => set({ address: { ...value.address, ru: v } })}
          error={e['address.ru']}
          required
          testid="kg-address-ru"
        />
      </div>
      <h4>{t('kg.ageGroups')}</h4>
      <table className="table table--edit">
        <thead>
          <tr>
            <th>{t('kg.groupNameKk')}</th>
            <th>{t('kg.groupNameRu')}</th>
            <th>{t('kg.minAge')}</th>
            <th>{t('kg.maxAge')}</th>
            <th>{t('kg.freePlaces')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {value.ageGroups.map((g, i) => {
            const ageErr = e[`ageGroups.${i}.age`];
            const placesErr = e[`ageGroups.${i}.freePlaces`];
            const nameErr = e[`ageGroups.${i}.name.kk`] ?? e[`ageGroups.${i}.name.ru`];
            return (
              <tr key={g.id} data-testid="kg-group-row">
                <td>
                  <input
                    aria-label={t('kg.groupNameKk')}
                    value={g.name.kk}
                    onChange={(ev) => setGroup(i, { name: { ...g.name, kk: ev.target.value } })}
                    aria-invalid={!!nameErr || undefined}
                    data-testid="kg-group-name-kk"
                  />
                </td>
                <td>
                  <input
                    aria-label={t('kg.groupNameRu')}
                    value={g.name.ru}
                    onChange={(ev) => setGroup(i, { name: { ...g.name, ru: ev.target.value } })}
                    aria-invalid={!!nameErr || undefined}
                    data-testid="kg-group-name-ru"
                  />
                </td>
                <td>
                  <input
                    className="num"
                    type="number"
                    min={0}
                    max={7}
                    aria-label={t('kg.minAge')}
                    value={Number.isNaN(g.minAge) ? '' : g.minAge}
                    onChange={(ev) => setGroup(i, { minAge: int(ev.target.value) })}
                    aria-invalid={!!ageErr || undefined}
                    data-testid="kg-group-min"
                  />
                </td>
                <td>
                  <input
                    className="num"
                    type="number"
                    min={0}
                    max={7}
                    aria-label={t('kg.maxAge')}
                    value={Number.isNaN(g.maxAge) ? '' : g.maxAge}
                    onChange={(ev) => setGroup(i, { maxAge: int(ev.target.value) })}
                    aria-invalid={!!ageErr || undefined}
                    data-testid="kg-group-max"
                  />
                </td>
                <td>
                  <input
                    className="num"
                    type="number"
                    min={0}
                    aria-label={t('kg.freePlaces')}
                    value={Number.isNaN(g.freePlaces) ? '' : g.freePlaces}
                    onChange={(ev) => setGroup(i, { freePlaces: int(ev.target.value) })}
                    aria-invalid={!!placesErr || undefined}
                    data-testid="kg-group-places"
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => set({ ageGroups: value.ageGroups.filter((_, j) => j !== i) })}
                    data-testid="kg-group-remove"
                  >
                    {t('common.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {value.ageGroups.map((_, i) => {
        const list = [
          e[`ageGroups.${i}.age`],
          e[`ageGroups.${i}.freePlaces`],
          e[`ageGroups.${i}.name.kk`] ?? e[`ageGroups.${i}.name.ru`],
        ].filter(Boolean);
        return list.length ? (
          <div key={i} className="field-error" role="alert">
            {t('kg.groupN', { n: i + 1 })}: {list.map((x) => t(`errors:${x.code}`)).join('; ')}
          </div>
        ) : null;
      })}
      <button
        type="button"
        className="btn btn--small"
        data-testid="kg-group-add"
        onClick={() =>
          set({
            ageGroups: [
              ...value.ageGroups,
              { id: newId(), name: { kk: '', ru: '' }, minAge: 0, maxAge: 0, freePlaces: 0 },
            ],
          })
        }
      >
        {t('kg.addGroup')}
      </button>
    </div>
  );
}
