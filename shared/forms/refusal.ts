/**
 * Reasoned refusal to provide the service (дәлелді жауап, seed 000 §5, §16),
 * for every service: the ground from the entry's catalog, the child only for
 * services about a child, and the hearing when one preceded it (seed 003 Annex 11 §10).
 */
import { formatOfficialDate } from '../format/dates';
import { dateIn } from './blocks';
import type { Lang } from '../model/common';
import { outgoingNo, page, para, sealPlace, signature, title } from './layout';
import { dict, fill, pick } from './text';
import type { PdfContent, DocDefinition, RefusalFormData } from './types';

export function buildRefusal(d: RefusalFormData, lang: Lang): DocDefinition {
  const t = dict(lang).refusal;
  const date = (iso: string) => formatOfficialDate(iso, lang);
  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    outgoingNo(lang, date(d.issuedOn)),
    title(t.title),
    para(fill(t.to, { name: d.applicant.fullName, address: d.applicant.address }), { margin: [0, 0, 0, 10] }),
    para(
      d.child
        ? fill(t.body, {
            date: dateIn(d.applicationDate, lang, 'locativeAttr'),
            journalNo: d.journalNo,
            child: d.child.fullName,
            birthDate: date(d.child.birthDate),
            service: pick(d.service, lang),
          })
        : fill(t.bodyNoChild, {
            date: dateIn(d.applicationDate, lang, 'locativeAttr'),
            journalNo: d.journalNo,
            service: pick(d.service, lang),
          }),
    ),
    para(fill(t.ground, { ground: pick(d.ground, lang).replace(/[.\s]+$/, '') })),
    para(fill(t.reason, { reason: d.reason })),
    ...(d.hearing
      ? [
          para(
            d.hearing.recordNo
              ? fill(t.hearingRecord, {
                  date: dateIn(d.hearing.heldOn, lang, 'locativeAttr'),
                  recordNo: d.hearing.recordNo,
                })
              : fill(t.hearing, { date: dateIn(d.hearing.heldOn, lang, 'locativeAttr') }),
          ),
        ]
      : []),
    // Where and within what terms to complain, and the pre-trial complaint before a court (seed 003 §14; F-24).
    para(fill(t.appeal, { providerDays: d.complaintDays.provider, authorityDays: d.complaintDays.authority })),
    ...(d.executorName ? [para(fill(t.executor, { name: d.executorName }), { margin: [0, 8, 0, 0] })] : []),
    signature(fill(t.headSignature, { title: pick(d.office.headTitle, lang), name: d.headName })),
    sealPlace(lang),
  ];
  return page(lang, t.title, content);
}
