import { percent, type PercentRounding } from './percent';
import type { Consequence } from './rulebooks';
import { isCount, type Violation } from './validity';

/** R8 What puts a binding vote (bỏ phiếu tín nhiệm) on a Council's agenda (NQ 96/2023/QH15 Art. 13). */
export type BindingVoteTrigger =
  | 'LOW_CONFIDENCE_OVER_HALF' // R7's middle case, when the official does not resign
  | 'DELEGATE_PETITION' // at least 1/3 of all delegates
  | 'FATHERLAND_FRONT_RECOMMENDATION'; // Fatherland Front committee at the same level

/** At least one third of ALL delegates, not of those present. */
export function petitionTriggersBindingVote(petitioners: number, allDelegates: number): boolean {
  if (!isCount(petitioners) || !isCount(allDelegates) || allDelegates < 1 || petitioners > allDelegates) {
    throw new RangeError(`petitioners (${petitioners}) must be between 0 and allDelegates (${allDelegates}), which must be 1 or more.`);
  }
  return petitioners * 3 >= allDelegates;
}

/**
 * Setting: what "more than half" counts over. The domain's reading of Art. 13 is all delegates
 * (tổng số đại biểu), the default; the text itself was not read here, so VOTES_CAST (trust + no trust)
 * stays available for a body that reads it otherwise.
 */
export type BindingVoteBase = 'ALL_DELEGATES' | 'VOTES_CAST';

export interface BindingVoteOutcome {
  noTrust: number;
  base: number;
  dismissalSubmission: boolean;
  consequences: readonly Consequence[];
  percentNoTrust: string | null;
}

const DISMISSAL: Consequence = {
  code: 'DISMISSAL_SUBMISSION',
  description: 'The authority that nominated the official submits their dismissal to the Council.',
  source: 'NQ 96/2023/QH15 Art. 13',
};

/**
 * Unlike a confidence poll, an absent delegate counts against dismissal: the majority is of everyone.
 * `rounding` only shapes the displayed percentage (R4 display), never the decision.
 */
export function bindingVoteOutcome(
  trust: number,
  noTrust: number,
  allDelegates: number,
  majorityBase: BindingVoteBase = 'ALL_DELEGATES',
  rounding: PercentRounding = 'NEAREST',
): BindingVoteOutcome {
  if (![trust, noTrust, allDelegates].every(isCount) || allDelegates < 1 || trust + noTrust > allDelegates) {
    throw new RangeError(
      `trust (${trust}) + noTrust (${noTrust}) cannot exceed allDelegates (${allDelegates}); all must be whole numbers and allDelegates at least 1.`,
    );
  }
  const base = majorityBase === 'ALL_DELEGATES' ? allDelegates : trust + noTrust;
  const dismissalSubmission = noTrust * 2 > base;
  return {
    noTrust,
    base,
    dismissalSubmission,
    consequences: dismissalSubmission ? [DISMISSAL] : [],
    percentNoTrust: percent(noTrust, base, rounding),
  };
}

/** One nominee's line in a binding vote's counting minutes (TRUST / NO_TRUST, R8). */
export interface BindingVoteCounts {
  trust: number;
  noTrust: number;
  /** Rows with no mark or both marks on otherwise valid ballots (R1, as on a poll's ballot). */
  invalid: number;
}

/**
 * As for a poll (validateNomineeCounts): a valid ballot gives a nominee at most one row, so the rows
 * tallied for one nominee cannot outnumber the valid ballots; fewer is allowed (a row left out, R4).
 */
export function validateBindingVoteCounts(n: BindingVoteCounts, validBallots: number, label?: string): Violation[] {
  const prefix = label ? `${label}.` : '';
  const violations: Violation[] = (
    [[`${prefix}trust`, n.trust], [`${prefix}noTrust`, n.noTrust], [`${prefix}invalid`, n.invalid], ['validBallots', validBallots]] as const
  )
    .filter(([, value]) => !isCount(value))
    .map(([field, value]) => ({ code: 'NOT_A_COUNT', field, message: `${field} (${value}) must be a whole number of zero or more.` }));
  if (violations.length > 0) return violations;
  const rows = n.trust + n.noTrust + n.invalid;
  if (rows > validBallots) {
    violations.push({
      code: 'COUNT_EXCEEDS_LIMIT',
      field: `${prefix}rows`,
      message: `${prefix}rows (trust ${n.trust} + noTrust ${n.noTrust} + invalid ${n.invalid} = ${rows}) cannot exceed validBallots (${validBallots}).`,
    });
  }
  return violations;
}
