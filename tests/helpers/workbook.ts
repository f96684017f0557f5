/** A report file the district server makes (XLSX), fetched as the console's script does (bearer token, protocol header) and opened with exceljs. */
import ExcelJS from 'exceljs';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared';

export async function fetchWorkbook(url: string, token: string | null): Promise<ExcelJS.Workbook> {
  const res = await fetch(url, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
  });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return wb;
}
