import { baseKindOf, rulebookOf, rulebookSettingsFromEnvironment } from '@tinnhiem/voting';
import { describe, expect, it } from 'vitest';

describe('an agency’s settings of the points the texts leave open (R4)', () => {
  it('reads the percentage base and rounding from <AGENCY>_PERCENT_*, defaulting to the rulebook', () => {
    const council = { id: 'council', name: 'HĐND (test)', rulebook: 'NQ96' } as const;
    expect(baseKindOf(council)).toBe('COLLECTED');
    const settings = rulebookSettingsFromEnvironment('council', { COUNCIL_PERCENT_BASE: 'PRESENT', COUNCIL_PERCENT_ROUNDING: 'TRUNCATE' });
    expect(settings).toEqual({ base: 'PRESENT', rounding: 'TRUNCATE' });
    expect(rulebookOf({ ...council, settings })).toMatchObject({ defaultBase: 'PRESENT', rounding: 'TRUNCATE' });
    expect(rulebookSettingsFromEnvironment('council', { PARTY_PERCENT_BASE: 'VALID' })).toEqual({});
  });

  it('refuses a value it does not know, naming the variable and the values it takes', () => {
    expect(() => rulebookSettingsFromEnvironment('party', { PARTY_PERCENT_BASE: 'DELEGATES' })).toThrow(
      'PARTY_PERCENT_BASE must be one of SUMMONED, PRESENT, ISSUED, COLLECTED, VALID, got "DELEGATES".',
    );
    expect(() => rulebookSettingsFromEnvironment('party', { PARTY_PERCENT_ROUNDING: 'UP' })).toThrow('PARTY_PERCENT_ROUNDING must be NEAREST or TRUNCATE');
  });
});
