/**
 * The district's XLSX import as its staff use it: the template downloaded
 * from the server, filled row by row with exceljs (as a spreadsheet program
 * would save it), sent to the preview or apply route.
 */
import ExcelJS from 'exceljs';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type ImportReport } from '../../shared';
import type { DistrictClient, Reply } from '../support/client';
import { LAYOUT, type SheetKey } from '../../server/admin/import/layout';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type SheetRows = Partial<Record<SheetKey, Array<Array<string | number | Date | null>>>>;

/** GET /v1/district/import/template.xlsx, as bytes and with its content type. */
export async function importTemplate(district: DistrictClient): Promise<{ bytes: Buffer; contentType: string | null }> {
  const res = await fetch(`${district.baseUrl}/v1/district/import/template.xlsx`, {
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${district.token}` },
  });
  if (res.status !== 200) throw new Error(`import template: HTTP ${res.status}`);
  return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
}

/** The template with these rows from its third row on (the first two are the headings), one array per row, in column order. */
export async function importWorkbook(district: DistrictClient, rows: SheetRows): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await importTemplate(district)).bytes as unknown as ExcelJS.Buffer);
  for (const [key, list] of Object.entries(rows) as Array<[SheetKey, Array<Array<string | number | Date | null>>]>) {
    const ws = wb.getWorksheet(LAYOUT[key].sheet)!;
    list.forEach((values, i) => {
      const row = ws.getRow(3 + i);
      values.forEach((v, c) => {
        if (v !== null) row.getCell(c + 1).value = v;
      });
      row.commit();
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** POST the file to /v1/district/import/preview or /apply. */
export const sendImport = (
  district: DistrictClient,
  path: 'preview' | 'apply',
  bytes: Buffer | string,
  contentType = XLSX,
): Promise<Reply<ImportReport & { error?: string }>> =>
  district.request<ImportReport & { error?: string }>('POST', `/v1/district/import/${path}`, undefined, {
    raw: bytes as Buffer,
    headers: { 'content-type': contentType },
  });
