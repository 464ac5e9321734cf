import type { Rulebook } from './rulebooks';
import { isCount } from './validity';

export interface QuorumCheck {
  met: boolean;
  summoned: number;
  present: number;
  required: number;
  source: string;
}

/**
 * R3 A confidence-poll conference proceeds only when at least 2/3 of those summoned are present
 * (QĐ 96-QĐ/TW). `required` is the smallest head count p with p / summoned ≥ the fraction, found by
 * integer division so 53 summoned needs 36, not a rounded 35.33.
 */
export function checkQuorum(summoned: number, present: number, rulebook: Rulebook): QuorumCheck {
  if (!isCount(summoned) || summoned < 1 || !isCount(present) || present > summoned) {
    throw new RangeError(`Quorum needs 1 or more summoned and 0 to summoned present, got summoned ${summoned}, present ${present}.`);
  }
  const { numerator, denominator, source } = rulebook.quorum;
  const needed = numerator * summoned;
  const remainder = needed % denominator;
  const required = (needed - remainder) / denominator + (remainder > 0 ? 1 : 0);
  return { met: present >= required, summoned, present, required, source };
}
