/**
 * The office, kindergarten and people the form-wording tests print papers for
 * (shared/forms from data, no desk): one rural district akimat of Zhambyl
 * district and a mother with her son.
 */
import { KindergartenSchema, OfficeSchema, makeIin } from '../../shared';

/** The first valid IIN for a birth date and sex. */
export const iin = (birthDate: string, sex: 'male' | 'female'): string => {
  for (let s = 1; ; s++) {
    const v = makeIin(birthDate, sex, s);
    if (v) return v;
  }
};

export const office = OfficeSchema.parse({
  id: 'office-1',
  type: 'ruralDistrict',
  code: 'ҚРҚ',
  name: { kk: 'Қарасу ауылдық округі әкімінің аппараты', ru: 'Аппарат акима Карасуского сельского округа' },
  district: { kk: 'Жамбыл ауданы', ru: 'Жамбылский район' },
  address: { kk: 'Қарасу ауылы, Абай көшесі, 12', ru: 'село Карасу, улица Абая, 12' },
  headName: 'Сәрсенбаев Ғалым Өтегенұлы',
  phone: '+7 727 702 14 15',
  hours: { start: '09:00', end: '18:00', lunchStart: '13:00', lunchEnd: '14:00' },
  createdAt: '2024-12-01T04:00:00.000Z',
});

export const kindergartens = [
  KindergartenSchema.parse({
    id: 'kg-1',
    number: '1',
    name: { kk: '«Балапан» бөбекжайы', ru: 'Ясли-сад «Балапан»' },
    address: { kk: 'Қарасу ауылы, Төле би көшесі, 5', ru: 'село Карасу, улица Толе би, 5' },
    ageGroups: [
      { id: 'middle', name: { kk: 'Ортаңғы топ', ru: 'Средняя группа' }, minAge: 3, maxAge: 5, freePlaces: 2 },
    ],
    updatedAt: '2024-12-01T04:00:00.000Z',
  }),
];

export const MOTHER = { lastName: 'Сәрсенбаева', firstName: 'Әйгерім', middleName: 'Жаңғырқызы' };
export const MOTHER_NAME = 'Сәрсенбаева Әйгерім Жаңғырқызы';
export const CHILD = { lastName: 'Сәрсенбаев', firstName: 'Жәңгір', middleName: 'Ғалымұлы' };
export const CLERK = 'Жұмабаева Гүлнұр Өмірзаққызы';
export const EXECUTOR = 'Төлеуова Құралай Серікқызы';
export const HEAD = 'Сәрсенбаев Ғалым Өтегенұлы';
export const HOME = 'Қарасу ауылы, Жиһаншаев көшесі, 7';
