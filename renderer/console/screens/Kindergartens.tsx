/**
 * The district's kindergartens: number, names, address, age groups with their
 * places. Owned by the district and sent to the offices by sync.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { KindergartenInputSchema, newId, type Kindergarten, type Lang } from '../../../shared';
import { Dialog } from '../../ui/components/Dialog';
import { consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Input, Loading, Note, bi, useAction, useData } from '../ui';

type Group = { id: string; nameKk: string; nameRu: string; minAge: string; maxAge: string; places: string };

export function KindergartensScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('kindergartens');
  const kgs = useData(() => consoleApi.kindergartens(), []);
  const [editing, setEditing] = useState<{ kg: Kindergarten | null } | null>(null);
  return (
    <section data-testid="console-kindergartens">
      <div className="toolbar">
        <h2>{t('console.nav.kindergartens')}</h2>
        {may && (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => setEditing({ kg: null })}
            data-testid="kg-new"
          >
            {t('console.kg.new')}
          </button>
        )}
      </div>
      <ErrorNote error={kgs.error} />
      {kgs.loading && !kgs.data ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="kg-table">
            <thead>
              <tr>
                <th>№</th>
                <th>{t('console.field.name')}</th>
                <th>{t('console.kg.groups')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(kgs.data ?? []).map((k) => (
                <tr key={k.id} className={k.active ? undefined : 'row--inactive'} data-testid="kg-row">
                  <td className="mono">{k.number}</td>
                  <td>
                    {bi(k.name, lang)}
                    <div className="small muted">{bi(k.address, lang)}</div>
                  </td>
                  <td className="small">
                    {k.ageGroups
                      .map((g) =>
                        t('console.kg.groupLine', {
                          name: bi(g.name, lang),
                          min: g.minAge,
                          max: g.maxAge,
                          places: g.freePlaces,
                        }),
                      )
                      .join('; ')}
                  </td>
                  <td className="row-actions">
                    {may && (
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => setEditing({ kg: k })}
                        data-testid="kg-edit"
                      >
                        {t('common.edit')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {kgs.data?.length === 0 && <div className="empty">{t('common.empty')}</div>}
        </div>
      )}
      {editing && (
        <KgDialog
          kg={editing.kg}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            kgs.reload();
          }}
        />
      )}
    </section>
  );
}

function KgDialog({ kg, onClose, onSaved }: { kg: Kindergarten | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState(kg?.number ?? '');
  const [nameKk, setNameKk] = useState(kg?.name.kk ?? '');
  const [nameRu, setNameRu] = useState(kg?.name.ru ?? '');
  const [addressKk, setAddressKk] = useState(kg?.address.kk ?? '');
  const [addressRu, setAddressRu] = useState(kg?.address.ru ?? '');
  const [active, setActive] = useState(kg?.active ?? true);
  const [groups, setGroups] = useState<Group[]>(
    (kg?.ageGroups ?? []).map((g) => ({
      id: g.id,
      nameKk: g.name.kk,
      nameRu: g.name.ru,
      minAge: String(g.minAge),
      maxAge: String(g.maxAge),
      places: String(g.freePlaces),
    })),
  );
  const [invalid, setInvalid] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  const setGroup = (i: number, k: keyof Group) => (v: string) =>
    setGroups((gs) => gs.map((g, j) => (j === i ? { ...g, [k]: v } : g)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = KindergartenInputSchema.safeParse({
      number,
      name: { kk: nameKk, ru: nameRu },
      address: { kk: addressKk, ru: addressRu },
      active,
      ageGroups: groups.map((g) => ({
        id: g.id,
        name: { kk: g.nameKk, ru: g.nameRu },
        minAge: Number(g.minAge),
        maxAge: Number(g.maxAge),
        places: Number(g.places),
      })),
    });
    setInvalid(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.')));
    if (!parsed.success) return;
    const ok = await run(() =>
      kg ? consoleApi.updateKindergarten(kg.id, parsed.data) : consoleApi.createKindergarten(parsed.data),
    );
    if (ok !== undefined) onSaved();
  }

  return (
    <Dialog open wide title={kg ? t('console.kg.editTitle') : t('console.kg.new')} onClose={onClose} testid="kg-dialog">
      <form onSubmit={(e) => void submit(e)} data-testid="kg-form" noValidate>
        <div className="grid grid--2">
          <Input label="№" value={number} onChange={setNumber} testid="kg-number" required maxLength={20} />
          <label className="check">
            <input
              type="checkbox"
              checked={active}
              onChange={(e) => setActive(e.target.checked)}
              data-testid="kg-active"
            />{' '}
            {t('console.kg.active')}
          </label>
          <Input label={t('console.field.nameKk')} value={nameKk} onChange={setNameKk} testid="kg-name-kk" required />
          <Input label={t('console.field.nameRu')} value={nameRu} onChange={setNameRu} testid="kg-name-ru" required />
          <Input
            label={t('console.field.addressKk')}
            value={addressKk}
            onChange={setAddressKk}
            testid="kg-address-kk"
            required
          />
          <Input
            label={t('console.field.addressRu')}
            value={addressRu}
            onChange={setAddressRu}
            testid="kg-address-ru"
            required
          />
        </div>
        <h3>{t('console.kg.groups')}</h3>
        <table className="table table--edit" data-testid="kg-groups">
          <thead>
            <tr>
              <th>{t('console.field.nameKk')}</th>
              <th>{t('console.field.nameRu')}</th>
              <th>{t('console.kg.minAge')}</th>
              <th>{t('console.kg.maxAge')}</th>
              <th>{t('console.kg.places')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <tr key={g.id} data-testid="kg-group-row">
                {(['nameKk', 'nameRu', 'minAge', 'maxAge', 'places'] as const).map((k) => (
                  <td key={k}>
                    <input
                      aria-label={t(`console.kg.${k === 'nameKk' || k === 'nameRu' ? 'groupName' : k}`)}
                      value={g[k]}
                      inputMode={k.startsWith('name') ? 'text' : 'numeric'}
                      onChange={(e) => setGroup(i, k)(e.target.value)}
                      data-testid={`kg-group-${k}`}
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="btn btn--small"
                    onClick={() => setGroups((gs) => gs.filter((_, j) => j !== i))}
                  >
                    {t('common.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="btn btn--small"
          onClick={() =>
            setGroups((gs) => [...gs, { id: newId(), nameKk: '', nameRu: '', minAge: '1', maxAge: '6', places: '0' }])
          }
          data-testid="kg-group-add"
        >
          {t('console.kg.addGroup')}
        </button>
        {invalid.length > 0 && (
          <Note kind="error" testid="kg-invalid">
            {t('console.invalidFields', { fields: [...new Set(invalid)].join(', ') })}
          </Note>
        )}
        <ErrorNote error={error} testid="kg-error" />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="kg-save">
            {busy ? t('common.working') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
