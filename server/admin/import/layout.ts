/**
 * The import workbook's layout, once, for the template (template.ts) and the
 * reader (read.ts): its sheets, their columns with Kazakh and Russian
 * headings, and the labels office types and roles may be written with. A
 * district's staff fill it in in either language, so every heading and label
 * is matched in both, and by its code.
 */
import type { BiText, OfficeType, Role } from '../../../shared';

export type SheetKey = 'offices' | 'settlements' | 'staff' | 'kindergartens';

export type Column = { key: string; title: BiText; required?: boolean; width?: number; note?: BiText };
export type SheetLayout = {
  key: SheetKey;
  title: BiText;
  /** Its name in the workbook (Excel allows 31 characters). */ sheet: string;
  columns: Column[];
};

/** Rows per sheet: a district has tens of offices and hundreds of staff; more is a wrong file. */
export const MAX_ROWS = 5_000;
/** The file as uploaded (also the route's body limit). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** The workbook's parts unpacked: 5,000 rows of every sheet take a few MB; more is a ZIP bomb. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** A cell longer than this is not a name or an address. */
export const MAX_CELL_CHARS = 500;

/** Two heading rows: Kazakh, then Russian. Data from the third row. */
export const HEADING_ROWS = 2;

export const LAYOUT: Record<SheetKey, SheetLayout> = {
  offices: {
    key: 'offices',
    sheet: 'Кеңселер - Офисы',
    title: { kk: 'Кеңселер', ru: 'Офисы' },
    columns: [
      { key: 'code', title: { kk: 'Коды', ru: 'Код' }, required: true, width: 12 },
      { key: 'type', title: { kk: 'Түрі', ru: 'Тип' }, required: true, width: 36 },
      { key: 'kato', title: { kk: 'ӘАОЖ (КАТО)', ru: 'КАТО' }, width: 13 },
      { key: 'nameKk', title: { kk: 'Атауы (қаз.)', ru: 'Название (каз.)' }, required: true, width: 36 },
      { key: 'nameRu', title: { kk: 'Атауы (орыс.)', ru: 'Название (рус.)' }, required: true, width: 36 },
      { key: 'addressKk', title: { kk: 'Мекенжайы (қаз.)', ru: 'Адрес (каз.)' }, required: true, width: 36 },
      { key: 'addressRu', title: { kk: 'Мекенжайы (орыс.)', ru: 'Адрес (рус.)' }, required: true, width: 36 },
      { key: 'headName', title: { kk: 'Басшысы (Т.А.Ә.)', ru: 'Руководитель (Ф.И.О.)' }, required: true, width: 28 },
      { key: 'phone', title: { kk: 'Телефоны', ru: 'Телефон' }, width: 16 },
    ],
  },
  settlements: {
    key: 'settlements',
    sheet: 'Елді мекендер - Нас. пункты',
    title: { kk: 'Елді мекендер', ru: 'Населённые пункты' },
    columns: [
      { key: 'officeCode', title: { kk: 'Кеңсе коды', ru: 'Код офиса' }, required: true, width: 12 },
      { key: 'kato', title: { kk: 'ӘАОЖ (КАТО)', ru: 'КАТО' }, width: 13 },
      { key: 'nameKk', title: { kk: 'Атауы (қаз.)', ru: 'Название (каз.)' }, required: true, width: 30 },
      { key: 'nameRu', title: { kk: 'Атауы (орыс.)', ru: 'Название (рус.)' }, required: true, width: 30 },
    ],
  },
  staff: {
    key: 'staff',
    sheet: 'Қызметкерлер - Сотрудники',
    title: { kk: 'Қызметкерлер', ru: 'Сотрудники' },
    columns: [
      { key: 'officeCode', title: { kk: 'Кеңсе коды', ru: 'Код офиса' }, required: true, width: 12 },
      { key: 'fullName', title: { kk: 'Т.А.Ә.', ru: 'Ф.И.О.' }, required: true, width: 32 },
      { key: 'position', title: { kk: 'Лауазымы', ru: 'Должность' }, width: 28 },
      { key: 'login', title: { kk: 'Логин', ru: 'Логин' }, required: true, width: 16 },
      { key: 'roles', title: { kk: 'Рөлдері', ru: 'Роли' }, required: true, width: 30 },
    ],
  },
  kindergartens: {
    key: 'kindergartens',
    sheet: 'Балабақшалар - Детские сады',
    title: { kk: 'Балабақшалар', ru: 'Детские сады' },
    columns: [
      { key: 'number', title: { kk: 'Нөмірі', ru: 'Номер' }, required: true, width: 10 },
      { key: 'nameKk', title: { kk: 'Атауы (қаз.)', ru: 'Название (каз.)' }, width: 32 },
      { key: 'nameRu', title: { kk: 'Атауы (орыс.)', ru: 'Название (рус.)' }, width: 32 },
      { key: 'addressKk', title: { kk: 'Мекенжайы (қаз.)', ru: 'Адрес (каз.)' }, width: 32 },
      { key: 'addressRu', title: { kk: 'Мекенжайы (орыс.)', ru: 'Адрес (рус.)' }, width: 32 },
      { key: 'groupKk', title: { kk: 'Топ (қаз.)', ru: 'Группа (каз.)' }, width: 22 },
      { key: 'groupRu', title: { kk: 'Топ (орыс.)', ru: 'Группа (рус.)' }, width: 22 },
      { key: 'minAge', title: { kk: 'Жасы, бастап', ru: 'Возраст, от' }, width: 10 },
      { key: 'maxAge', title: { kk: 'Жасы, дейін', ru: 'Возраст, до' }, width: 10 },
      { key: 'places', title: { kk: 'Бос орындар', ru: 'Свободные места' }, width: 12 },
    ],
  },
};

