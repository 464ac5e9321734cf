import type { RoundKind } from '../graphql/enums';
import type { LogTally } from './chain';

/**
 * One mark per nominee. A confidence poll's rows take HIGH, CONFIDENT or LOW (R1); a binding vote's
 * take TRUST or NO_TRUST (R8). BLANK makes that row invalid, as an unmarked row on paper.
 */
export const BallotMark = { HIGH: 'HIGH', CONFIDENT: 'CONFIDENT', LOW: 'LOW', TRUST: 'TRUST', NO_TRUST: 'NO_TRUST', BLANK: 'BLANK' } as const;
export type BallotMark = (typeof BallotMark)[keyof typeof BallotMark];

/** The marks a ballot of each kind of round takes. */
export const MARKS_OF: Readonly<Record<RoundKind, readonly BallotMark[]>> = {
  CONFIDENCE_POLL: ['HIGH', 'CONFIDENT', 'LOW', 'BLANK'],
  BINDING_VOTE: ['TRUST', 'NO_TRUST', 'BLANK'],
};

// Stored as one digit per nominee in ballot order: compact to keep and fast to count. The binding
// vote's marks have digits of their own, so a stored ballot says which kind of round it belongs to
// and a poll's mark can never be counted as trust (the database checks the digits against the round).
const DIGIT: Record<BallotMark, string> = { BLANK: '0', HIGH: '1', CONFIDENT: '2', LOW: '3', TRUST: '4', NO_TRUST: '5' };

export function encodeMarks(marks: readonly BallotMark[]): string {
  return marks.map((m) => DIGIT[m]).join('');
}

/** Whether an encoded ballot holds only marks that a round of this kind takes. */
export function marksFitKind(encoded: string, kind: RoundKind): boolean {
  return [...encoded].every((digit) => MARKS_OF[kind].some((mark) => DIGIT[mark] === digit));
}

/** Counts every nominee's marks from the encoded ballots; one pass over the log. */
export function tallyMarks(encoded: readonly string[], nominees: number): LogTally {
  const counts = Array.from({ length: nominees }, () => [0, 0, 0, 0, 0, 0]);
  for (const marks of encoded) {
    for (let i = 0; i < nominees; i += 1) {
      const row = counts[i] as number[];
      row[marks.charCodeAt(i) - 48] = (row[marks.charCodeAt(i) - 48] ?? 0) + 1;
    }
  }
  return counts.map(([invalid = 0, high = 0, confident = 0, low = 0, trust = 0, noTrust = 0]) => ({ high, confident, low, trust, noTrust, invalid }));
}
