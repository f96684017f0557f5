/** Appendix 4: referral of the child to a preschool organisation (seed 000). */
import { formatOfficialDate } from '../format/dates';
import { dateIn } from './blocks';
import type { Lang } from '../model/common';
import { appendixNote, outgoingNo, page, para, signature } from './layout';
import { dict, fill, pick, plural } from './text';
import type { PdfContent, DocDefinition, ReferralFormData } from './types';

export function buildReferral(d: ReferralFormData, lang: Lang): DocDefinition {
  const t = dict(lang).referral;
  const date = (iso: string) => formatOfficialDate(iso, lang);
  const heading = t.heading.map((line) => ({ text: fill(line.text, { referralNo: d.referralNo }), bold: line.bold }));
  const titleText = heading.find((h) => h.bold)?.text ?? heading[0].text;
  const content: PdfContent[] = [
    appendixNote(lang, t.appendixNo),
    { text: pick(d.office.body, lang), style: 'header' },
    outgoingNo(lang, date(d.issuedOn)),
    { stack: heading.map((h) => (h.bold ? { ...h, fontSize: 14 } : h)), alignment: 'center', margin: [0, 14, 0, 12] },
    para(
      fill(t.body, {
        office: pick(d.office.body, lang),
        address: pick(d.kindergarten.address, lang),
        number: d.kindergarten.number,
        name: pick(d.kindergarten.name, lang),
      }),
    ),
    para(fill(t.child, { name: d.child.fullName })),
    para(fill(t.birthDate, { date: date(d.child.birthDate) })),
    para(fill(t.homeAddress, { address: d.child.homeAddress })),
    ...(d.ageGroup ? [para(fill(t.ageGroup, { group: pick(d.ageGroup, lang) }))] : []),
    para(fill(plural(t.deadline, d.validityDays, lang), { days: d.validityDays }), {
      margin: [0, 8, 0, 6],
      bold: true,
    }),
    para(fill(t.validUntil, { date: dateIn(d.validUntil, lang, 'dative') })),
    para(fill(t.issued, { date: date(d.issuedOn) })),
    signature(fill(t.headSignature, { title: pick(d.office.headTitle, lang), name: d.headName })),
    // The seed's "Мөр" (seal), where other papers print "М.О." (F-04).
    { text: t.seal, margin: [40, 10, 0, 0] },
  ];
  return page(lang, titleText, content);
}
