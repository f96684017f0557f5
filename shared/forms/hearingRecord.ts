/**
 * Record of the hearing on a preliminary decision (seed 003 Annex 11 §10;
 * Administrative Procedure Code art. 74): place and date, start and end,
 * the body, the chair and the secretary, the participants, the matter, what
 * was said, the applicant's position and the outcome; signed by the chair and
 * the secretary, and read by the applicant.
 */
import type { BiText, Lang } from '../model/common';
import { dateIn, listBlock, officialDate } from './blocks';
import { page, para, signature, title } from './layout';
import { dict, fill, pick, plural } from './text';
import type { DocDefinition, HearingRecordFormData, PdfContent } from './types';

export function buildHearingRecord(d: HearingRecordFormData, lang: Lang): DocDefinition {
  const t = dict(lang).hearingRecord;
  const date = (iso: string) => officialDate(iso, lang);
  const trim = (s: string) => s.replace(/[.\s;]+$/, '');
  const withPosition = (name: string, position?: BiText) => (position ? `${name}, ${pick(position, lang)}` : name);

  const applicant: PdfContent[] = [
    para(fill(t.applicant, { name: d.applicant.fullName })),
    ...(d.applicant.representative ? [para(fill(t.representative, { name: d.applicant.representative }))] : []),
    ...(d.applicant.present || d.applicant.representative ? [] : [para(t.absent)]),
  ];

  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    title(t.title),
    ...(d.recordNo
      ? [
          {
            text: fill(t.number, { no: d.recordNo }),
            alignment: 'center' as const,
            margin: [0, -6, 0, 10] as [number, number, number, number],
          },
        ]
      : []),
    para(fill(t.date, { date: date(d.date) })),
    para(fill(t.time, { start: d.startTime, end: d.endTime })),
    para(fill(t.place, { place: pick(d.place, lang) })),
    para(fill(t.body, { office: pick(d.office.body, lang) })),
    para(fill(t.chair, { name: withPosition(d.chair.name, d.chair.position) })),
    para(fill(t.secretary, { name: d.secretary ? withPosition(d.secretary.name, d.secretary.position) : '' })),
    ...applicant,
    ...listBlock(
      t.others,
      d.others.map((o) => `${o.name}, ${pick(o.role, lang)}`),
    ),
    para(
      fill(t.matter, {
        date: dateIn(d.application.date, lang, 'locativeAttr'),
        journalNo: d.application.journalNo,
        service: pick(d.service, lang),
      }),
      { margin: [0, 6, 0, 6] },
    ),
    ...(d.notice
      ? [para(fill(t.notice, { date: dateIn(d.notice.issuedOn, lang, 'locativeAttr'), no: d.notice.noticeNo }))]
      : []),
    ...listBlock(
      t.grounds,
      d.grounds.map((g) => trim(pick(g, lang))),
      true,
    ),
    ...(d.statements.length
      ? [
          para(t.statements, { bold: true }),
          ...d.statements.map((s) => para(fill(t.statement, { who: s.who, text: s.text }))),
        ]
      : []),
    ...(d.applicantPosition ? [para(fill(t.position, { text: d.applicantPosition }))] : []),
    ...listBlock(t.documents, d.documentsSubmitted),
    // The outcome, what follows and the signatures keep together: the signatures never stand alone on a page (F-25).
    {
      stack: [
        para(fill(t.outcome[d.outcome], { result: pick(d.result, lang) }), { bold: true, margin: [0, 6, 0, 6] }),
        ...(d.outcomeNote ? [para(d.outcomeNote)] : []),
        para(fill(plural(t.resultTerm, d.resultWorkingDays, lang), { days: d.resultWorkingDays })),
        signature(fill(t.chairSignature, { name: d.chair.name })),
        signature(fill(t.secretarySignature, { name: d.secretary?.name })),
        signature(fill(t.acquainted, { name: d.applicant.representative ?? d.applicant.fullName })),
      ],
      unbreakable: true,
    },
  ];
  return page(lang, t.title, content);
}
