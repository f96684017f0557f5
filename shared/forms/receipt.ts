/** Receipt (қолхат) that all documents were accepted: the items of seed 000 §14. */
import { formatOfficialDate } from '../format/dates';
import type { Lang } from '../model/common';
import { numbered, page, para, signature, title } from './layout';
import { dict, fill, pick } from './text';
import type { PdfContent, DocDefinition, FormDateTime, ReceiptFormData } from './types';

export function dateTimeText(at: FormDateTime, lang: Lang): string {
  return fill(dict(lang).common.dateTime, { date: formatOfficialDate(at.date, lang), time: at.time });
}

export function buildReceipt(d: ReceiptFormData, lang: Lang): DocDefinition {
  const t = dict(lang).receipt;
  const c = dict(lang).common;
  const person = (p: { fullName: string; phone?: string } | null) =>
    p ? [p.fullName, p.phone ? `${c.phone} ${p.phone}` : ''].filter(Boolean).join(', ') : c.none;

  // Each item: the standard's words as the label, the value under it.
  const item = (n: number, label: string, value: PdfContent[]): PdfContent => ({
    stack: [
      { text: `${n}. ${label}`, bold: true },
      { stack: value, margin: [18, 2, 0, 0] },
    ],
    margin: [0, 0, 0, 8],
    unbreakable: true,
  });
  const docs = d.documents.map((doc) => pick(doc, lang));

  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    title(t.title),
    item(1, t.requestNo, [
      fill(t.requestNoValue, { journalNo: d.journalNo, dateTime: dateTimeText(d.acceptedAt, lang) }),
    ]),
    item(2, t.service, [pick(d.service, lang)]),
    item(3, t.documents, [fill(t.documentsCount, { count: docs.length }), ...(docs.length ? [numbered(docs)] : [])]),
    item(4, t.issue, [
      fill(t.issueValue, { dateTime: dateTimeText(d.issueAt, lang), place: pick(d.issuePlace, lang) }),
    ]),
    item(5, t.acceptedBy, [d.acceptedBy]),
    item(6, t.recipient, [person(d.recipient)]),
    item(7, t.representative, [person(d.representative)]),
    signature(fill(t.workerSignature, { name: d.acceptedBy })),
    signature(fill(t.applicantSignature, { name: (d.representative ?? d.recipient).fullName })),
    para(`${c.dateLabel} ${formatOfficialDate(d.acceptedAt.date, lang)}`, { margin: [0, 10, 0, 0] }),
  ];
  return page(lang, t.title, content);
}
