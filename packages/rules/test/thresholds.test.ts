import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEVELS, classifyRow, isLowConfidence, lowConfidenceBand, percent, worstBand } from '../src/index';

describe('R1 classifyRow', () => {
  it('takes a single mark as the level', () => {
    for (const level of LEVELS) expect(classifyRow([level])).toBe(level);
  });
  it('spoils a row with no mark or several marks', () => {
    expect(classifyRow([])).toBe('INVALID');
    expect(classifyRow(['HIGH', 'LOW'])).toBe('INVALID');
    expect(classifyRow(['LOW', 'LOW'])).toBe('INVALID');
  });
});

describe('R5 lowConfidenceBand', () => {
  it('treats an empty base as triggering nothing', () => {
    expect(lowConfidenceBand(0, 0)).toBe('NOT_OVER_HALF');
  });
  it('zero low marks trigger nothing', () => {
    expect(lowConfidenceBand(0, 50)).toBe('NOT_OVER_HALF');
  });
  it('exactly half triggers nothing', () => {
    expect(lowConfidenceBand(25, 50)).toBe('NOT_OVER_HALF');
  });
  it('one vote over half is over half', () => {
    expect(lowConfidenceBand(26, 50)).toBe('OVER_HALF');
    expect(lowConfidenceBand(24, 47)).toBe('OVER_HALF');
    expect(lowConfidenceBand(23, 47)).toBe('NOT_OVER_HALF');
  });
  it('one under two thirds is still only over half', () => {
    expect(lowConfidenceBand(33, 50)).toBe('OVER_HALF'); // 66 < 100
    expect(lowConfidenceBand(39, 60)).toBe('OVER_HALF');
  });
  it('exactly two thirds is two thirds or more', () => {
    expect(lowConfidenceBand(40, 60)).toBe('TWO_THIRDS_OR_MORE');
    expect(lowConfidenceBand(34, 50)).toBe('TWO_THIRDS_OR_MORE'); // 102 >= 100
    expect(lowConfidenceBand(2, 3)).toBe('TWO_THIRDS_OR_MORE');
  });
  it('published examples: Vĩnh Phúc 25/47 over half, Cần Thơ 28/50 over half, 49/50 two thirds', () => {
    expect(lowConfidenceBand(25, 47)).toBe('OVER_HALF');
    expect(lowConfidenceBand(28, 50)).toBe('OVER_HALF');
    expect(lowConfidenceBand(49, 50)).toBe('TWO_THIRDS_OR_MORE');
  });

  const rank = { NOT_OVER_HALF: 0, OVER_HALF: 1, TWO_THIRDS_OR_MORE: 2 } as const;

  it('is monotonic in low', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), fc.nat(), (base, a, b) => {
        const [lo, hi] = [a % (base + 1), b % (base + 1)].sort((x, y) => x - y) as [number, number];
        expect(rank[lowConfidenceBand(lo, base)]).toBeLessThanOrEqual(rank[lowConfidenceBand(hi, base)]);
      }),
    );
  });

  it('agrees with exact rational comparison over the whole safe-integer range', () => {
    const count = fc.oneof(fc.nat({ max: 100 }), fc.maxSafeNat());
    fc.assert(
      fc.property(count, count, (x, y) => {
        const [low, base] = x <= y ? [x, y] : [y, x];
        // low/base > 1/2  <=>  2·low > base ;  low/base >= 2/3  <=>  3·low >= 2·base
        const l = BigInt(low), b = BigInt(base);
        const expected = b === 0n ? 'NOT_OVER_HALF' : 3n * l >= 2n * b ? 'TWO_THIRDS_OR_MORE' : 2n * l > b ? 'OVER_HALF' : 'NOT_OVER_HALF';
        expect(lowConfidenceBand(low, base)).toBe(expected);
      }),
    );
  });
});

describe('percent', () => {
  it('rounds to two decimals, halves up', () => {
    expect(percent(25, 47)).toBe('53.19');
    expect(percent(49, 50)).toBe('98.00');
    expect(percent(28, 50)).toBe('56.00');
    expect(percent(1, 3)).toBe('33.33');
    expect(percent(2, 3)).toBe('66.67');
    expect(percent(1, 8)).toBe('12.50');
    expect(percent(1, 80000)).toBe('0.00'); // 0.00125
    expect(percent(1, 40000)).toBe('0.00'); // 0.0025
    expect(percent(1, 20000)).toBe('0.01'); // 0.005, a half: up
    expect(percent(0, 47)).toBe('0.00');
    expect(percent(47, 47)).toBe('100.00');
  });
  it('truncates when the body truncates', () => {
    expect(percent(2, 3, 'TRUNCATE')).toBe('66.66');
    expect(percent(25, 47, 'TRUNCATE')).toBe('53.19');
  });
  it('has no value over a denominator of zero', () => {
    expect(percent(0, 0)).toBeNull();
  });
  it('refuses numbers that are not counts', () => {
    expect(() => percent(-1, 3)).toThrow(RangeError);
    expect(() => percent(1.5, 3)).toThrow(RangeError);
  });
  it('parsed back is within 0.005 of n·100/d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.nat(), (d, n0) => {
        const n = n0 % (d + 1);
        expect(Math.abs(Number(percent(n, d)) - (n * 100) / d)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });
});

describe('worstBand and isLowConfidence', () => {
  it('orders bands by severity and treats only the two low bands as low confidence', () => {
    expect(worstBand([])).toBeNull();
    expect(worstBand(['NOT_OVER_HALF', 'TWO_THIRDS_OR_MORE', 'OVER_HALF'])).toBe('TWO_THIRDS_OR_MORE');
    expect(worstBand(['OVER_HALF', 'NOT_OVER_HALF'])).toBe('OVER_HALF');
    expect([isLowConfidence('NOT_OVER_HALF'), isLowConfidence('OVER_HALF'), isLowConfidence('TWO_THIRDS_OR_MORE')]).toEqual([false, true, true]);
  });
});
