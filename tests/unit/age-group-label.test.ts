/** #16 item 10: "Кіші топ (3 жас) (3–3 жас)" on the kindergarten table. */
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import kk from '../../locales/kk/ui.json';
import ru from '../../locales/ru/ui.json';
import { ageGroupLabel } from '../../renderer/ui/format';

describe('ageGroupLabel', () => {
  it('adds the ages only when the name does not say them, and a single age as an age', async () => {
    const i = i18next.createInstance();
    await i.init({ lng: 'kk', resources: { kk: { ui: kk }, ru: { ui: ru } }, defaultNS: 'ui' });
    const t = i.getFixedT('kk', 'ui') as unknown as (k: string, o?: Record<string, unknown>) => string;
    expect(ageGroupLabel(t, 'Кіші топ (3 жас)', 3, 3)).toBe('Кіші топ (3 жас)');
    expect(ageGroupLabel(t, 'Кіші топ', 3, 3)).toBe('Кіші топ (3 жас)');
    expect(ageGroupLabel(t, 'Ересектер тобы', 4, 5)).toBe('Ересектер тобы (4–5 жас)');
    expect(ageGroupLabel(t, '2-топ', 2, 3)).toBe('2-топ (2–3 жас)');
    const tr = i.getFixedT('ru', 'ui') as unknown as (k: string, o?: Record<string, unknown>) => string;
    expect(ageGroupLabel(tr, 'Младшая группа', 3, 3)).toBe('Младшая группа (3 года)');
    expect(ageGroupLabel(tr, 'Младшая группа (3 года)', 3, 3)).toBe('Младшая группа (3 года)');
    expect(ageGroupLabel(tr, 'Старшая', 5, 6)).toBe('Старшая (5–6 лет)');
  });
});
