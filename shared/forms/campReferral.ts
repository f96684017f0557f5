/**
 * Referral to a camp, the result of seed 003 Annex 11. The seeds give no
 * template, so it follows the preschool referral (Appendix 4 of seed 000):
 * issuing body, number, the pupil, school and class, the camp and the period,
 * validity, the head's signature and the seal.
 */
import type { Lang } from '../model/common';
import { dateIn, heading, headingTitle, officialDate } from './blocks';
import { page, para, sealPlace, signature } from './layout';
import { dict, fill, pick } from './text';
import type { CampReferralFormData, DocDefinition, PdfContent } from './types';

export function buildCampReferral(d: CampReferralFormData, lang: Lang): DocDefinition {
  const t = dict(lang).campReferral;
  const date = (iso: string) => officialDate(iso, lang);
  const lines = t.heading.map((l) => ({ text: fill(l.text, { referralNo: d.referralNo }), bold: l.bold }));
  const when = <V, T>(v: V | null | undefined, make: (v: V) => T): T[] => (v ? [make(v)] : []);

  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    heading(lines),
    para(fill(t.body, { office: pick(d.office.body, lang) }), { margin: [0, 0, 0, 10] }),
    para(fill(t.child, { name: d.child.fullName })),
    para(fill(t.birthDate, { date: date(d.child.birthDate) })),
    ...when(d.child.iin, () => para(fill(t.iin, { iin: d.child.iin }))),
    para(fill(t.school, { number: d.school.number, classLetter: d.school.classLetter })),
    ...when(d.school.schoolYear, () => para(fill(t.schoolYear, { year: d.school.schoolYear }))),
    ...when(d.category, (category) => para(fill(t.category, { category: pick(category, lang) }))),
    ...when(d.parentName, () => para(fill(t.parent, { name: d.parentName }))),
    para(fill(t.camp, { name: pick(d.camp.name, lang) }), { margin: [0, 8, 0, 6], bold: true }),
    ...when(d.camp.kind, (kind) => para(t.campKind[kind])),
    ...when(d.camp.address, (address) => para(fill(t.campAddress, { address: pick(address, lang) }))),
    ...when(d.season, (season) => para(fill(t.season, { season: pick(season, lang) }))),
    ...when(d.period, (period) =>
      para(fill(t.period, { from: dateIn(period.from, lang, 'ablative'), to: dateIn(period.to, lang, 'dative') })),
    ),
    ...when(d.application, (application) =>
      para(fill(t.basis, { date: dateIn(application.date, lang, 'locativeAttr'), journalNo: application.journalNo })),
    ),
    ...when(d.validUntil, (validUntil) =>
      para(fill(t.validUntil, { date: dateIn(validUntil, lang, 'dative') }), { margin: [0, 8, 0, 6], bold: true }),
    ),
    para(fill(t.issued, { date: date(d.issuedOn) })),
    signature(fill(t.headSignature, { title: pick(d.office.headTitle, lang), name: d.headName })),
    sealPlace(lang),
  ];
  return page(lang, headingTitle(lines), content);
}
