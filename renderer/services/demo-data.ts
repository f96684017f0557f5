/**
 * Sample office for a newcomer: a rural district akim apparatus with staff,
 * kindergartens and applications at every stage. Names carry every Kazakh
 * letter so search and printing are exercised from the first minute.
 */
import type { Lang } from '../../shared';
import type { SetupInput } from './api';

export const DEMO_PASSWORD = 'demo12345';

export const demoSetup = (lang: Lang): SetupInput => ({
  lang,
  office: {
    type: 'ruralDistrict',
    code: 'ҚРҚ',
    name: { kk: 'Қарасу ауылдық округі әкімінің аппараты', ru: 'Аппарат акима Карасуского сельского округа' },
    district: { kk: 'Жамбыл ауданы', ru: 'Жамбылский район' },
    region: { kk: 'Алматы облысы', ru: 'Алматинская область' },
    address: { kk: 'Қарасу ауылы, Абай көшесі, 12', ru: 'село Карасу, улица Абая, 12' },
    headName: 'Сәрсенбаев Ғалым Өтегенұлы',
    phone: '+7 727 702 14 15',
  },
  staff: [
    {
      fullName: 'Жұмабаева Әйгерім Нұрланқызы',
      login: 'clerk',
      password: DEMO_PASSWORD,
      roles: ['clerk'],
      position: 'кеңсе қызметкері',
    },
    {
      fullName: 'Сәрсенбаев Ғалым Өтегенұлы',
      login: 'head',
      password: DEMO_PASSWORD,
      roles: ['head'],
      position: 'әкім',
    },
    {
      fullName: 'Төлеуова Құралай Серікқызы',
      login: 'executor',
      password: DEMO_PASSWORD,
      roles: ['executor'],
      position: 'бас маман',
    },
    {
      fullName: 'Иванова Ольга Петровна',
      login: 'olga',
      password: DEMO_PASSWORD,
      roles: ['clerk', 'executor'],
      position: 'маман',
    },
  ],
  kindergartens: [
    kg(
      '1',
      { kk: '«Балапан» бөбекжайы', ru: 'Ясли-сад «Балапан»' },
      { kk: 'Қарасу ауылы, Төле би көшесі, 5', ru: 'село Карасу, улица Толе би, 5' },
      [3, 4, 2, 2],
    ),
    kg(
      '2',
      { kk: '«Айгөлек» балабақшасы', ru: 'Детский сад «Айгөлек»' },
      { kk: 'Қарасу ауылы, Бейбітшілік көшесі, 21', ru: 'село Карасу, улица Бейбитшилик, 21' },
      [0, 0, 0, 0],
    ),
    kg(
      '3',
      { kk: '«Құлыншақ» шағын орталығы', ru: 'Мини-центр «Кулыншак»' },
      { kk: 'Үшқоңыр ауылы, Мектеп көшесі, 3', ru: 'село Ушконыр, улица Мектеп, 3' },
      [2, 1, 3, 1],
    ),
  ],
});

function kg(number: string, name: { kk: string; ru: string }, address: { kk: string; ru: string }, places: number[]) {
  const groups = [
    { id: 'nursery', name: { kk: 'Бөбекжай тобы (1-2 жас)', ru: 'Ясельная группа (1-2 года)' }, minAge: 1, maxAge: 2 },
    { id: 'junior', name: { kk: 'Кіші топ (3 жас)', ru: 'Младшая группа (3 года)' }, minAge: 3, maxAge: 3 },
    { id: 'middle', name: { kk: 'Ортаңғы топ (4 жас)', ru: 'Средняя группа (4 года)' }, minAge: 4, maxAge: 4 },
    { id: 'senior', name: { kk: 'Ересек топ (5 жас)', ru: 'Старшая группа (5 лет)' }, minAge: 5, maxAge: 5 },
  ];
  return { number, name, address, active: true, ageGroups: groups.map((g, i) => ({ ...g, freePlaces: places[i] })) };
}

export const DEMO_PARENTS = [
  ['Әбілқасымов', 'Нұрсұлтан', 'Ерланұлы', 'Әбілқасымова', 'Ұлжан'],
  ['Қасымов', 'Ғалымжан', 'Өмірзақұлы', 'Қасымова', 'Шұғыла'],
  ['Төлеуов', 'Жәнібек', 'Қайратұлы', 'Төлеуова', 'Мөлдір'],
  ['Серікбаев', 'Әлихан', 'Бауыржанұлы', 'Серікбаева', 'Іңкәр'],
  ['Оспанов', 'Дәурен', 'Сәкенұлы', 'Оспанова', 'Гүлнұр'],
  ['Ғабдуллин', 'Қуаныш', 'Һадиұлы', 'Ғабдуллина', 'Әсел'],
  ['Петров', 'Сергей', 'Иванович', 'Петрова', 'Анна'],
  ['Жұмабаев', 'Ерғали', 'Төлегенұлы', 'Жұмабаева', 'Айгүл'],
  ['Нұрланов', 'Бекзат', 'Ғалымұлы', 'Нұрланова', 'Сәуле'],
  ['Ким', 'Виктор', 'Олегович', 'Ким', 'Елена'],
];
export const DEMO_CHILDREN = [
  ['Әлия', 'female'],
  ['Нұрислам', 'male'],
  ['Айсұлу', 'female'],
  ['Өркен', 'male'],
  ['Інжу', 'female'],
  ['Ғазиз', 'male'],
  ['Мария', 'female'],
  ['Ұлан', 'male'],
  ['Қарақат', 'female'],
  ['Тимур', 'male'],
  ['Аружан', 'female'],
  ['Рахат', 'male'],
  ['Томирис', 'female'],
  ['Әмір', 'male'],
  ['Ләйлә', 'female'],
] as const;
export const DEMO_STREETS = [
  'Абай көшесі',
  'Төле би көшесі',
  'Жамбыл көшесі',
  'Бейбітшілік көшесі',
  'Мектеп көшесі',
  'Құрманғазы көшесі',
];
export const DEMO_WORK = [
  'Қарасу орта мектебі',
  '«Қарасу» ЖШС',
  'Жамбыл аудандық ауруханасы',
  'Жеке кәсіпкер',
  'Қарасу ауылдық округі әкімінің аппараты',
  'уақытша жұмыссыз',
];
