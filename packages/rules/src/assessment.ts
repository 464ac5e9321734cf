import { type BaseKind, baseSize } from './base';
import { percent } from './percent';
import type { Consequence, Rulebook } from './rulebooks';
import { type LowConfidenceBand, lowConfidenceBand } from './thresholds';
import { type NomineeCounts, type RoundCounts, validateNomineeCounts, validateRoundCounts } from './validity';

export interface NomineeAssessment {
  base: { kind: BaseKind; size: number };
  counts: NomineeCounts;
  unmarked: number;
  percentages: { high: string | null; confident: string | null; low: string | null };
  band: LowConfidenceBand;
  consequences: readonly Consequence[];
}

/**
 * One nominee's result under a rulebook: R4 base, R5 band, R6/R7 consequences. The band comes from
 * the counts, never from the displayed percentages. `unmarked` keeps visible the rows that were on a
 * valid ballot but in no column, which is why the three percentages may sum to less than 100.
 */
export function assessNominee(
  rulebook: Rulebook,
  round: RoundCounts,
  nominee: NomineeCounts,
  baseKind: BaseKind = rulebook.defaultBase,
): NomineeAssessment {
  for (const violations of [validateRoundCounts(round), validateNomineeCounts(nominee, round.validBallots)]) {
    if (violations.length > 0) throw new RangeError(violations.map((v) => v.message).join(' '));
  }
  const size = baseSize(baseKind, round);
  const share = (count: number) => percent(count, size, rulebook.rounding);
  const band = lowConfidenceBand(nominee.low, size);
  return {
    base: { kind: baseKind, size },
    counts: { ...nominee },
    unmarked: round.validBallots - (nominee.high + nominee.confident + nominee.low + nominee.invalid),
    percentages: { high: share(nominee.high), confident: share(nominee.confident), low: share(nominee.low) },
    band,
    consequences: rulebook.consequences[band],
  };
}
