/** Blocks the forms of the other services share, on top of layout.ts. */
import { formatKkDate, formatOfficialDate, type KkDateForm } from '../format/dates';
import type { BiText, Lang } from '../model/common';
import { caption, para } from './layout';
import { dict, fill, fillInline, pick } from './text';
import type { FormChild, PdfContent } from './types';

export const officialDate = (iso: string, lang: Lang) => formatOfficialDate(iso, lang);

/**
 * A date inside a sentence (issue #15, F-02): Kazakh puts it in the case the
 * phrase needs ("2025 жылғы 16 наурызға дейін", "2025 жылғы 7 наурыздағы №
 * …", formatKkDate); Russian papers write «16» марта 2025 г. there too. A date
 * that stands alone (Күні, берілді) stays officialDate.
 */
export const dateIn = (iso: string, lang: Lang, form: KkDateForm) =>
  lang === 'kk' ? formatKkDate(iso, form) : formatOfficialDate(iso, lang);

/** Width of the top-right block, as layout.ts uses for appendix notes. */
const RIGHT_BLOCK_WIDTH = 260;

/** "…қағидаларына 1-қосымша / Нысан" in the top right corner of a form annexed to service rules (seed 003). */
export function rulesAppendixNote(lang: Lang, service: BiText, n: string): PdfContent {
  const c = dict(lang).common;
  return {
    columns: [
      { text: '', width: '*' },
      {
        stack: [
          { text: fill(c.appendixRules, { service: pick(service, lang), n }), style: 'appendix' },
          { text: c.formMark, style: 'appendix', alignment: 'right', margin: [0, 2, 0, 0] },
        ],
        width: RIGHT_BLOCK_WIDTH,
      },
    ],
    margin: [0, 0, 0, 10],
  };
}

/** A centred title of one or more lines; the bold ones larger, like the referral's heading. */
export function heading(lines: Array<{ text: string; bold: boolean }>): PdfContent {
  return {
    stack: lines.map((l) => (l.bold ? { text: l.text, bold: true, fontSize: 14 } : { text: l.text })),
    alignment: 'center',
    margin: [0, 14, 0, 12],
  };
}

/** The text of a heading for the PDF's metadata: its bold line, else the first. */
export const headingTitle = (lines: Array<{ text: string; bold: boolean }>) =>
  (lines.find((l) => l.bold) ?? lines[0]).text;

/**
 * "1) …;" items as layout's numbered(), except that an item already ending in
 * a full stop (a date ending "2018 ж.") gets no second one.
 */
function numberedItems(items: string[], style: { fontSize?: number; lineHeight?: number }): PdfContent {
  const end = (t: string, last: boolean) => (last ? (t.endsWith('.') ? '' : '.') : ';');
  return {
    stack: items.map((t, i) => ({
      text: `${i + 1}) ${t}${end(t, i === items.length - 1)}`,
      margin: [18, 0, 0, 2] as [number, number, number, number],
    })),
    margin: [0, 0, 0, 6],
    ...style,
  };
}

/**
 * A labelled list ("Бас тарту негіздері: 1) …; 2) …."), or nothing when empty.
 * `quoted` sets legal texts quoted at length (the refusal grounds) a size smaller.
 */
export function listBlock(label: string, items: string[], quoted = false): PdfContent[] {
  return items.length
    ? [para(label, { bold: true }), numberedItems(items, quoted ? { fontSize: 11, lineHeight: 1.05 } : {})]
    : [];
}

/** "Name, «08» наурыз 2015 ж., ЖСН …": a child as official lines name one. */
export function childText(ch: FormChild, lang: Lang, template: string): string {
  const c = dict(lang).common;
  const base = fill(template, { name: ch.fullName, birthDate: officialDate(ch.birthDate, lang) });
  return ch.iin ? `${base}, ${c.iin} ${ch.iin}` : base;
}

/** Typed text keeps the person's line breaks as separate paragraphs. */
export const typedParagraphs = (paragraphs: string[]): PdfContent[] => paragraphs.map((p) => para(p));

/** Left column text and right column text on one line (date on the left, signature on the right). */
export function twoColumns(left: string, right: string): PdfContent {
  return {
    columns: [
      { text: left, width: '*' },
      { text: right, width: 'auto' },
    ],
    style: 'signature',
  };
}

type Sender = {
  address: string;
  fullName: string;
  iin: string;
  phone: string;
  proxy?: { principalName: string; powerOfAttorney: BiText } | null;
};

/** The applicant's block under the addressee, as on Appendix 6 of seed 000 (every application uses it). */
export function senderBlock(
  addressee: BiText,
  applicant: Sender,
  t: { sender: string[]; nameCaption: string; proxy: string },
  lang: Lang,
): PdfContent[] {
  const c = dict(lang).common;
  return [
    { text: pick(addressee, lang), margin: [0, 0, 0, 6] },
    ...t.sender.map((line): PdfContent => ({
      text: fillInline(line, {
        address: applicant.address,
        name: applicant.fullName,
        nameCaption: caption(t.nameCaption),
      }),
    })),
    ...(applicant.proxy
      ? [
          {
            text: fill(t.proxy, {
              principal: applicant.proxy.principalName,
              poa: pick(applicant.proxy.powerOfAttorney, lang),
            }),
          },
        ]
      : []),
    { text: `${c.iin} ${applicant.iin}` },
    { text: `${c.phone} ${applicant.phone}` },
  ];
}
