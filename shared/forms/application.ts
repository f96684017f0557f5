/** Appendix 6 of the standard: the application to queue a child (seed 000). */
import { formatOfficialDate } from '../format/dates';
import type { Lang } from '../model/common';
import { appendixNote, page, para, rightBlock, title } from './layout';
import { dict, fill, fillInline, pick } from './text';
import { senderBlock } from './blocks';
import type { ApplicationFormData, PdfContent, DocDefinition } from './types';

export function buildApplication(d: ApplicationFormData, lang: Lang): DocDefinition {
  const t = dict(lang).application;
  const c = dict(lang).common;
  const date = (iso: string) => formatOfficialDate(iso, lang);

  const sender = senderBlock(d.office.addressee, d.applicant, t, lang);

  const priorityText = d.priority
    ? [pick(d.priority.category, lang), pick(d.priority.proof, lang), d.priority.document].filter(Boolean).join(' — ')
    : c.none;
  // The seed's blanks: mother, father and a third line; a blank left empty is filled by hand (F-12).
  const workplace = (text: string, place: string | undefined, last = false): PdfContent => ({
    text: fill(text, { place: place ?? '' }),
    margin: [18, 0, 0, last ? 8 : 2],
  });

  const content: PdfContent[] = [
    appendixNote(lang, t.appendixNo),
    rightBlock(sender),
    title(t.title),
    para(
      fill(t.request, {
        kindergartens: d.kindergartenNumbers.join(', '),
        child: d.child.fullName,
        iinLabel: c.iin,
        childIin: d.child.iin,
        birthDate: date(d.child.birthDate),
      }),
    ),
    para(fill(t.priority, { documents: priorityText })),
    para(t.workplaces, { margin: [0, 4, 0, 2] }),
    workplace(t.mother, d.workplaces.mother),
    workplace(t.father, d.workplaces.father),
    workplace(t.other, undefined, true),
    ...(d.consent ? [para(t.consent)] : []),
    {
      columns: [
        { text: fill(t.date, { date: date(d.acceptedOn) }), width: '*' },
        { text: t.signature, width: 'auto' },
      ],
      style: 'signature',
    },
    { text: fillInline(t.registered, { journalNo: d.journalNo, date: date(d.acceptedOn) }), style: 'registered' },
  ];
  return page(lang, t.title, content);
}
