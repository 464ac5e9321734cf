import { LINE_FIELDS, type FollowUpData, type OfficialData, type ResultData } from './consolidated';
import { BAND, BASE_KIND, DECISION, FOLLOW_UP, FOLLOW_UP_UNKNOWN, label, LINE, MANAGED_BY, YES_NO } from './labels';

/** One published result of the year, as the report writes it. */
export interface ReportRow {
  code: string;
  fullName: string;
  managedBy: string;
  line: string;
  posts: string;
  body: string;
  round: string;
  year: number;
  high: number;
  confident: number;
  low: number;
  invalid: number;
  unmarked: number;
  baseKind: string;
  baseSize: number;
  highPercent: string;
  confidentPercent: string;
  lowPercent: string;
  band: string;
  consequences: string;
  corrected: string;
  followUp: string;
  latestDecision: string;
}

export interface Column<Row = ReportRow> {
  key: keyof Row;
  header: string;
  /** Characters, for the spreadsheet. */
  width: number;
}

/** Both writers use this order and these headers, so the CSV and the XLSX cannot drift apart. */
export const COLUMNS: readonly Column[] = [
  { key: 'code', header: 'Mã cán bộ', width: 11 },
  { key: 'fullName', header: 'Họ và tên', width: 24 },
  { key: 'managedBy', header: 'Diện quản lý', width: 20 },
  { key: 'line', header: 'Khối', width: 8 },
  { key: 'posts', header: 'Chức vụ', width: 36 },
  { key: 'body', header: 'Cơ quan/Hội nghị', width: 34 },
  { key: 'round', header: 'Đợt lấy phiếu', width: 48 },
  { key: 'year', header: 'Năm', width: 7 },
  { key: 'high', header: 'Tín nhiệm cao', width: 10 },
  { key: 'confident', header: 'Tín nhiệm', width: 10 },
  { key: 'low', header: 'Tín nhiệm thấp', width: 10 },
  { key: 'invalid', header: 'Phiếu không hợp lệ', width: 10 },
  { key: 'unmarked', header: 'Không đánh dấu', width: 10 },
  { key: 'baseKind', header: 'Cơ sở tính tỷ lệ', width: 18 },
  { key: 'baseSize', header: 'Số làm cơ sở', width: 10 },
  { key: 'highPercent', header: 'Tỷ lệ tín nhiệm cao (%)', width: 12 },
  { key: 'confidentPercent', header: 'Tỷ lệ tín nhiệm (%)', width: 12 },
  { key: 'lowPercent', header: 'Tỷ lệ tín nhiệm thấp (%)', width: 12 },
  { key: 'band', header: 'Mức', width: 28 },
  { key: 'consequences', header: 'Hệ quả', width: 60 },
  { key: 'corrected', header: 'Số liệu đính chính', width: 10 },
  { key: 'followUp', header: 'Theo dõi xử lý', width: 18 },
  { key: 'latestDecision', header: 'Quyết định gần nhất', width: 48 },
];

/** Rows in the view's order: officials by code, then Party, Council, Committee, then round title. */
export function reportRows(year: number, officials: readonly OfficialData[], followUps: readonly FollowUpData[]): ReportRow[] {
  const followUpOf = new Map(followUps.map((f) => [followUpKey(f), f]));
  return officials.flatMap((official) =>
    LINE_FIELDS.flatMap(([line, field]) =>
      (official[field] ?? [])
        .filter((result) => result.year === year)
        .sort((a, b) => a.roundTitle.localeCompare(b.roundTitle, 'vi'))
        .map((result) => row(official, line, result, followUpOf.get(followUpKey(result)))),
    ),
  );
}

export function followUpKey(item: { agency: string; nomineeId: string }): string {
  return `${item.agency}/${item.nomineeId}`;
}

function row(official: OfficialData, line: string, result: ResultData, followUp: FollowUpData | undefined): ReportRow {
  const latest = followUp?.decisions.at(-1);
  return {
    code: text(official.code),
    fullName: text(official.fullName),
    managedBy: label(MANAGED_BY, official.managedBy),
    line: label(LINE, line),
    posts: text(official.posts.filter((p) => p.line === line).map((p) => p.title).join('; ')),
    body: text(result.body),
    round: text(result.roundTitle),
    year: result.year,
    high: result.counts.high,
    confident: result.counts.confident,
    low: result.counts.low,
    invalid: result.counts.invalid,
    unmarked: result.counts.unmarked,
    baseKind: label(BASE_KIND, result.base.kind),
    baseSize: result.base.size,
    highPercent: result.percentages.high ?? '',
    confidentPercent: result.percentages.confident ?? '',
    lowPercent: result.percentages.low ?? '',
    band: label(BAND, result.band),
    consequences: text(result.consequences.map((c) => c.description).join('; ')),
    corrected: YES_NO[`${result.corrected}`],
    followUp: followUp ? label(FOLLOW_UP, followUp.status) : result.band === 'NOT_OVER_HALF' ? label(FOLLOW_UP, 'NOT_REQUIRED') : FOLLOW_UP_UNKNOWN,
    latestDecision: latest ? text(decisionText(latest)) : '',
  };
}

export function decisionText(d: FollowUpData['decisions'][number]): string {
  const [y, m, day] = d.decidedOn.split('-');
  return `${label(DECISION, d.decision)}, ${d.documentRef}, ngày ${day}/${m}/${y}${d.note ? ` (${d.note})` : ''}`;
}

/** Vietnamese can be typed in two Unicode forms; the report writes the composed one (NFC) so names compare and sort. */
export function text(value: string): string {
  return value.normalize('NFC');
}
