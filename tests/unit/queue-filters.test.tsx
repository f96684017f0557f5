/**
 * The district queue's filter bar, one component for the desk's district tab
 * (renderer/ui/district/QueueTab.tsx) and the console's queue screen
 * (renderer/console/screens/Queue.tsx): the same fields in the same order with
 * the same words, each host's test ids by its prefix, and one query made of the
 * values (the e2e specs console-queue and sync drive both hosts through it).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import i18n, { i18nReady } from '../../renderer/i18n';
import { QueueFilters, queueQuery, type QueueFilterValue } from '../../renderer/ui/district/QueueFilters';

const OFFICES = [
  { value: 'o1', label: 'Қарасу ауылдық округі' },
  { value: 'o2', label: 'Үшқоңыр ауылдық округі' },
];
const KINDERGARTENS = [{ value: 'kg1', label: '№1 «Балапан» бөбекжайы' }];
const VALUE: QueueFilterValue = { office: 'o2', kindergarten: 'kg1', age: '0', search: 'Сұлтанова' };

const render = (testid: string, value = VALUE) =>
  renderToStaticMarkup(
    <QueueFilters
      value={value}
      onChange={() => undefined}
      offices={OFFICES}
      kindergartens={KINDERGARTENS}
      testid={testid}
    />,
  );

/** The bar as a host sees it, its own test-id prefix taken out. */
const shape = (html: string, testid: string) => html.replaceAll(`data-testid="${testid}-`, 'data-testid="');

beforeAll(async () => {
  await i18nReady;
  await i18n.changeLanguage('kk');
});
afterAll(async () => i18n.changeLanguage('kk'));

describe('the district queue’s filter bar', () => {
  it('offers office, kindergarten, age and search, with each host’s test ids', () => {
    const html = render('district-queue');
    for (const id of ['office', 'kindergarten', 'age', 'search', 'search-go'])
      expect([id, html.includes(`data-testid="district-queue-${id}"`)]).toEqual([id, true]);
    expect(html).toContain('<option value="">Барлық кеңселер</option>');
    expect(html).toContain('<option value="o2" selected="">Үшқоңыр ауылдық округі</option>');
    expect(html).toContain('<option value="kg1" selected="">№1 «Балапан» бөбекжайы</option>');
    // Every age a preschool queue holds, 0 to 7, and 0 is a choice, not "all".
    const ages = [...html.matchAll(/<option value="(\d)"[^>]*>\d жастағы балалар<\/option>/g)].map((m) => m[1]);
    expect(ages).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(html).toContain('<option value="0" selected="">');
    // The search box shows what was searched; the words are the locale's.
    expect(html).toContain('value="Сұлтанова"');
    expect(html).toContain('aria-label="Іздеу"');
  });

  it('is the same bar in the desk and in the console, but for the test ids', () => {
    expect(shape(render('queue'), 'queue')).toBe(shape(render('district-queue'), 'district-queue'));
  });

  it('speaks Russian when the interface does', async () => {
    await i18n.changeLanguage('ru');
    const html = render('queue');
    expect(html).toContain('<option value="">Все офисы</option>');
    expect(html).toContain('<option value="3">Возраст: 3 года</option>');
  });

  it('makes the server’s query of the values: empty ones left out, the age a number, 0 kept', () => {
    expect(queueQuery(VALUE)).toEqual({ officeId: 'o2', kindergartenId: 'kg1', age: 0, q: 'Сұлтанова' });
    expect(queueQuery({ office: '', kindergarten: '', age: '', search: '' })).toEqual({});
  });
});
