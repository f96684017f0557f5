/** Appendix 5: notification that the child is registered in the queue (seed 000). */
import { formatOfficialDate } from '../format/dates';
import type { Lang } from '../model/common';
import { appendixNote, caption, page, para, signature, title } from './layout';
import { dict, fill, fillInline, pick } from './text';
import type { PdfContent, DocDefinition, NotificationFormData } from './types';

export function buildNotification(d: NotificationFormData, lang: Lang): DocDefinition {
  const t = dict(lang).notification;
  const date = (iso: string) => formatOfficialDate(iso, lang);
  const content: PdfContent[] = [
    appendixNote(lang, d.service, t.appendixNo),
    { text: pick(d.office.body, lang), style: 'header' },
    title(t.title),
    para(
      fillInline(t.issuedTo, {
        parent: d.parentName,
        parentCaption: caption(t.parentCaption),
        child: d.child.fullName,
        childCaption: caption(t.childCaption),
      }),
    ),
    para(
      fill(t.queued[d.child.sex === 'female' ? 'female' : 'male'], {
        date: date(d.registeredOn),
        journalNo: d.journalNo,
      }),
    ),
    ...(d.queuePosition
      ? [
          para(fill(t.position, { asOf: date(d.queuePosition.asOf), position: d.queuePosition.position }), {
            bold: true,
          }),
        ]
      : []),
    para(t.follow),
    para(fill(t.issuedOn, { date: date(d.issuedOn) }), { margin: [0, 10, 0, 0] }),
    signature(fill(t.specialist, { name: d.specialistName })),
  ];
  return page(lang, t.title, content);
}
