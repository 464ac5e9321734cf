import { toCsv } from './csv';
import type { Report } from './report';
import { toXlsx } from './xlsx';

export const FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', render: (report: Report) => Promise.resolve(toCsv(report)) },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', render: toXlsx },
} as const satisfies Record<string, { contentType: string; render: (report: Report) => Promise<Buffer> }>;

export type ReportFormat = keyof typeof FORMATS;

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(FORMATS, value);
}

/** ASCII, so every browser and mail client keeps it as it is. */
export function reportFileName(year: number, format: ReportFormat): string {
  return `tong-hop-tin-nhiem-${year}.${format}`;
}