export const SHEET_ORDER: SheetKey[] = ['offices', 'settlements', 'staff', 'kindergartens'];

export const NOTES_SHEET = 'Нұсқаулық - Инструкция';
export const LISTS_SHEET = 'Тізімдер - Списки';

export const OFFICE_TYPE_LABELS: Record<OfficeType, BiText> = {
  village: { kk: 'Ауыл әкімінің аппараты', ru: 'Аппарат акима села' },
  settlement: { kk: 'Кент әкімінің аппараты', ru: 'Аппарат акима посёлка' },
  ruralDistrict: { kk: 'Ауылдық округ әкімінің аппараты', ru: 'Аппарат акима сельского округа' },
  districtEducation: { kk: 'Аудандық білім бөлімі', ru: 'Районный отдел образования' },
  mobileCentre: { kk: 'Көшпелі қызмет көрсету орталығы', ru: 'Мобильный центр обслуживания' },
  school: { kk: 'Мектеп', ru: 'Школа' },
  kindergarten: { kk: 'Балабақша (мектепке дейінгі ұйым)', ru: 'Детский сад (дошкольная организация)' },
  additionalEducation: { kk: 'Қосымша білім беру ұйымы', ru: 'Организация дополнительного образования' },
};

export const ROLE_LABELS: Record<Role, BiText> = {
  clerk: { kk: 'Кеңсе қызметкері', ru: 'Сотрудник канцелярии' },
  head: { kk: 'Басшы', ru: 'Руководитель' },
  executor: { kk: 'Жауапты орындаушы', ru: 'Ответственный исполнитель' },
  admin: { kk: 'Аудан әкімшісі', ru: 'Администратор района' },
  specialist: { kk: 'Аудан маманы', ru: 'Специалист района' },
};

/** For matching what a person typed: lower case, ё as е, one space, no dots or dashes at the ends. */
export function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.\-–—]+|[\s.\-–—:]+$/g, '')
    .trim();
}

function lookup<K extends string>(labels: Record<K, BiText>): Map<string, K> {
  const m = new Map<string, K>();
  for (const [code, t] of Object.entries(labels) as Array<[K, BiText]>) {
    m.set(norm(code), code);
    m.set(norm(t.kk), code);
    m.set(norm(t.ru), code);
  }
  return m;
}
export const OFFICE_TYPE_BY_LABEL = lookup(OFFICE_TYPE_LABELS);
export const ROLE_BY_LABEL = lookup(ROLE_LABELS);
