import type { Report } from './report';
import { BINDING_VOTE_COLUMNS, BINDING_VOTES_TITLE } from './binding-rows';
import { COLUMNS } from './rows';

/** Excel reads a CSV without a byte-order mark in the machine's legacy code page and garbles Vietnamese. */
const BOM = '\uFEFF';

/**
 * RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled. The year's binding votes, if any, follow the polls as a
 * second table under its own title and header. Notes on missing data come
 * last, after an empty row, so a reader of the file cannot miss that it is
 * incomplete.
 */
export function toCsv(report: Report): Buffer {
  const width = COLUMNS.length;
  const records: (string | number)[][] = [
    COLUMNS.map((c) => c.header),
    ...report.rows.map((row) => COLUMNS.map((c) => row[c.key])),
  ];
  if (report.bindingVotes.length > 0) {
    records.push(pad([], width), pad([BINDING_VOTES_TITLE], width), pad(BINDING_VOTE_COLUMNS.map((c) => c.header), width));
    for (const row of report.bindingVotes) records.push(pad(BINDING_VOTE_COLUMNS.map((c) => row[c.key]), width));
  }
  if (report.notes.length > 0) {
    records.push(pad([], width));
    for (const note of report.notes) records.push(pad([NOTE_LABEL, note], width));
  }
  return Buffer.from(BOM + records.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n', 'utf8');
}

export const NOTE_LABEL = 'Ghi chú';

function pad(cells: (string | number)[], width: number): (string | number)[] {
  return [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')];
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
