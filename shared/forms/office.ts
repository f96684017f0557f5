/**
 * How an office is named on paper. Official phrases inflect names ("Қарасу
 * ауылдық округі әкіміне", "Акиму Карасуского сельского округа"), which code
 * can only do by pattern. Two ways an office may store its name both work:
 * - the full official name ("Қарасу ауылдық округі әкімінің аппараты" /
 *   "Аппарат акима Карасуского сельского округа") is printed verbatim, and the
 *   addressee comes from the pattern rules in locales/{kk,ru}/forms.json;
 * - a bare place name ("Қарасу" / "Карасу") is put into the phrase of the
 *   office type.
 * Mobile centres only take documents: the deciding body, and so the issuer
 * and addressee, is the district education department.
 */
import type { BiText, Lang } from '../model/common';
import type { Office } from '../model/office';
import { ISSUING_OFFICE_TYPE, routedOnward } from '../catalog/competence';
import type { ServiceEntry } from '../catalog/schema';
import { dict, fill } from './text';
import type { FormOffice } from './types';

const FULL_NAME: Record<Lang, RegExp> = {
  kk: /әкім|аппарат|бөлім|басқарма|орталы|мекеме/i,
  ru: /аким|аппарат|отдел|управлени|центр|учрежден/i,
};

const AKIM_TYPES = new Set<Office['type']>(['village', 'settlement', 'ruralDistrict']);
/** Organisations that provide services of their own: named on paper by their own (full) name. */
const ORGANISATION_TYPES = new Set<Office['type']>(['school', 'kindergarten', 'additionalEducation']);
const headTitleOf = (type: Office['type']) =>
  AKIM_TYPES.has(type) ? 'akim' : ORGANISATION_TYPES.has(type) ? 'organisation' : 'education';

export function isFullOfficeName(name: string, lang: Lang): boolean {
  return FULL_NAME[lang].test(name);
}

type Rule = { match: string; replace: string };
/**
 * Pattern rules in order, first match wins; named where both languages keep
 * the same rules (each language its own grammar for each kind of office).
 */
type Rules = { rules: Rule[] | Record<string, Rule>; default: string };
function byRules(name: string, r: Rules): string {
  for (const rule of Array.isArray(r.rules) ? r.rules : Object.values(r.rules)) {
    const re = new RegExp(rule.match, 'u');
    if (re.test(name)) return name.replace(re, rule.replace);
  }
  return fill(r.default, { name });
}

export function formOffice(office: Pick<Office, 'type' | 'name' | 'district' | 'address' | 'phone'>): FormOffice {
  const per = (f: (lang: Lang) => string): BiText => ({ kk: f('kk'), ru: f('ru') });
  const verbatim = (lang: Lang) => office.type !== 'mobileCentre' && isFullOfficeName(office.name[lang], lang);
  const params = (lang: Lang) => ({
    name: office.name[lang],
    districtGen: byRules(office.district[lang].trim(), dict(lang).office.districtGenitive),
  });
  return {
    body: per((lang) => (verbatim(lang) ? office.name[lang] : fill(dict(lang).office.body[office.type], params(lang)))),
    addressee: per((lang) =>
      verbatim(lang)
        ? byRules(office.name[lang].trim(), dict(lang).office.addresseeFromName)
        : fill(dict(lang).office.addressee[office.type], params(lang)),
    ),
    headTitle: per((lang) => dict(lang).office.headTitle[headTitleOf(office.type)]),
    specialist: per((lang) => dict(lang).office.specialist[headTitleOf(office.type)]),
    address: office.address,
    phone: office.phone,
  };
}

/**
 * The office's own name, for the screen (the header): a mobile centre is named
 * as itself, though its papers go out under the district education department.
 */
export function ownOfficeName(office: Pick<Office, 'type' | 'name' | 'district' | 'address' | 'phone'>): BiText {
  if (office.type !== 'mobileCentre') return formOffice(office).body;
  const per = (lang: Lang) =>
    isFullOfficeName(office.name[lang], lang)
      ? office.name[lang]
      : fill(dict(lang).office.ownMobileCentre, {
          name: office.name[lang],
          districtGen: byRules(office.district[lang].trim(), dict(lang).office.districtGenitive),
        });
  return { kk: per('kk'), ru: per('ru') };
}

/**
 * The office a paper of an application names as issuer, with its head as
 * signer: the office that took it in, unless it only takes documents in for
 * the district education department (routedOnward, review F-20). Then the
 * department, as the last sync brought it; a laptop that has never met it
 * (not yet joined to a district) names it by its office type and the
 * district, with no head's name rather than a wrong one.
 */
export function issuingOffice(
  entry: Pick<ServiceEntry, 'providers' | 'channels'>,
  accepting: Office,
  offices: readonly Office[],
): Office {
  if (!routedOnward(entry, accepting.type)) return accepting;
  const department = offices.find((o) => o.type === ISSUING_OFFICE_TYPE);
  if (department) return department;
  const { phone: _phone, kato: _kato, settlements: _settlements, ...rest } = accepting;
  return { ...rest, type: ISSUING_OFFICE_TYPE, name: accepting.district, headName: '' };
}
