/** Camp referrals, seed 003 Annex 11 Annex 1: the application to put a pupil on the camp list. */
import type { Lang } from '../model/common';
import { officialDate, rulesAppendixNote, twoColumns } from './blocks';
import { kkCase } from '../text/kkCase';
import { caption, page, para, rightBlock, title } from './layout';
import { dict, fill, fillInline, pick } from './text';
import type { CampApplicationFormData, DocDefinition, PdfContent } from './types';

export function buildCampApplication(d: CampApplicationFormData, lang: Lang): DocDefinition {
  const t = dict(lang).campApplication;
  const c = dict(lang).common;
  const date = (iso: string) => officialDate(iso, lang);

  // Annex 1: "_____ басшысына (органның атауы)": the body's name, in the genitive the phrase needs (F-17).
  const addressee = fill(t.addressee, {
    body: lang === 'kk' ? kkCase(pick(d.office.body, lang), 'genitive') : pick(d.office.addressee, lang),
  });
  const sender: PdfContent[] = [
    { text: [addressee, ' ', caption(t.addresseeCaption)], margin: [0, 0, 0, 6] },
    ...t.sender.map((line): PdfContent => ({
      text: fillInline(line, {
        address: `${d.applicant.address}, ${c.phone} ${d.applicant.phone}`,
        addressCaption: caption(t.addressCaption),
        name: `${d.applicant.fullName}, ${c.iin} ${d.applicant.iin}`,
        nameCaption: caption(t.nameCaption),
      }),
    })),
    ...(d.applicant.proxy
      ? [
          {
            text: fill(t.proxy, {
              principal: d.applicant.proxy.principalName,
              poa: pick(d.applicant.proxy.powerOfAttorney, lang),
            }),
          },
        ]
      : []),
  ];

  const status: PdfContent[] = d.status
    ? [
        para(fill(t.status, { category: pick(d.status.category, lang).replace(/[.\s]+$/, '') })),
        para(
          fill(t.statusProof, {
            proof: [pick(d.status.proof, lang), d.status.document]
              .filter(Boolean)
              .join(' — ')
              .replace(/[.\s]+$/, ''),
          }),
        ),
      ]
    : [];

  const content: PdfContent[] = [
    rulesAppendixNote(lang, d.service, t.appendixNo),
    rightBlock(sender),
    title(t.title),
    para(
      fillInline(t.request, {
        child: `${d.child.fullName}, ${date(d.child.birthDate)}, ${c.iin} ${d.child.iin}`,
        childCaption: caption(t.childCaption),
        school: fill(t.school, { number: d.school.number, classLetter: d.school.classLetter }),
        schoolCaption: caption(t.schoolCaption),
        schoolYear: fill(t.schoolYear, { year: d.school.schoolYear }),
        yearCaption: caption(t.yearCaption),
      }),
    ),
    ...status,
    ...(d.consent ? [para(t.consent)] : []),
    // Annex 1 ends '"___" 20 жыл қолы': the date alone, then "қолы" and the place to sign (F-19).
    twoColumns(fill(t.date, { date: date(d.acceptedOn) }), t.signature),
    ...(d.journalNo
      ? [{ text: fillInline(t.registered, { journalNo: d.journalNo, date: date(d.acceptedOn) }), style: 'registered' }]
      : []),
  ];
  return page(lang, t.title, content);
}
