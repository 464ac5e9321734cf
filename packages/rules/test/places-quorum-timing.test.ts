import { describe, expect, it } from 'vitest';
import {
  COUNCIL_TERMS, DEFAULT_TERMS, RULEBOOKS, checkPlacesAcrossLines, checkPlacesPolled, distinctPlaces, checkQuorum, exclusionsFor, isMidTermYear, termOf,
} from '../src/index';

describe('R3 checkQuorum', () => {
  it('53 summoned need 36 present', () => {
    expect(checkQuorum(53, 36, RULEBOOKS.QD96)).toEqual({ met: true, summoned: 53, present: 36, required: 36, source: 'QĐ 96-QĐ/TW' });
    expect(checkQuorum(53, 35, RULEBOOKS.QD96).met).toBe(false);
  });
  it('exactly two thirds is enough; one below is not', () => {
    expect(checkQuorum(48, 32, RULEBOOKS.QD96)).toMatchObject({ met: true, required: 32 });
    expect(checkQuorum(48, 31, RULEBOOKS.QD96).met).toBe(false);
    expect(checkQuorum(53, 50, RULEBOOKS.NQ96).met).toBe(true);
  });
  it('required is the smallest p with 3p >= 2·summoned', () => {
    for (let s = 1; s <= 200; s++) {
      const { required } = checkQuorum(s, 0, RULEBOOKS.QD96);
      expect(3 * required >= 2 * s && 3 * (required - 1) < 2 * s).toBe(true);
    }
  });
  it('refuses impossible head counts', () => {
    expect(() => checkQuorum(0, 0, RULEBOOKS.QD96)).toThrow(RangeError);
    expect(() => checkQuorum(10, 11, RULEBOOKS.QD96)).toThrow(RangeError);
  });
});

describe('R9 exclusionsFor', () => {
  it('excludes a retirement announced up to 31 December of the voting year', () => {
    expect(exclusionsFor({ retirementAnnouncedOn: '2023-12-31' }, 2023)).toEqual([
      {
        code: 'RETIREMENT_ANNOUNCED',
        message: 'Retirement was announced on 2023-12-31; officials awaiting retirement are not polled.',
        source: 'QĐ 96-QĐ/TW; NQ 96/2023/QH15 Art. 2(5)',
      },
    ]);
    expect(exclusionsFor({ retirementAnnouncedOn: '2022-06-15' }, 2023)).toHaveLength(1);
    expect(exclusionsFor({ retirementAnnouncedOn: '2024-01-01' }, 2023)).toEqual([]);
  });
  it('excludes an official elected or appointed within the voting year only', () => {
    expect(exclusionsFor({ electedOrAppointedOn: '2023-01-01' }, 2023).map((e) => e.code)).toEqual(['ELECTED_OR_APPOINTED_IN_VOTING_YEAR']);
    expect(exclusionsFor({ electedOrAppointedOn: '2023-12-31' }, 2023)[0]!.message).toBe(
      'Elected or appointed on 2023-12-31, within the voting year 2023; officials elected or appointed in the voting year are not polled.',
    );
    expect(exclusionsFor({ electedOrAppointedOn: '2022-12-31' }, 2023)).toEqual([]);
  });
  it('reports both reasons, and none without facts', () => {
    expect(exclusionsFor({ retirementAnnouncedOn: '2023-03-01', electedOrAppointedOn: '2023-02-01' }, 2023)).toHaveLength(2);
    expect(exclusionsFor({ retirementAnnouncedOn: null, electedOrAppointedOn: null }, 2023)).toEqual([]);
    expect(exclusionsFor({}, 2023)).toEqual([]);
  });
  it('refuses a date that is not a calendar date', () => {
    expect(() => exclusionsFor({ retirementAnnouncedOn: '2023-02-30' }, 2023)).toThrow(/retirementAnnouncedOn \(2023-02-30\)/);
    expect(() => exclusionsFor({ electedOrAppointedOn: '1/3/2023' }, 2023)).toThrow(RangeError);
  });
});

