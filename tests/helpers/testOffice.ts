/**
 * The standalone village office most desk unit tests set up (over an
 * IndexedDB emulator): its clerk, head and executor, and one kindergarten
 * with a group for children of 2 to 4. Tests that need another office type,
 * staff or groups set up their own.
 */
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { makeIin, type IntakeInput, type Kindergarten } from '../../shared';
import type { SetupInput } from '../../renderer/services/api';

/** A valid IIN for a birth date, from `serial` on (some serials give no valid check digit). */
export function iinBorn(birth: string, serial: number, sex: 'male' | 'female' = 'female'): string {
  for (let s = serial; ; s++) {
    const v = makeIin(birth, sex, s);
    if (v) return v;
  }
}

/** The office and its clerk, head and executor, as set up on a new laptop (no kindergartens). */
export const TEST_OFFICE_SETUP: SetupInput = {
  lang: 'kk',
  office: {
    type: 'village',
    code: 'ТЕСТ',
    name: { kk: 'Ақсу ауылы әкімінің аппараты', ru: 'Аппарат акима села Аксу' },
    district: { kk: 'Ақсу ауданы', ru: 'Аксуский район' },
    address: { kk: 'Ақсу, Абай к. 1', ru: 'Аксу, ул. Абая 1' },
    headName: 'Өтегенов Ғ.',
  },
  staff: [
    { fullName: 'Кеңсе Әйгерім', login: 'clerk', password: 'secret123', roles: ['clerk'] },
    { fullName: 'Басшы Ғалым', login: 'head', password: 'secret123', roles: ['head'] },
    { fullName: 'Орындаушы Құралай', login: 'exec', password: 'secret123', roles: ['executor'] },
  ],
};

/** A fresh desk of the test office with its kindergarten, its database named `dbName`, on the clock `now`. */
export async function testOfficeDesk(dbName: string, now: () => string, o: { freePlaces?: number } = {}) {
  const desk = createDesk({ db: new DeskDb(dbName), now });
  await desk.setup({
    ...TEST_OFFICE_SETUP,
    kindergartens: [
      {
        number: '7',
        name: { kk: '«Балапан»', ru: '«Балапан»' },
        address: { kk: 'Ақсу', ru: 'Аксу' },
        active: true,
        ageGroups: [
          { id: 'g3', name: { kk: '3 жас', ru: '3 года' }, minAge: 2, maxAge: 4, freePlaces: o.freePlaces ?? 1 },
        ],
      },
    ],
  });
  return desk;
}

/**
 * A preschool-queue application at the test office: a mother born 1990 and a
 * girl born 2023-02-11 (`serial` varies both IINs), the office's first
 * kindergarten, every document. Names as a test needs them; `over` replaces
 * whole fields.
 */
export async function preschoolIntake(
  desk: { kindergartens(): Promise<Kindergarten[]> },
  serial: number,
  names: { applicant?: string; child?: string } = {},
  over: Partial<IntakeInput> = {},
): Promise<IntakeInput> {
  const kgs = await desk.kindergartens();
  return {
    serviceCode: 'preschool-queue',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: iinBorn('1990-05-04', 300 + serial),
      lastName: names.applicant ?? 'Әбілқасымова',
      firstName: 'Ұлжан',
      phone: '+7 701 123 45 67',
      address: 'Ақсу, Абай к. 5',
    },
    child: { iin: iinBorn('2023-02-11', serial), lastName: names.child ?? 'Сұлтанова', firstName: 'Әлия' },
    priority: null,
    kindergartenIds: [kgs[0].id],
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
    ...over,
  };
}
