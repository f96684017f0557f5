/**
 * Application of a service whose seeds give no form: the addressee and the
 * applicant as on Appendix 6 of seed 000, the service by its catalog name,
 * the child if any, the entry's extra fields, the documents handed in,
 * consent, date and signature.
 */
import type { Lang } from '../model/common';
import { childText, listBlock, officialDate, senderBlock, twoColumns } from './blocks';
import { page, para, rightBlock, title } from './layout';
import { dict, fill, fillInline, pick } from './text';
import type { DocDefinition, GenericApplicationFormData, PdfContent } from './types';

export function buildGenericApplication(d: GenericApplicationFormData, lang: Lang): DocDefinition {
  const t = dict(lang).genericApplication;
  const date = (iso: string) => officialDate(iso, lang);

  const sender = senderBlock(d.office.addressee, d.applicant, t, lang);

  const content: PdfContent[] = [
    rightBlock(sender),
    title(t.title),
    para(fill(t.request, { service: pick(d.service, lang) })),
    ...(d.child ? [para(childText(d.child, lang, t.child))] : []),
    ...d.fields.map((f) => para(fill(t.field, { name: pick(f.name, lang), value: f.value }))),
    ...(d.request ? [para(fill(t.requestText, { text: d.request }))] : []),
    ...listBlock(
      t.documents,
      d.documents.map((doc) => pick(doc, lang)),
    ),
    ...(d.consent ? [para(t.consent)] : []),
    twoColumns(fill(t.date, { date: date(d.acceptedOn) }), t.signature),
    ...(d.journalNo
      ? [{ text: fillInline(t.registered, { journalNo: d.journalNo, date: date(d.acceptedOn) }), style: 'registered' }]
      : []),
  ];
  return page(lang, t.title, content);
}
