import type { LogTally } from './chain';

/** One mark per nominee; BLANK makes that row invalid, as an unmarked row on paper (R1). */
export const BallotMark = { HIGH: 'HIGH', CONFIDENT: 'CONFIDENT', LOW: 'LOW', BLANK: 'BLANK' } as const;
export type BallotMark = (typeof BallotMark)[keyof typeof BallotMark];

// Stored as one digit per nominee in ballot order: compact to keep and fast to count.
const DIGIT: Record<BallotMark, string> = { BLANK: '0', HIGH: '1', CONFIDENT: '2', LOW: '3' };

export function encodeMarks(marks: readonly BallotMark[]): string {
  return marks.map((m) => DIGIT[m]).join('');
}

/** Counts every nominee's marks from the encoded ballots; one pass over the log. */
export function tallyMarks(encoded: readonly string[], nominees: number): LogTally {
  const counts = Array.from({ length: nominees }, () => [0, 0, 0, 0]);
  for (const marks of encoded) {
    for (let i = 0; i < nominees; i += 1) {
      const row = counts[i] as number[];
      row[marks.charCodeAt(i) - 48] = (row[marks.charCodeAt(i) - 48] ?? 0) + 1;
    }
  }
  return counts.map(([invalid = 0, high = 0, confident = 0, low = 0]) => ({ high, confident, low, invalid }));
}
