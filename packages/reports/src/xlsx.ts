import { Workbook, type Worksheet } from 'exceljs';
import { NOTE_LABEL } from './csv';
import type { Report } from './report';
import { BINDING_VOTE_COLUMNS, BINDING_VOTES_TITLE } from './binding-rows';
import { COLUMNS } from './rows';

export const NOTES_SHEET = 'Ghi chú';

/** Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The rows on the first sheet (numbers as numbers, percentages as the text the
 * view serves, so nothing is re-rounded), the binding votes on the second, and
 * what the reader must know about them on "Ghi chú". Missing data is also flagged under the rows, where it is seen.
 */
export async function toXlsx(report: Report): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Ban Tổ chức Thành ủy';
  workbook.created = report.generatedAt;
  writeRows(workbook.addWorksheet(`Tổng hợp ${report.year}`, { views: [{ state: 'frozen', ySplit: 1 }] }), report);
  writeBindingVotes(workbook.addWorksheet(`${BINDING_VOTES_TITLE} ${report.year}`, { views: [{ state: 'frozen', ySplit: 1 }] }), report);
  writeNotes(workbook.addWorksheet(NOTES_SHEET), report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeRows(sheet: Worksheet, report: Report): void {
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const row of report.rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  if (report.notes.length === 0) return;
  sheet.addRow([]);
  for (const note of report.notes) sheet.addRow([NOTE_LABEL, note]).font = { italic: true, color: { argb: 'FFC00000' } };
}

function writeBindingVotes(sheet: Worksheet, report: Report): void {
  sheet.columns = BINDING_VOTE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const row of report.bindingVotes) sheet.addRow(row);
}

function writeNotes(sheet: Worksheet, report: Report): void {
  sheet.columns = [{ width: 24 }, { width: 100 }];
  sheet.addRows([
    ['Năm', report.year],
    ['Thời điểm lập', vietnamTime(report.generatedAt)],
    ['Số kết quả', report.rows.length],
    ['Số kết quả bỏ phiếu tín nhiệm', report.bindingVotes.length],
    ['Dữ liệu', report.notes.length === 0 ? 'Đầy đủ: mọi khối đã trả lời' : 'Không đầy đủ: xem các dòng dưới đây'],
    ...report.notes.map((note) => ['Thiếu dữ liệu', note]),
  ]);
  sheet.getColumn(1).font = { bold: true };
}

function vietnamTime(at: Date): string {
  const [date = '', time = ''] = new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 8)} (UTC+07:00)`;
}
