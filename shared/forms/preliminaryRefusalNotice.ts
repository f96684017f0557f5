/**
 * Notice of a preliminary decision to refuse and of the hearing (seed 003
 * Annex 11 §10; Administrative Procedure Code art. 73): the grounds, the
 * facts, when and where the applicant may state a position, the right to
 * object, what follows. Sent no later than 3 working days before the term ends.
 */
import type { Lang } from '../model/common';
import { dateIn, listBlock, officialDate, twoColumns } from './blocks';
import { page, para as basePara } from './layout';
import { dict, fill, pick, plural } from './text';
import type { DocDefinition, PdfContent, PreliminaryRefusalNoticeFormData } from './types';

export function buildPreliminaryRefusalNotice(d: PreliminaryRefusalNoticeFormData, lang: Lang): DocDefinition {
  const t = dict(lang).preliminaryNotice;
  const date = (iso: string) => officialDate(iso, lang);
  const trim = (s: string) => s.replace(/[.\s;]+$/, '');
  // Tighter than other forms: the longest camp ground (decree No. 64) must still leave the notice on one page.
  const para: typeof basePara = (text, extra = {}) => basePara(text, { margin: [0, 0, 0, 4], ...extra });
  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    { text: t.title, style: 'title', margin: [0, 8, 0, 4] },
    ...(d.noticeNo
      ? [
          {
            text: fill(t.number, { no: d.noticeNo, date: date(d.issuedOn) }),
            alignment: 'center' as const,
            margin: [0, 0, 0, 8] as [number, number, number, number],
          },
        ]
      : []),
    para(fill(t.to, { name: d.applicant.fullName, address: d.applicant.address }), { margin: [0, 0, 0, 6] }),
    para(
      `${fill(t.body, { date: dateIn(d.application.date, lang, 'locativeAttr'), journalNo: d.application.journalNo, service: pick(d.service, lang) })} ${t.decision}`,
    ),
    ...(d.child
      ? [
          para(
            d.child.birthDate
              ? fill(t.child, { name: d.child.fullName, birthDate: date(d.child.birthDate) })
              : fill(t.childNoDate, { name: d.child.fullName }),
          ),
        ]
      : []),
    ...listBlock(
      t.grounds,
      d.grounds.map((g) => trim(pick(g, lang))),
      true,
    ),
    para(fill(t.reason, { reason: d.reason })),
    para(
      fill(t.hearing, {
        date: dateIn(d.hearing.at.date, lang, 'locative'),
        time: d.hearing.at.time,
        place: trim(pick(d.hearing.place, lang)),
      }),
      { bold: true },
    ),
    para(fill(plural(t.rights, d.objectionWorkingDays, lang), { days: d.objectionWorkingDays })),
    para(
      [
        fill(plural(t.result, d.resultWorkingDays, lang), { days: d.resultWorkingDays, result: pick(d.result, lang) }),
        ...(d.termEndsOn ? [fill(t.term, { date: dateIn(d.termEndsOn, lang, 'locative') })] : []),
      ].join(' '),
    ),
    {
      stack: [
        twoColumns(
          d.executorName ? fill(t.executor, { name: d.executorName }) : '',
          fill(t.date, { date: date(d.issuedOn) }),
        ),
        {
          text: fill(t.headSignature, { title: pick(d.office.headTitle, lang), name: d.headName }),
          margin: [0, 10, 0, 0],
        },
        { text: fill(t.received, { name: d.applicant.fullName }), margin: [0, 10, 0, 0] },
      ],
      unbreakable: true,
    },
  ];
  return page(lang, t.title, content);
}
