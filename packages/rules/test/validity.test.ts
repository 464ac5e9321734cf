import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateNomineeCounts, validateRoundCounts, type NomineeCounts, type RoundCounts } from '../src/index';

const ok: RoundCounts = { summoned: 53, present: 50, ballotsIssued: 50, ballotsCollected: 49, validBallots: 48 };

describe('validateRoundCounts', () => {
  it('accepts a consistent round, including zero ballots', () => {
    expect(validateRoundCounts(ok)).toEqual([]);
    expect(validateRoundCounts({ summoned: 1, present: 0, ballotsIssued: 0, ballotsCollected: 0, validBallots: 0 })).toEqual([]);
  });

  it.each([
    ['present', 54, 'present (54) cannot exceed summoned (53).'],
    ['ballotsIssued', 51, 'ballotsIssued (51) cannot exceed present (50).'],
    ['ballotsCollected', 51, 'ballotsCollected (51) cannot exceed ballotsIssued (50).'],
    ['validBallots', 50, 'validBallots (50) cannot exceed ballotsCollected (49).'],
  ] as const)('reports %s pushed past its limit', (field, value, message) => {
    expect(validateRoundCounts({ ...ok, [field]: value })).toEqual([{ code: 'COUNT_EXCEEDS_LIMIT', field, message }]);
  });

  it.each(['summoned', 'present', 'ballotsIssued', 'ballotsCollected', 'validBallots'] as const)(
    'reports %s that is not a count, and only that',
    (field) => {
      for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) {
        const vs = validateRoundCounts({ ...ok, [field]: bad });
        expect(vs).toHaveLength(1);
        expect(vs[0]).toMatchObject({ code: 'NOT_A_COUNT', field });
        expect(vs[0]!.message).toContain(`${field} (${bad})`);
      }
    },
  );

  it('reports a round that summons no one', () => {
    expect(validateRoundCounts({ summoned: 0, present: 0, ballotsIssued: 0, ballotsCollected: 0, validBallots: 0 })).toEqual([
      { code: 'COUNT_BELOW_MINIMUM', field: 'summoned', message: 'summoned (0) must be at least 1; a round needs an electorate.' },
    ]);
  });
});

describe('validateNomineeCounts', () => {
  const n: NomineeCounts = { high: 19, confident: 2, low: 25, invalid: 1 };
  it('accepts rows up to the valid ballots, and fewer', () => {
    expect(validateNomineeCounts(n, 47)).toEqual([]);
    expect(validateNomineeCounts(n, 60)).toEqual([]);
    expect(validateNomineeCounts({ high: 0, confident: 0, low: 0, invalid: 0 }, 0)).toEqual([]);
  });
  it('reports rows past the valid ballots, naming both numbers', () => {
    expect(validateNomineeCounts({ ...n, low: 26 }, 47, 'nominee 3')).toEqual([
      {
        code: 'COUNT_EXCEEDS_LIMIT',
        field: 'nominee 3.rows',
        message: 'nominee 3.rows (high 19 + confident 2 + low 26 + invalid 1 = 48) cannot exceed validBallots (47).',
      },
    ]);
  });
  it.each(['high', 'confident', 'low', 'invalid'] as const)('reports %s that is not a count', (field) => {
    expect(validateNomineeCounts({ ...n, [field]: -1 }, 47)).toEqual([
      { code: 'NOT_A_COUNT', field, message: `${field} (-1) must be a whole number of zero or more.` },
    ]);
  });
});

// A consistent round built from the leftovers at each step, so every invariant holds by construction.
const consistent = fc
  .tuple(fc.nat({ max: 1e6 }), fc.nat({ max: 1e6 }), fc.nat({ max: 1e6 }), fc.nat({ max: 1e6 }), fc.nat({ max: 1e6 }), fc.nat({ max: 1e6 }))
  .map(([valid, spoiled, lost, notIssued, absent, unmarked]) => {
    const round: RoundCounts = {
      validBallots: valid,
      ballotsCollected: valid + spoiled,
      ballotsIssued: valid + spoiled + lost,
      present: valid + spoiled + lost + notIssued,
      summoned: valid + spoiled + lost + notIssued + absent + 1,
    };
    const rows = Math.max(0, valid - unmarked);
    const high = Math.floor(rows / 2), confident = Math.floor(rows / 4), low = Math.floor(rows / 8);
    const nominee: NomineeCounts = { high, confident, low, invalid: rows - high - confident - low };
    return { round, nominee };
  });

describe('validators, property', () => {
  it('accept every consistent round and nominee', () => {
    fc.assert(
      fc.property(consistent, ({ round, nominee }) => {
        expect(validateRoundCounts(round)).toEqual([]);
        expect(validateNomineeCounts(nominee, round.validBallots)).toEqual([]);
      }),
    );
  });

  const limits = [
    ['present', 'summoned'],
    ['ballotsIssued', 'present'],
    ['ballotsCollected', 'ballotsIssued'],
    ['validBallots', 'ballotsCollected'],
  ] as const;

  it('reject a round with one count pushed past its limit', () => {
    fc.assert(
      fc.property(consistent, fc.constantFrom(...limits), fc.integer({ min: 1, max: 1e6 }), ({ round }, [field, limit], by) => {
        const vs = validateRoundCounts({ ...round, [field]: round[limit] + by });
        expect(vs).toContainEqual(expect.objectContaining({ code: 'COUNT_EXCEEDS_LIMIT', field }));
      }),
    );
  });

  it('reject a nominee with one count pushed past the valid ballots', () => {
    fc.assert(
      fc.property(
        consistent,
        fc.constantFrom('high', 'confident', 'low', 'invalid') as fc.Arbitrary<keyof NomineeCounts>,
        fc.integer({ min: 1, max: 1e6 }),
        ({ round, nominee }, field, by) => {
          const rows = nominee.high + nominee.confident + nominee.low + nominee.invalid;
          const pushed = { ...nominee, [field]: nominee[field] + round.validBallots - rows + by };
          expect(validateNomineeCounts(pushed, round.validBallots, 'n')).toEqual([
            expect.objectContaining({ code: 'COUNT_EXCEEDS_LIMIT', field: 'n.rows' }),
          ]);
        },
      ),
    );
  });
});
