/**
 * The workbook the console offers for download: one sheet per kind with
 * Kazakh and Russian heading rows, an instructions sheet, and drop-down lists
 * (office types, roles) from a lists sheet (Excel's inline lists are limited
 * to 255 characters, less than the labels in both languages).
 */
import ExcelJS from 'exceljs';
import type { OfficeType, Role } from '../../../shared';
import {
  HEADING_ROWS,
  LAYOUT,
  LISTS_SHEET,
  MAX_ROWS,
  NOTES_SHEET,
  OFFICE_TYPE_LABELS,
  ROLE_LABELS,
  SHEET_ORDER,
} from './layout';

/** Rows that get the drop-down lists (the rest of a sheet may still be filled; the reader checks every row). */
const VALIDATED_ROWS = 500;

const NOTES: Array<[string, string]> = [
  [
    'Бұл файлмен кеңселер, олар қызмет көрсететін елді мекендер, қызметкерлер және балабақшалар бір рет жүктеледі.',
    'Этот файл загружает офисы, обслуживаемые ими населённые пункты, сотрудников и детские сады за один раз.',
  ],
  [
    'Әр парақта алғашқы екі жол — тақырыптар (қазақша, орысша): оларды өзгертпеңіз. Деректер үшінші жолдан басталады.',
    'На каждом листе первые две строки — заголовки (на казахском и русском): не меняйте их. Данные начинаются с третьей строки.',
  ],
  [
    'Кеңселер: код аудан ішінде бірегей (журнал нөмірлерінде басылады). Түрі — тізімнен. ӘАОЖ (КАТО) — 9 цифр.',
    'Офисы: код уникален в районе (печатается в номерах журнала). Тип — из списка. КАТО — 9 цифр.',
  ],
  [
    'Елді мекендер: кеңсе коды осы файлдағы немесе серверде бар кеңсенікі. Кеңсенің бұрынғы елді мекендері сақталады.',
    'Населённые пункты: код офиса из этого файла или уже имеющегося на сервере. Прежние населённые пункты офиса сохраняются.',
  ],
  [
    'Қызметкерлер: логин — латын кіші әріптері, цифрлар, . _ -; бір кеңседе бірегей. Рөлдер үтір арқылы (мысалы: Басшы, Жауапты орындаушы).',
    'Сотрудники: логин — строчные латинские буквы, цифры, . _ -; уникален в офисе. Роли через запятую (например: Руководитель, Ответственный исполнитель).',
  ],
  [
    'Жаңа қызметкерлерге бір реттік құпиясөз беріледі: ол жүктеу нәтижесінде бір рет көрсетіледі.',
    'Новым сотрудникам выдаётся одноразовый пароль: он показывается один раз в результате загрузки.',
  ],
  [
    'Балабақшалар: бір жас тобы — бір жол. Атауы мен мекенжайы балабақшаның бірінші жолында жазылады; келесі жолдарда нөмірі ғана жеткілікті. Жасы 0–7.',
    'Детские сады: одна возрастная группа — одна строка. Название и адрес пишутся в первой строке сада; в следующих достаточно номера. Возраст 0–7.',
  ],
  [
    'Алдымен «Алдын ала қарау»: қателер жол бойынша көрсетіледі, ештеңе жазылмайды. Файл не толық жүктеледі, не мүлде жүктелмейді; сол файлды қайта жүктеу ештеңені өзгертпейді.',
    'Сначала «Предпросмотр»: ошибки показываются по строкам, ничего не записывается. Файл загружается целиком или не загружается вовсе; повторная загрузка того же файла ничего не меняет.',
  ],
  [`Әр парақта ең көбі ${MAX_ROWS} жол.`, `На каждом листе не более ${MAX_ROWS} строк.`],
];

export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Akimat Desk';
  wb.created = new Date(0);

  const notes = wb.addWorksheet(NOTES_SHEET);
  notes.columns = [
    { header: 'Қазақша', width: 90 },
    { header: 'Русский', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const [kk, ru] of NOTES) {
    const row = notes.addRow([kk, ru]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }

  // The lists the drop-downs read: office types and roles, by label in both languages.
  const lists = wb.addWorksheet(LISTS_SHEET);
  const types = Object.keys(OFFICE_TYPE_LABELS) as OfficeType[];
  const roles = Object.keys(ROLE_LABELS) as Role[];
  lists.getRow(1).values = ['Түрі / Тип', 'Рөл / Роль'];
  lists.getRow(1).font = { bold: true };
  const typeLabels = types.flatMap((t) => [OFFICE_TYPE_LABELS[t].kk, OFFICE_TYPE_LABELS[t].ru]);
  const roleLabels = roles.flatMap((r) => [ROLE_LABELS[r].kk, ROLE_LABELS[r].ru]);
  typeLabels.forEach((v, i) => (lists.getCell(i + 2, 1).value = v));
  roleLabels.forEach((v, i) => (lists.getCell(i + 2, 2).value = v));
  lists.getColumn(1).width = 42;
  lists.getColumn(2).width = 30;
  const typeRange = `'${LISTS_SHEET}'!$A$2:$A$${typeLabels.length + 1}`;
  const roleRange = `'${LISTS_SHEET}'!$B$2:$B$${roleLabels.length + 1}`;

  for (const key of SHEET_ORDER) {
    const layout = LAYOUT[key];
    const ws = wb.addWorksheet(layout.sheet, { views: [{ state: 'frozen', ySplit: HEADING_ROWS }] });
    ws.getRow(1).values = layout.columns.map((c) => `${c.title.kk}${c.required ? ' *' : ''}`);
    ws.getRow(2).values = layout.columns.map((c) => `${c.title.ru}${c.required ? ' *' : ''}`);
    ws.getRow(1).font = { bold: true };
    ws.getRow(2).font = { bold: true, italic: true };
    layout.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width ?? 16;
      // Codes, KATO and logins are text: Excel must not turn 010 into 10.
      if (['code', 'officeCode', 'kato', 'login', 'number', 'phone'].includes(c.key)) col.numFmt = '@';
    });
    const typeCol = layout.columns.findIndex((c) => c.key === 'type');
    const roleCol = layout.columns.findIndex((c) => c.key === 'roles');
    for (let r = HEADING_ROWS + 1; r <= HEADING_ROWS + VALIDATED_ROWS; r++) {
      if (typeCol >= 0)
        ws.getCell(r, typeCol + 1).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [typeRange],
          showErrorMessage: true,
          errorTitle: 'Түрі / Тип',
          error: 'Тізімнен таңдаңыз / Выберите из списка',
        };
      // Several roles go in one cell, comma-separated: the list suggests, it does not refuse.
      if (roleCol >= 0)
        ws.getCell(r, roleCol + 1).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [roleRange],
          showErrorMessage: false,
        };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
