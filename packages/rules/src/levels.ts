/**
 * R1 Levels: each nominee row on a ballot takes exactly one of three marks
 * (QĐ 96-QĐ/TW; NQ 96/2023/QH15).
 */
export type Level = 'HIGH' | 'CONFIDENT' | 'LOW'; // tín nhiệm cao / tín nhiệm / tín nhiệm thấp

/** Ballot order, highest first, as printed on the ballot. */
export const LEVELS: readonly Level[] = ['HIGH', 'CONFIDENT', 'LOW'];

export type RowOutcome = Level | 'INVALID';

/**
 * A row with no mark or several marks spoils that nominee's row only, not the whole ballot.
 * Source: precedent of QĐ 262-QĐ/TW's invalid-ballot clause; QĐ 96's matching clause was not read.
 */
export function classifyRow(marks: readonly Level[]): RowOutcome {
  const [only] = marks;
  return marks.length === 1 && only !== undefined ? only : 'INVALID';
}
