/**
 * Result of a service whose seeds give no template: a certificate,
 * conclusion, order, decision, permission, recommendation... titled by its
 * kind and named as in the catalog, with the executor's text, numbers,
 * dates and signatures.
 */
import type { Lang } from '../model/common';
import { childText, dateIn, heading, officialDate, typedParagraphs } from './blocks';
import { page, para, sealPlace, signature } from './layout';
import { dict, fill, pick } from './text';
import type { DocDefinition, GenericResultFormData, PdfContent } from './types';

export function buildGenericResult(d: GenericResultFormData, lang: Lang): DocDefinition {
  const t = dict(lang).genericResult;
  const date = (iso: string) => officialDate(iso, lang);
  // "other" has no word of its own: the catalog's name of the result is the title.
  const kind = (t.kinds as Record<string, string | undefined>)[d.kind];
  // A duplicate certificate and a school's order are the strict-accountability blank and the school's own form:
  // this sheet only records their issue and must not pass for them (issue #15, F-21).
  const cover = d.kind === 'duplicate' || d.kind === 'order' ? d.kind : undefined;
  const lines = cover
    ? [
        { text: fill(t.coverHeading, { no: d.documentNo, title: t.cover[cover] }), bold: true },
        { text: pick(d.resultName, lang), bold: false },
      ]
    : kind
      ? [
          { text: fill(t.heading, { no: d.documentNo, kind }), bold: true },
          { text: pick(d.resultName, lang), bold: false },
        ]
      : [
          { text: pick(d.resultName, lang), bold: true },
          { text: fill(t.headingNoKind, { no: d.documentNo }), bold: false },
        ];

  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    heading(lines),
    para(
      d.recipient.address
        ? fill(t.to, { name: d.recipient.fullName, address: d.recipient.address })
        : fill(t.toNoAddress, { name: d.recipient.fullName }),
    ),
    ...(d.child ? [para(childText(d.child, lang, t.child))] : []),
    para(fill(t.service, { service: pick(d.service, lang) })),
    ...(d.application
      ? [
          para(
            fill(t.basis, {
              date: dateIn(d.application.date, lang, 'locativeAttr'),
              journalNo: d.application.journalNo,
            }),
          ),
        ]
      : []),
    { stack: typedParagraphs(d.body), margin: [0, 8, 0, 4] },
    ...(d.validUntil ? [para(fill(t.validUntil, { date: dateIn(d.validUntil, lang, 'dative') }), { bold: true })] : []),
    ...(cover ? [para(t.coverNote[cover], { margin: [0, 6, 0, 0] })] : []),
    ...(d.executorName ? [para(fill(t.executor, { name: d.executorName }), { margin: [0, 8, 0, 0] })] : []),
    para(fill(t.date, { date: date(d.issuedOn) })),
    ...d.signatures.map((s) => signature(fill(t.signature, { title: pick(s.title, lang), name: s.name }))),
    sealPlace(lang),
    ...(cover ? [signature(fill(t.coverReceived, { name: d.recipient.fullName }))] : []),
  ];
  return page(lang, lines[0].text, content);
}
