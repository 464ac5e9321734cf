import type { RoundCounts } from './validity';

/**
 * R4 The 100% base. Which count it is was not readable in QĐ 96-QĐ/TW or NQ 96/2023/QH15,
 * so it is a rulebook setting and every result names the base it used.
 */
export type BaseKind =
  | 'SUMMONED' // số người được triệu tập / tổng số đại biểu
  | 'PRESENT' // số người có mặt
  | 'ISSUED' // số phiếu phát ra
  | 'COLLECTED' // số phiếu thu về
  | 'VALID'; // số phiếu hợp lệ

export const BASE_KINDS: readonly BaseKind[] = ['SUMMONED', 'PRESENT', 'ISSUED', 'COLLECTED', 'VALID'];

const COUNT_FOR: Readonly<Record<BaseKind, keyof RoundCounts>> = {
  SUMMONED: 'summoned',
  PRESENT: 'present',
  ISSUED: 'ballotsIssued',
  COLLECTED: 'ballotsCollected',
  VALID: 'validBallots',
};

export function baseSize(kind: BaseKind, counts: RoundCounts): number {
  return counts[COUNT_FOR[kind]];
}
