import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE_KINDS, RULEBOOKS, assessNominee, getRulebook, withSettings, type RoundCounts } from '../src/index';

const codes = (cs: readonly { code: string }[]) => cs.map((c) => c.code);

// Cần Thơ City Council, December 2023: 50 present of 53 delegates.
const canTho: RoundCounts = { summoned: 53, present: 50, ballotsIssued: 50, ballotsCollected: 50, validBallots: 50 };
// Vĩnh Phúc 2023: 19 + 2 + 25 = 46 marks over 47 ballots.
const vinhPhuc: RoundCounts = { summoned: 50, present: 47, ballotsIssued: 47, ballotsCollected: 47, validBallots: 47 };

describe('rulebooks', () => {
  it('default to ballots collected and nearest rounding', () => {
    for (const rb of Object.values(RULEBOOKS)) {
      expect(rb.defaultBase).toBe('COLLECTED');
      expect(rb.rounding).toBe('NEAREST');
      expect(rb.consequences.NOT_OVER_HALF).toEqual([]);
    }
  });
  it('QĐ 96 consequences', () => {
    const rb = getRulebook('QD96');
    expect(codes(rb.consequences.OVER_HALF)).toEqual([
      'REMOVE_FROM_PLANNING', 'CONSIDER_RELIEF_REASSIGNMENT_OR_RESIGNATION', 'BINDING_VOTE_OPTION', 'CONSIDER_PROMPTLY',
    ]);
    expect(codes(rb.consequences.TWO_THIRDS_OR_MORE)).toEqual(['DISMISS_AND_REASSIGN_LOWER', 'CONSIDER_PROMPTLY']);
    expect(rb.maxPlacesPolled).toBe(2);
    expect(rb.onePollCoversAllPosts).toBe(false);
  });
  it('NQ 96 Art. 12 consequences', () => {
    const rb = getRulebook('NQ96');
    expect(codes(rb.consequences.OVER_HALF)).toEqual(['MAY_RESIGN', 'BINDING_VOTE_SUBMISSION', 'CONSIDER_PROMPTLY']);
    expect(codes(rb.consequences.TWO_THIRDS_OR_MORE)).toEqual(['DISMISSAL_SUBMISSION', 'CONSIDER_PROMPTLY']);
    expect(rb.maxPlacesPolled).toBeNull();
    expect(rb.onePollCoversAllPosts).toBe(true);
  });
  it('refuses an unknown id', () => {
    expect(() => getRulebook('QD262' as never)).toThrow(RangeError);
  });
  it('withSettings returns a new rulebook and leaves the original alone', () => {
    const rb = withSettings(RULEBOOKS.NQ96, { base: 'SUMMONED', rounding: 'TRUNCATE' });
    expect(rb.defaultBase).toBe('SUMMONED');
    expect(rb.rounding).toBe('TRUNCATE');
    expect(RULEBOOKS.NQ96.defaultBase).toBe('COLLECTED');
    expect(withSettings(RULEBOOKS.QD96, {})).toEqual(RULEBOOKS.QD96);
  });
  it('every source names QĐ 96, NQ 96 or the letter', () => {
    for (const rb of Object.values(RULEBOOKS)) {
      for (const c of [...rb.consequences.OVER_HALF, ...rb.consequences.TWO_THIRDS_OR_MORE]) {
        expect(c.source).toMatch(/QĐ 96-QĐ\/TW|NQ 96\/2023\/QH15|731-CV\/TU/);
        expect(c.source).toBe(c.source.normalize('NFC'));
      }
    }
  });
});

