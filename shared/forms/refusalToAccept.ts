/**
 * Receipt of refusal to accept documents (seed 000 §16, form of seed 003
 * Annex 3): lists exactly the missing documents and is made in two copies,
 * one for each side, printed as two pages of one PDF. The list it cites is
 * the standard's or the rules' requirements, by the service's act, and it is
 * signed as Annex 3 has it: the worker, the executor, the one who received it
 * (issue #15, F-14).
 */
import type { Lang } from '../model/common';
import { numbered, page, para, signature, title } from './layout';
import { dateTimeText } from './receipt';
import { dict, fill, pick } from './text';
import type { PdfContent, DocDefinition, RefusalToAcceptFormData } from './types';

export const REFUSAL_TO_ACCEPT_COPIES = 2;

export function buildRefusalToAccept(d: RefusalToAcceptFormData, lang: Lang): DocDefinition {
  const t = dict(lang).refusalToAccept;
  const c = dict(lang).common;
  const applicant = [
    d.applicant.fullName,
    d.applicant.iin ? `${c.iin} ${d.applicant.iin}` : '',
    d.applicant.phone ? `${c.phone} ${d.applicant.phone}` : '',
  ]
    .filter(Boolean)
    .join(', ');

  const copy = (n: number): PdfContent => ({
    stack: [
      { text: fill(c.copyMark, { n }), style: 'copyMark' },
      { text: pick(d.office.body, lang), style: 'header', margin: [0, 6, 0, 0] },
      title(t.title),
      para(
        fill(t.body, {
          office: pick(d.office.body, lang),
          address: pick(d.office.address, lang),
          service: pick(d.service, lang),
          list: t.list[d.listedIn],
        }),
      ),
      para(t.missingTitle, { bold: true }),
      numbered(d.missing.map((m) => pick(m, lang))),
      para(t.copies),
      para(fill(t.applicant, { name: applicant }), { margin: [0, 6, 0, 0] }),
      signature(fill(t.worker, { name: d.worker })),
      para(fill(t.executor, { name: '' }), { margin: [0, 10, 0, 0] }),
      para(fill(t.receiver, { name: d.applicant.fullName })),
      signature(fill(t.received, { date: dateTimeText(d.at, lang) })),
    ],
    ...(n > 1 ? { pageBreak: 'before' as const } : {}),
  });

  return page(
    lang,
    t.title,
    Array.from({ length: REFUSAL_TO_ACCEPT_COPIES }, (_, i) => copy(i + 1)),
    // Two copies, one per page, not two pages of one paper: unnumbered.
    { pageNumbers: false },
  );
}
