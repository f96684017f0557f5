/**
 * Names the report tables and charts print for channels, providers and months
 * (issue #14). BiText constants, not locale keys: an export column's heading is
 * a BiText (table.ts), and the tables, charts and PDFs take their words from here,
 * so a channel reads the same in a spreadsheet, on a chart and on paper.
 */
import type { ServiceEntry } from '../catalog/schema';
import type { BiText, Lang } from '../model/common';
import type { AppChannel, ReportChannel } from './channel';

type ProviderId = ServiceEntry['providers'][number];

/** How an application reached the provider, as the desk records it. */
export const APP_CHANNEL_LABEL: Record<AppChannel, BiText> = {
  office: { kk: 'Кеңседе', ru: 'В офисе' },
  mobile: { kk: 'Көшпелі орталық', ru: 'Мобильный центр' },
  stateCorporation: { kk: 'Мемлекеттік корпорация', ru: 'Государственная корпорация' },
  portal: { kk: '«Электрондық үкімет» порталы', ru: 'Портал «электронного правительства»' },
};

/** Seed 004's three ways, in its own words («көрсетілетін қызметті беруші арқылы - 2475, …»). */
export const REPORT_CHANNEL_LABEL: Record<ReportChannel, BiText> = {
  provider: { kk: 'Көрсетілетін қызметті беруші арқылы', ru: 'Через услугодателя' },
  stateCorporation: { kk: 'Мемлекеттік корпорация арқылы', ru: 'Через Государственную корпорацию' },
  portal: { kk: 'Электрондық түрде', ru: 'В электронном виде' },
};

/**
 * Who provides a service, as seed 004's table of services names the way of
 * delivery («Мемлекеттік корпорация, облыстардың ЖАО, «электрондық үкіметтің»
 * веб-порталы»).
 */
export const PROVIDER_LABEL: Record<ProviderId, BiText> = {
  akimat: {
    kk: 'Кент, ауыл, ауылдық округ әкімінің аппараты',
    ru: 'Аппарат акима посёлка, села, сельского округа',
  },
  educationDepartment: { kk: 'Ауданның (қаланың) білім бөлімі', ru: 'Отдел образования района (города)' },
  stateCorporation: {
    kk: '«Азаматтарға арналған үкімет» мемлекеттік корпорациясы',
    ru: 'Государственная корпорация «Правительство для граждан»',
  },
  portal: { kk: '«Электрондық үкіметтің» веб-порталы', ru: 'Веб-портал «электронного правительства»' },
  guardianshipAuthority: { kk: 'Қорғаншылық және қамқоршылық органы', ru: 'Орган опеки и попечительства' },
  pmpc: {
    kk: 'Психологиялық-медициналық-педагогикалық консультация',
    ru: 'Психолого-медико-педагогическая консультация',
  },
  rehabCentre: { kk: 'Оңалту орталығы', ru: 'Реабилитационный центр' },
  school: {
    kk: 'Бастауыш, негізгі орта және жалпы орта білім беру ұйымдары',
    ru: 'Организации начального, основного среднего и общего среднего образования',
  },
  kindergarten: { kk: 'Мектепке дейінгі ұйымдар', ru: 'Дошкольные организации' },
  additionalEducation: { kk: 'Қосымша білім беру ұйымдары', ru: 'Организации дополнительного образования' },
};

export const FREE_LABEL: Record<'free' | 'paid', BiText> = {
  free: { kk: 'Тегін', ru: 'Бесплатно' },
  paid: { kk: 'Ақылы', ru: 'Платно' },
};

export const YES_NO: Record<'yes' | 'no', BiText> = {
  yes: { kk: 'Иә', ru: 'Да' },
  no: { kk: 'Жоқ', ru: 'Нет' },
};

export const TOTAL_LABEL: BiText = { kk: 'Барлығы', ru: 'Итого' };

/** A share 0..1 as kk and ru print it, «66,7 %» (a decimal comma); no share as a dash. */
export const percentText = (share: number | null): string =>
  share === null ? '—' : `${(share * 100).toFixed(1).replace('.', ',')} %`;

const MONTH_SHORT: Record<Lang, readonly string[]> = {
  kk: ['қаң', 'ақп', 'нау', 'сәу', 'мам', 'мау', 'шіл', 'там', 'қыр', 'қаз', 'қар', 'жел'],
  ru: ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'],
};

/** 'YYYY-MM' as a chart's axis label: «қаң» within one year, «қаң 2025» when the months span years. */
export function monthLabel(month: string, lang: Lang, withYear = false): string {
  const m = Number(month.slice(5, 7));
  const short = MONTH_SHORT[lang][m - 1] ?? month;
  return withYear ? `${short} ${month.slice(0, 4)}` : short;
}

/** A name looked up by id or code, falling back to the id itself so an unknown one still prints. */
export type NameOf = (key: string) => BiText | undefined;
export const nameOr = (names: NameOf, key: string): BiText => names(key) ?? { kk: key, ru: key };
