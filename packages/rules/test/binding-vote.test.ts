import { describe, expect, it } from 'vitest';
import { bindingVoteOutcome, petitionTriggersBindingVote, validateBindingVoteCounts } from '../src/index';

describe('R8 binding vote', () => {
  it('exactly half of all delegates is not a dismissal', () => {
    expect(bindingVoteOutcome(10, 42, 84)).toEqual({
      noTrust: 42, base: 84, dismissalSubmission: false, consequences: [], percentNoTrust: '50.00',
    });
  });
  it('one over half of all delegates is a dismissal submission', () => {
    const out = bindingVoteOutcome(10, 43, 84);
    expect(out.dismissalSubmission).toBe(true);
    expect(out.consequences.map((c) => c.code)).toEqual(['DISMISSAL_SUBMISSION']);
    expect(out.consequences[0]!.source).toBe('NQ 96/2023/QH15 Art. 13');
  });
  it('counts absent delegates against dismissal by default', () => {
    // 30 of 50 votes cast, but not over half of 84 delegates
    expect(bindingVoteOutcome(20, 30, 84).dismissalSubmission).toBe(false);
    expect(bindingVoteOutcome(20, 30, 84, 'VOTES_CAST')).toMatchObject({ base: 50, dismissalSubmission: true, percentNoTrust: '60.00' });
    expect(bindingVoteOutcome(0, 0, 84, 'VOTES_CAST')).toMatchObject({ base: 0, dismissalSubmission: false, percentNoTrust: null });
  });
  it('refuses more votes than delegates', () => {
    expect(() => bindingVoteOutcome(50, 35, 84)).toThrow(RangeError);
    expect(() => bindingVoteOutcome(0, 0, 0)).toThrow(RangeError);
  });
  it('a petition needs at least one third of all delegates', () => {
    expect(petitionTriggersBindingVote(28, 84)).toBe(true);
    expect(petitionTriggersBindingVote(27, 84)).toBe(false);
    expect(petitionTriggersBindingVote(18, 53)).toBe(true); // 54 >= 53
    expect(petitionTriggersBindingVote(17, 53)).toBe(false);
    expect(() => petitionTriggersBindingVote(85, 84)).toThrow(RangeError);
  });
  it('shows the no-trust share with the body’s rounding, deciding on the integers alone', () => {
    expect(bindingVoteOutcome(0, 2, 3).percentNoTrust).toBe('66.67');
    expect(bindingVoteOutcome(0, 2, 3, 'ALL_DELEGATES', 'TRUNCATE').percentNoTrust).toBe('66.66');
  });
  it('a nominee’s trust, no-trust and invalid rows cannot outnumber the valid ballots', () => {
    expect(validateBindingVoteCounts({ trust: 40, noTrust: 42, invalid: 1 }, 83)).toEqual([]);
    expect(validateBindingVoteCounts({ trust: 40, noTrust: 43, invalid: 1 }, 83, 'A').map((v) => v.field)).toEqual(['A.rows']);
    expect(validateBindingVoteCounts({ trust: -1, noTrust: 1.5, invalid: 0 }, 83).map((v) => v.code)).toEqual(['NOT_A_COUNT', 'NOT_A_COUNT']);
  });
});
