/**
 * The kindergartens a queue application asks for, in the order of preference:
 * one picked from the office's active ones is added at the end, moved up or
 * down, or removed. Once the child's birth date is known (from the IIN) each
 * shows its age group and the free places there.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ageGroupFor, type FieldError, type Kindergarten, type Lang } from '../../../../shared';
import { Field } from '../../components/Field';
import { bi } from '../../format';
import type { Edit } from './form';

type Props = {
  kindergartens: Kindergarten[];
  chosenIds: string[];
  /** The child's birth date, once its IIN tells it. */
  childBirth: string | undefined;
  today: string;
  uiLang: Lang;
  error: FieldError | undefined;
  edit: Edit;
};

export function KindergartenPicker({ kindergartens, chosenIds, childBirth, today, uiLang, error, edit }: Props) {
  const { t } = useTranslation();
  // The one in the list, not yet added.
  const [pick, setPick] = useState('');
  const chosen = chosenIds.map((id) => kindergartens.find((k) => k.id === id)).filter((k): k is Kindergarten => !!k);
  const available = kindergartens.filter((k) => !chosenIds.includes(k.id));

  const add = () => {
    edit(['kindergartenIds'], (f) => ({ ...f, kindergartenIds: [...f.kindergartenIds, pick] }));
    setPick('');
  };
  const remove = (id: string) =>
    edit(['kindergartenIds'], (f) => ({ ...f, kindergartenIds: f.kindergartenIds.filter((x) => x !== id) }));
  const move = (i: number, d: -1 | 1) =>
    edit(['kindergartenIds'], (f) => {
      const ids = [...f.kindergartenIds];
      const j = i + d;
      if (j < 0 || j >= ids.length) return f;
      [ids[i], ids[j]] = [ids[j], ids[i]];
      return { ...f, kindergartenIds: ids };
    });
  const placesHint = (k: Kindergarten) => {
    if (!childBirth) return '';
    const g = ageGroupFor(k, childBirth, today);
    return g ? t('intake.placesInGroup', { group: bi(g.name, uiLang), count: g.freePlaces }) : t('intake.noAgeGroup');
  };

  return (
    <Field label={t('intake.kindergartens')} error={error} required hint={t('intake.kindergartensHint')}>
      {(id, describedBy) => (
        <div className="kg-picker">
          <div className="kg-add">
            <select
              id={id}
              value={pick}
              onChange={(e) => setPick(e.target.value)}
              aria-describedby={describedBy}
              data-testid="kg-select"
              onKeyDown={(e) => {
                if (e.key === 'Enter' && pick) {
                  e.preventDefault();
                  add();
                }
              }}
            >
              <option value="">
                {available.length ? t('intake.chooseKindergarten') : t('intake.noMoreKindergartens')}
              </option>
              {available.map((k) => (
                <option key={k.id} value={k.id}>
                  №{k.number} {bi(k.name, uiLang)}
                </option>
              ))}
            </select>
            <button type="button" className="btn" disabled={!pick} data-testid="kg-add" onClick={add}>
              {t('common.add')}
            </button>
          </div>
          {chosen.length > 0 && (
            <ol className="kg-chosen" data-testid="kg-chosen">
              {chosen.map((k, i) => (
                <li key={k.id} data-testid="kg-chosen-item" data-id={k.id}>
                  <span className="kg-title">
                    №{k.number} {bi(k.name, uiLang)}
                  </span>
                  <span className="muted small">{placesHint(k)}</span>
                  <span className="row-actions">
                    <button
                      type="button"
                      className="icon-btn"
                      onClick={() => move(i, -1)}
                      disabled={i === 0}
                      aria-label={t('common.moveUp')}
                      title={t('common.moveUp')}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-btn"
                      onClick={() => move(i, 1)}
                      disabled={i === chosen.length - 1}
                      aria-label={t('common.moveDown')}
                      title={t('common.moveDown')}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="icon-btn"
                      onClick={() => remove(k.id)}
                      aria-label={t('common.remove')}
                      title={t('common.remove')}
                      data-testid="kg-remove"
                    >
                      ×
                    </button>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </Field>
  );
}
