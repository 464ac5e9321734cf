import type { Report } from './report';
import { COLUMNS } from './rows';

/** Excel reads a CSV without a byte-order mark in the machine's legacy code page and garbles Vietnamese. */
const BOM = '\uFEFF';

/**
 * RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled. Notes on missing data follow the rows, after an empty row,
 * so a reader of the file cannot miss that it is incomplete.
 */
export function toCsv(report: Report): Buffer {
  const width = COLUMNS.length;
  const records: (string | number)[][] = [
    COLUMNS.map((c) => c.header),
    ...report.rows.map((row) => COLUMNS.map((c) => row[c.key])),
  ];
  if (report.notes.length > 0) {
    records.push(pad([], width));
    for (const note of report.notes) records.push(pad([NOTE_LABEL, note], width));
  }
  return Buffer.from(BOM + records.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n', 'utf8');
}

export const NOTE_LABEL = 'Ghi chú';

function pad(cells: string[], width: number): string[] {
  return [...cells, ...Array<string>(width - cells.length).fill('')];
}

function field(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = defuseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Excel runs a CSV cell that starts with = + - @ as a formula, and names and
 * notes are typed by people; a leading apostrophe keeps such a cell text.
 */
function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
