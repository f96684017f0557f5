/**
 * Ticket (талон) handed to a complainant (seed 000 §25): the date and time
 * of acceptance and the receiver's name; with the incoming number, what and
 * whom the complaint concerns, and the answer term (seed 002; seed 003 §14).
 */
import type { Lang } from '../model/common';
import { dateIn } from './blocks';
import { page, para, sealPlace, signature, title } from './layout';
import { dateTimeText } from './receipt';
import { dict, fill, pick, plural } from './text';
import type { ComplaintTicketFormData, DocDefinition, PdfContent } from './types';

export function buildComplaintTicket(d: ComplaintTicketFormData, lang: Lang): DocDefinition {
  const t = dict(lang).complaintTicket;
  const c = dict(lang).common;
  const complainant = [
    d.complainant.fullName,
    d.complainant.address ?? '',
    d.complainant.phone ? `${c.phone} ${d.complainant.phone}` : '',
  ]
    .filter(Boolean)
    .join(', ');

  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    title(t.title),
    para(fill(t.incomingNo, { no: d.incomingNo }), { bold: true }),
    para(fill(t.acceptedAt, { dateTime: dateTimeText(d.acceptedAt, lang) }), { bold: true }),
    para(fill(t.receiver, { name: d.receiverName }), { bold: true }),
    para(fill(t.complainant, { value: complainant }), { margin: [0, 6, 0, 6] }),
    ...(d.service ? [para(fill(t.service, { service: pick(d.service, lang) }))] : []),
    para(fill(t.subject, { text: d.subject })),
    ...(d.against ? [para(fill(t.against, { text: d.against }))] : []),
    para(fill(plural(t.term, d.answerWorkingDays, lang), { days: d.answerWorkingDays }), { margin: [0, 6, 0, 6] }),
    ...(d.answerBy ? [para(fill(t.answerBy, { date: dateIn(d.answerBy, lang, 'dative') }))] : []),
    ...(d.answerPlace ? [para(fill(t.answerPlace, { place: pick(d.answerPlace, lang) }))] : []),
    para(t.byPost),
    para(fill(plural(t.authority, d.authorityWorkingDays, lang), { days: d.authorityWorkingDays })),
    signature(fill(t.receiverSignature, { name: d.receiverName })),
    sealPlace(lang),
  ];
  return page(lang, t.title, content);
}
