/**
 * The enrolment code sheet the district hands to an office with its laptop:
 * the office, the one-time code, the server's address, the certificate's
 * fingerprint and the short steps, in Kazakh or Russian. Built as a pdfmake
 * definition like the desk's forms (the same Tinos fonts, A4) and rendered by
 * renderer/print.
 */
import i18n from '../i18n';
import { FORM_FONT, enrolmentText, formatFingerprint, type DocDefinition, type Lang } from '../../shared';

export type CodeSheet = {
  officeName: string;
  officeCode: string;
  code: string;
  expiresAt: string;
  serverUrl: string;
  fingerprint: string | null;
  deviceName?: string;
};

function dateTime(instant: string): string {
  const d = new Date(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function codeSheetDoc(sheet: CodeSheet, lang: Lang): DocDefinition {
  const t = i18n.getFixedT(lang, 'ui');
  const steps = [1, 2, 3, 4, 5].map((n) => t(`console.sheet.step${n}`, { server: sheet.serverUrl }));
  const title = t('console.sheet.title');
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [60, 50, 45, 50],
    language: lang === 'kk' ? 'kk-KZ' : 'ru-RU',
    info: { title, subject: title, creator: 'akimat-desk' },
    defaultStyle: { font: FORM_FONT, fontSize: 12, lineHeight: 1.2 },
    styles: {},
    content: [
      { text: title, fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 16] },
      {
        table: {
          widths: [170, '*'],
          body: [
            [t('console.sheet.office'), { text: `${sheet.officeName} (${sheet.officeCode})`, bold: true }],
            ...(sheet.deviceName ? [[t('console.sheet.device'), sheet.deviceName]] : []),
            [t('console.sheet.server'), { text: sheet.serverUrl, bold: true }],
            [t('console.sheet.expires'), dateTime(sheet.expiresAt)],
          ],
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 16],
      },
      { text: t('console.sheet.code'), alignment: 'center' },
      { text: sheet.code, fontSize: 24, bold: true, alignment: 'center', characterSpacing: 2, margin: [0, 4, 0, 16] },
      ...(sheet.fingerprint
        ? [
            { text: t('console.sheet.fingerprint'), fontSize: 10 },
            { text: formatFingerprint(sheet.fingerprint), fontSize: 10, bold: true, margin: [0, 2, 0, 16] },
          ]
        : [{ text: t('console.sheet.noTls'), fontSize: 10, italics: true, margin: [0, 0, 0, 16] }]),
      // Address and code in one line, and as a QR code for a scanner: nothing to retype (#16 item 9).
      { text: t('console.sheet.line'), fontSize: 10, alignment: 'center' },
      { qr: enrolmentText(sheet.serverUrl, sheet.code), fit: 120, alignment: 'center', margin: [0, 4, 0, 4] },
      {
        text: enrolmentText(sheet.serverUrl, sheet.code),
        fontSize: 10,
        bold: true,
        alignment: 'center',
        margin: [0, 0, 0, 16],
      },
      { text: t('console.sheet.steps'), bold: true, margin: [0, 0, 0, 6] },
      { ol: steps, margin: [0, 0, 0, 16] },
      { text: t('console.sheet.once'), fontSize: 10, italics: true },
    ],
  } as DocDefinition;
}
