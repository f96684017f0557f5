/** Appendix 5: notification that the child is registered in the queue (seed 000). */
import { formatOfficialDate } from '../format/dates';
import { dateIn } from './blocks';
import type { Lang } from '../model/common';
import { appendixNote, caption, page, para, signature, title } from './layout';
import { dict, fill, fillInline, pick } from './text';
import type { PdfContent, DocDefinition, NotificationFormData } from './types';

export function buildNotification(d: NotificationFormData, lang: Lang): DocDefinition {
  const t = dict(lang).notification;
  const date = (iso: string) => formatOfficialDate(iso, lang);
  const content: PdfContent[] = [
    appendixNote(lang, t.appendixNo),
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
      // The journal date where the template has "20___ жылғы «____» ____________" (F-07).
      fill(t.queued[d.child.sex === 'female' ? 'female' : 'male'], {
        date: dateIn(d.registeredOn, lang, 'plain'),
        journalNo: d.journalNo,
      }),
    ),
    ...(d.queuePosition
      ? [
          // The district numbers each age apart, and the line says so, lest parents compare across ages (F-09).
          para(
            fill(d.queuePosition.age !== undefined ? t.position.district : t.position.office, {
              asOf: dateIn(d.queuePosition.asOf, lang, 'locativeAttr'),
              position: d.queuePosition.position,
              age: d.queuePosition.age,
            }),
            { bold: true },
          ),
        ]
      : []),
    para(t.follow),
    para(fill(t.issuedOn, { date: date(d.issuedOn) }), { margin: [0, 10, 0, 0] }),
    // The seed's "(білім басқармасының маманы)" under the line, for the office that issues it (F-08).
    signature(fillInline(t.specialist, { name: d.specialistName, caption: caption(pick(d.office.specialist, lang)) })),
  ];
  return page(lang, t.title, content);
}
