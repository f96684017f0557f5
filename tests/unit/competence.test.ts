/**
 * Which office may take in, and which may decide and issue, each service
 * (review F-20, issue #15): mayProvide over the shipped catalog, the routing of
 * a front office's applications to the district education department.
 */
import { describe, expect, it } from 'vitest';
import {
  builtInCatalog,
  decidesHere,
  formOffice,
  issuingOffice,
  mayProvide,
  OfficeTypeSchema,
  routedOnward,
  type Office,
  type ServiceEntry,
} from '../../shared';

const entry = (code: string) => builtInCatalog.find((e) => e.code === code) as ServiceEntry;
const AKIMATS = ['village', 'settlement', 'ruralDistrict'] as const;

describe('mayProvide (shared/catalog/competence.ts)', () => {
  it('lets an akimat take in and issue the preschool queue, as the department and a mobile centre do', () => {
    for (const t of [...AKIMATS, 'mobileCentre', 'districtEducation'])
      for (const step of ['accept', 'issue'] as const)
        expect(mayProvide('preschool-queue', t, step), `${t} ${step}`).toBe(true);
    expect(mayProvide('preschool-queue', 'school', 'accept')).toBe(false);
  });

  it('lets a village take the documents of a guardianship certificate, but only the education department issue it (seed 002)', () => {
    for (const t of [...AKIMATS, 'mobileCentre']) {
      expect(mayProvide('guardianship-certificate', t, 'accept'), t).toBe(true);
      expect(mayProvide('guardianship-certificate', t, 'issue'), t).toBe(false);
      expect(routedOnward(entry('guardianship-certificate'), t)).toBe(true);
      expect(decidesHere(entry('guardianship-certificate'), t)).toBe(false);
    }
    expect(mayProvide('guardianship-certificate', 'districtEducation', 'accept')).toBe(true);
    expect(mayProvide('guardianship-certificate', 'districtEducation', 'issue')).toBe(true);
    expect(decidesHere(entry('guardianship-certificate'), 'districtEducation')).toBe(true);
  });

  it('keeps the services of schools, the PMPC and rehabilitation centres away from an akimat', () => {
    for (const code of [
      'school-certificate-duplicate',
      'pmpc-examination',
      'rehabilitation',
      'family-consultation',
      'school-transfer',
    ])
      for (const step of ['accept', 'issue'] as const)
        expect(mayProvide(code, 'village', step), `${code} ${step}`).toBe(false);
    // A school decides its own: the duplicate of its certificate (seed 001).
    expect(mayProvide('school-certificate-duplicate', 'school', 'accept')).toBe(true);
    expect(mayProvide('school-certificate-duplicate', 'school', 'issue')).toBe(true);
    expect(mayProvide('school-certificate-duplicate', 'districtEducation', 'issue')).toBe(false);
  });

  it('routes a camp referral taken in at an akimat to the department; a school issues its own', () => {
    expect(mayProvide('camp-referral', 'village', 'accept')).toBe(true);
    expect(mayProvide('camp-referral', 'village', 'issue')).toBe(false);
    expect(mayProvide('camp-referral', 'school', 'issue')).toBe(true);
    expect(mayProvide('camp-referral', 'districtEducation', 'issue')).toBe(true);
  });

  it('takes in at no desk of an akimat a service delivered only through the portal; the department takes it in', () => {
    expect(mayProvide('adopter-registration', 'village', 'accept')).toBe(false);
    expect(mayProvide('adopter-registration', 'districtEducation', 'accept')).toBe(true);
  });

  it('answers false for an unknown service or office type, and reads the catalog it is given', () => {
    expect(mayProvide('no-such-service', 'village', 'accept')).toBe(false);
    expect(mayProvide('preschool-queue', 'ministry', 'accept')).toBe(false);
    const edited = builtInCatalog.map((e) =>
      e.code === 'school-transfer' ? { ...e, providers: [...e.providers, 'akimat' as const] } : e,
    );
    expect(mayProvide('school-transfer', 'village', 'issue', edited)).toBe(true);
    expect(mayProvide('school-transfer', 'village', 'issue')).toBe(false);
  });

  it('gives every service of the shipped catalog at least one office type that may issue it, or says which are outside', () => {
    const types = OfficeTypeSchema.options;
    const nobody = builtInCatalog.filter((e) => !types.some((t) => mayProvide(e.code, t, 'issue'))).map((e) => e.code);
    // The PMPC and rehabilitation centres are not offices of this system: their services are counted, not provided here.
    expect(nobody.sort()).toEqual(['family-consultation', 'pmpc-examination', 'rehabilitation']);
  });
});

describe('issuingOffice (shared/forms/office.ts): whom a paper names as issuer and signer', () => {
  const office = (type: Office['type'], name: string, headName: string): Office => ({
    id: `o-${type}`,
    type,
    name: { kk: name, ru: name },
    district: { kk: 'Жамбыл ауданы', ru: 'Жамбылский район' },
    address: { kk: 'Қарасу', ru: 'Карасу' },
    headName,
    code: 'ҚРС',
    utcOffsetMinutes: 300,
    hours: { start: '09:00', end: '18:00' },
    idleLockMinutes: 15,
    createdAt: '2026-01-05T04:00:00.000Z',
  });
  const village = office('ruralDistrict', 'Қарасу ауылдық округі әкімінің аппараты', 'Сәрсенбаев Ғ.');
  const department = office('districtEducation', 'Жамбыл ауданының білім бөлімі', 'Әбдіғалиева Г.');

  it('is the office itself for what it issues, the department (as synced) for what it only takes in', () => {
    expect(issuingOffice(entry('preschool-queue'), village, [village, department])).toBe(village);
    expect(issuingOffice(entry('guardianship-certificate'), village, [village, department])).toBe(department);
    expect(issuingOffice(entry('guardianship-certificate'), department, [village, department])).toBe(department);
  });

  it('names the department by the district, with no head, on a laptop that has not met it', () => {
    const named = issuingOffice(entry('guardianship-certificate'), village, [village]);
    expect(named.type).toBe('districtEducation');
    expect(named.headName).toBe('');
    expect(formOffice(named).body).toEqual({
      kk: 'Жамбыл ауданының білім бөлімі',
      ru: 'Отдел образования Жамбылского района',
    });
    expect(formOffice(named).headTitle.kk).not.toBe('Әкім');
  });
});
