/**
 * Issue #16 item 6: the header of a mobile centre's laptop named the district
 * education department (the body its papers go out under). ownOfficeName
 * names the office as itself; papers keep formOffice.
 */
import { describe, expect, it } from 'vitest';
import { formOffice, ownOfficeName, type Office } from '../../shared';

const base = {
  district: { kk: 'Жамбыл ауданы', ru: 'Жамбылский район' },
  address: { kk: 'Ұзынағаш', ru: 'Узынагаш' },
};

describe('ownOfficeName', () => {
  it('names a mobile centre as itself, by its full name or by the district, while its papers name the department', () => {
    const full = {
      ...base,
      type: 'mobileCentre' as Office['type'],
      name: { kk: 'Жылжымалы халыққа қызмет көрсету орталығы', ru: 'Мобильный центр обслуживания населения' },
    };
    expect(ownOfficeName(full)).toEqual(full.name);
    expect(formOffice(full).body.kk).toBe('Жамбыл ауданының білім бөлімі');
    const bare = { ...full, name: { kk: 'Жамбыл', ru: 'Жамбыл' } };
    expect(ownOfficeName(bare).kk).toBe('Жамбыл ауданының көшпелі қызмет көрсету орталығы (Жамбыл)');
    expect(ownOfficeName(bare).ru).toBe('Мобильный центр обслуживания Жамбылского района (Жамбыл)');
  });

  it('is the paper name for every other office', () => {
    const village = { ...base, type: 'ruralDistrict' as Office['type'], name: { kk: 'Қарасу', ru: 'Карасу' } };
    expect(ownOfficeName(village)).toEqual(formOffice(village).body);
    expect(ownOfficeName(village).kk).toBe('Қарасу ауылдық округі әкімінің аппараты');
  });
});
