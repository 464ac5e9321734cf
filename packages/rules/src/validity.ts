/**
 * R4 Raw counts of one round and of one nominee, and the invariants they must keep before any
 * percentage or band is worked out from them. Stored raw so any base (R4) can be applied later.
 */
export interface RoundCounts {
  summoned: number; // số người được triệu tập (or all delegates of a Council)
  present: number;
  ballotsIssued: number;
  ballotsCollected: number;
  validBallots: number;
}

/** invalid = rows with no mark or several marks (R1); a ballot may also leave a row out of the tally. */
export interface NomineeCounts {
  high: number;
  confident: number;
  low: number;
  invalid: number;
}

export type ViolationCode = 'NOT_A_COUNT' | 'COUNT_EXCEEDS_LIMIT' | 'COUNT_BELOW_MINIMUM';

export interface Violation {
  code: ViolationCode;
  field: string;
  message: string;
}

export function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function notCounts(fields: ReadonlyArray<readonly [string, number]>): Violation[] {
  return fields
    .filter(([, value]) => !isCount(value))
    .map(([field, value]) => ({
      code: 'NOT_A_COUNT',
      field,
      message: `${field} (${value}) must be a whole number of zero or more.`,
    }));
}

/**
 * Each count can only shrink along the way from the summons to the valid ballots:
 * valid ≤ collected ≤ issued ≤ present ≤ summoned, and a round summons at least one person.
 */
export function validateRoundCounts(c: RoundCounts): Violation[] {
  const chain = [
    ['summoned', c.summoned],
    ['present', c.present],
    ['ballotsIssued', c.ballotsIssued],
    ['ballotsCollected', c.ballotsCollected],
    ['validBallots', c.validBallots],
  ] as const;
  const violations = notCounts(chain);
  if (isCount(c.summoned) && c.summoned < 1) {
    violations.push({
      code: 'COUNT_BELOW_MINIMUM',
      field: 'summoned',
      message: `summoned (${c.summoned}) must be at least 1; a round needs an electorate.`,
    });
  }
  for (let i = 1; i < chain.length; i++) {
    const [limitField, limit] = chain[i - 1]!;
    const [field, value] = chain[i]!;
    if (isCount(limit) && isCount(value) && value > limit) {
      violations.push({ code: 'COUNT_EXCEEDS_LIMIT', field, message: `${field} (${value}) cannot exceed ${limitField} (${limit}).` });
    }
  }
  return violations;
}

/**
 * A valid ballot gives a nominee at most one row, so the rows tallied for one nominee cannot
 * outnumber the valid ballots. Fewer is allowed: a row may be left out (R4). `label` prefixes the
 * field names so a form can point at the nominee, e.g. "nominee 3.low".
 */
export function validateNomineeCounts(n: NomineeCounts, validBallots: number, label?: string): Violation[] {
  const prefix = label ? `${label}.` : '';
  const violations = notCounts([
    [`${prefix}high`, n.high],
    [`${prefix}confident`, n.confident],
    [`${prefix}low`, n.low],
    [`${prefix}invalid`, n.invalid],
    ['validBallots', validBallots],
  ]);
  if (violations.length > 0) return violations;
  const rows = n.high + n.confident + n.low + n.invalid;
  if (rows > validBallots) {
    violations.push({
      code: 'COUNT_EXCEEDS_LIMIT',
      field: `${prefix}rows`,
      message:
        `${prefix}rows (high ${n.high} + confident ${n.confident} + low ${n.low} + invalid ${n.invalid} = ${rows}) ` +
        `cannot exceed validBallots (${validBallots}).`,
    });
  }
  return violations;
}
