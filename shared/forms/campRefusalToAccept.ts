/**
 * Receipt of refusal to accept documents for camp referrals (seed 003
 * Annex 11 Annex 3, in its wording): the State Corporation's department or
 * the provider's office, exactly the missing documents, two copies, one for
 * each side, printed as two pages of one PDF.
 */
import type { Lang } from '../model/common';
import { listBlock, officialDate, rulesAppendixNote } from './blocks';
import { caption, page, para, signature, title } from './layout';
import { dict, fill, fillInline, pick } from './text';
import type { CampRefusalToAcceptFormData, DocDefinition, PdfContent } from './types';

export const CAMP_REFUSAL_TO_ACCEPT_COPIES = 2;

export function buildCampRefusalToAccept(d: CampRefusalToAcceptFormData, lang: Lang): DocDefinition {
  const t = dict(lang).campRefusalToAccept;
  const c = dict(lang).common;
  const issuer =
    d.issuer.kind === 'stateCorporation'
      ? fill(t.stateCorporation, { branchNo: d.issuer.branchNo })
      : pick(d.issuer.body, lang);

  const copy = (n: number): PdfContent => ({
    stack: [
      { text: fill(c.copyMark, { n }), style: 'copyMark' },
      rulesAppendixNote(lang, d.service, t.appendixNo),
      title(t.title),
      para(
        fillInline(t.body, {
          issuer,
          address: pick(d.issuer.address, lang),
          addressCaption: caption(t.addressCaption),
          // As Annex 3 prints it: the name, then its caption, no quotes (F-15).
          service: pick(d.service, lang),
          serviceCaption: caption(t.serviceCaption),
        }),
      ),
      ...listBlock(
        t.missingTitle,
        d.missing.map((m) => pick(m, lang)),
      ),
      para(t.copies),
      signature(fill(t.worker, { name: d.worker, role: t.workerRole[d.issuer.kind] })),
      para(fill(t.executor, { name: d.executor }), { margin: [0, 10, 0, 0] }),
      para(fill(t.receiver, { name: d.applicantName })),
      signature(fill(t.receiverSignature, { date: officialDate(d.at.date, lang) })),
    ],
    ...(n > 1 ? { pageBreak: 'before' as const } : {}),
  });

  return page(
    lang,
    t.title,
    Array.from({ length: CAMP_REFUSAL_TO_ACCEPT_COPIES }, (_, i) => copy(i + 1)),
    // Two copies, one per page, not two pages of one paper: unnumbered.
    { pageNumbers: false },
  );
}