describe('R10 timing', () => {
  it('2023 and 2028 are mid-term years; 2024 is off-cycle', () => {
    expect(isMidTermYear(2023)).toBe(true);
    expect(isMidTermYear(2028)).toBe(true);
    expect(isMidTermYear(2024)).toBe(false);
    expect(isMidTermYear(2023, COUNCIL_TERMS)).toBe(true);
    expect(isMidTermYear(2028, COUNCIL_TERMS)).toBe(true);
  });
  it('a congress year belongs to the new term', () => {
    expect(termOf(2025)).toBe(DEFAULT_TERMS[1]);
    expect(termOf(2021)).toBe(DEFAULT_TERMS[0]);
    expect(termOf(2019)).toBeNull();
    expect(isMidTermYear(2019)).toBe(false);
  });
  it('takes new terms as data', () => {
    const terms = [...DEFAULT_TERMS, { firstYear: 2030, lastYear: 2035, midTermYear: 2033 }];
    expect(isMidTermYear(2033, terms)).toBe(true);
    expect(termOf(2030, terms)?.firstYear).toBe(2030);
  });
});

describe('R11 checkPlacesPolled', () => {
  const work = { agency: 'Sở Tài chính', body: 'Đảng ủy Sở' };
  const membership = { agency: 'Sở Tài chính', body: 'Chi bộ Văn phòng' };
  const third = { agency: 'Ủy ban nhân dân thành phố', body: 'Ban cán sự đảng' };
  it('two places is within the Party-line limit; three exceeds it', () => {
    expect(checkPlacesPolled([work, membership], RULEBOOKS.QD96)).toMatchObject({ count: 2, limit: 2, exceeded: false });
    expect(checkPlacesPolled([work, membership, third], RULEBOOKS.QD96)).toEqual({
      count: 3, limit: 2, exceeded: true, source: 'QĐ 96-QĐ/TW; Công văn 731-CV/TU point 3',
    });
  });
  it('counts the same place once, however it was typed', () => {
    const decomposed = { agency: ' Sở Tài chính'.normalize('NFD'), body: 'Đảng ủy Sở '.normalize('NFD') };
    expect(checkPlacesPolled([work, decomposed, membership], RULEBOOKS.QD96)).toMatchObject({ count: 2, exceeded: false });
  });
  it('a Council sets no limit', () => {
    expect(checkPlacesPolled([work, membership, third], RULEBOOKS.NQ96)).toMatchObject({ count: 3, limit: null, exceeded: false });
  });
});

describe('checkPlacesAcrossLines (R11, consolidated view)', () => {
  it('allows two places across all lines and flags a third', () => {
    const two = [{ agency: 'party', body: 'Ban Chấp hành' }, { agency: 'council', body: 'HĐND' }, { agency: 'council', body: 'HĐND' }];
    expect(checkPlacesAcrossLines(two)).toMatchObject({ count: 2, limit: 2, exceeded: false });
    expect(checkPlacesAcrossLines([...two, { agency: 'committee', body: 'UBND' }])).toMatchObject({ count: 3, exceeded: true });
    expect(checkPlacesAcrossLines([...two, { agency: 'committee', body: 'UBND' }], 3).exceeded).toBe(false);
  });
});

describe('exclusionsFor with the poll date (R9)', () => {
  it('does not exclude for a retirement announced after the poll, in the same year', () => {
    const facts = { retirementAnnouncedOn: '2023-12-20' };
    expect(exclusionsFor(facts, 2023, '2023-12-08')).toEqual([]);
    expect(exclusionsFor(facts, 2023, '2023-12-20').map((e) => e.code)).toEqual(['RETIREMENT_ANNOUNCED']);
    expect(exclusionsFor(facts, 2023).map((e) => e.code)).toEqual(['RETIREMENT_ANNOUNCED']);
    // A poll date in another year than the voting year is not trusted: the whole year counts.
    expect(exclusionsFor(facts, 2023, '2024-01-02').map((e) => e.code)).toEqual(['RETIREMENT_ANNOUNCED']);
  });
});

describe('distinctPlaces', () => {
  it('counts a body typed in NFD or with stray spaces once', () => {
    const places = [
      { agency: 'party', body: 'Ban Chấp hành Đảng bộ' },
      { agency: 'party', body: ' Ban Chấp hành Đảng bộ'.normalize('NFD') },
      { agency: 'council', body: 'Ban Chấp hành Đảng bộ' },
    ];
    expect(distinctPlaces(places)).toEqual([
      { agency: 'party', body: 'Ban Chấp hành Đảng bộ' },
      { agency: 'council', body: 'Ban Chấp hành Đảng bộ' },
    ]);
  });
});