describe('assessNominee', () => {
  it('Vĩnh Phúc 25/47: over half, one row unmarked', () => {
    const a = assessNominee(RULEBOOKS.NQ96, vinhPhuc, { high: 19, confident: 2, low: 25, invalid: 0 });
    expect(a.base).toEqual({ kind: 'COLLECTED', size: 47 });
    expect(a.unmarked).toBe(1);
    expect(a.percentages).toEqual({ high: '40.43', confident: '4.26', low: '53.19' });
    expect(a.band).toBe('OVER_HALF');
    expect(codes(a.consequences)).toEqual(['MAY_RESIGN', 'BINDING_VOTE_SUBMISSION', 'CONSIDER_PROMPTLY']);
  });
  it('Cần Thơ 49/50 high is 98.00; 28/50 is 56.00', () => {
    const a = assessNominee(RULEBOOKS.NQ96, canTho, { high: 49, confident: 1, low: 0, invalid: 0 });
    expect(a.percentages.high).toBe('98.00');
    expect(a.band).toBe('NOT_OVER_HALF');
    expect(a.consequences).toEqual([]);
    expect(assessNominee(RULEBOOKS.NQ96, canTho, { high: 28, confident: 20, low: 2, invalid: 0 }).percentages.high).toBe('56.00');
  });
  it('the base changes the band: 26 low of 50 collected, but of 53 summoned', () => {
    const nominee = { high: 10, confident: 14, low: 26, invalid: 0 };
    expect(assessNominee(RULEBOOKS.QD96, canTho, nominee).band).toBe('OVER_HALF');
    const bySummoned = assessNominee(withSettings(RULEBOOKS.QD96, { base: 'SUMMONED' }), canTho, nominee);
    expect(bySummoned.base).toEqual({ kind: 'SUMMONED', size: 53 });
    expect(bySummoned.band).toBe('NOT_OVER_HALF');
    expect(assessNominee(RULEBOOKS.QD96, canTho, nominee, 'SUMMONED').band).toBe('NOT_OVER_HALF');
  });
  it('exactly two thirds under QĐ 96 means dismissal and reassignment', () => {
    const round = { summoned: 60, present: 60, ballotsIssued: 60, ballotsCollected: 60, validBallots: 60 };
    const a = assessNominee(RULEBOOKS.QD96, round, { high: 10, confident: 10, low: 40, invalid: 0 });
    expect(a.band).toBe('TWO_THIRDS_OR_MORE');
    expect(codes(a.consequences)).toEqual(['DISMISS_AND_REASSIGN_LOWER', 'CONSIDER_PROMPTLY']);
  });
  it('zero valid ballots with a base of zero: no percentages, no consequence', () => {
    const round = { summoned: 10, present: 7, ballotsIssued: 0, ballotsCollected: 0, validBallots: 0 };
    const a = assessNominee(RULEBOOKS.QD96, round, { high: 0, confident: 0, low: 0, invalid: 0 });
    expect(a.percentages).toEqual({ high: null, confident: null, low: null });
    expect(a.band).toBe('NOT_OVER_HALF');
    expect(a.consequences).toEqual([]);
  });
  it('throws on counts that break the invariants', () => {
    expect(() => assessNominee(RULEBOOKS.QD96, { ...canTho, validBallots: 51 }, { high: 0, confident: 0, low: 0, invalid: 0 }))
      .toThrow(/validBallots \(51\) cannot exceed ballotsCollected \(50\)/);
    expect(() => assessNominee(RULEBOOKS.QD96, canTho, { high: 30, confident: 20, low: 1, invalid: 0 })).toThrow(RangeError);
  });
  it('the three percentages never sum past 100.00 by more than rounding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 10_000 }), { minLength: 9, maxLength: 9 }),
        fc.constantFrom(...BASE_KINDS),
        (xs, kind) => {
          const [h, c, l, inv, unm, spoiled, lost, notIssued, absent] = xs as [number, number, number, number, number, number, number, number, number];
          const valid = h + c + l + inv + unm;
          const collected = valid + spoiled;
          const issued = collected + lost;
          const present = issued + notIssued;
          const round = { summoned: present + absent + 1, present, ballotsIssued: issued, ballotsCollected: collected, validBallots: valid };
          const p = assessNominee(RULEBOOKS.QD96, round, { high: h, confident: c, low: l, invalid: inv }, kind).percentages;
          const sum = [p.high, p.confident, p.low].reduce((s, x) => s + Number(x ?? 0), 0);
          expect(sum).toBeLessThanOrEqual(100.015 + 1e-9);
        },
      ),
    );
  });
});
