import { isCount } from './validity';

/**
 * R4 display. Most councils that published in December 2023 rounded to the nearest hundredth;
 * one truncated. NEAREST is the default, TRUNCATE is there for a body that truncates.
 */
export type PercentRounding = 'NEAREST' | 'TRUNCATE';

/**
 * A display string with two decimals. Worked in integer hundredths of a percent (BigInt) so a
 * result sitting exactly on a half rounds the same way on every machine; never used for a decision
 * (R5 compares the counts themselves). Halves round up, which for counts is away from zero.
 */
export function percent(numerator: number, denominator: number, rounding: PercentRounding = 'NEAREST'): string | null {
  if (!isCount(numerator) || !isCount(denominator)) {
    throw new RangeError(`percent needs two whole numbers of zero or more, got ${numerator} and ${denominator}.`);
  }
  if (denominator === 0) return null;
  const scaled = BigInt(numerator) * 10_000n;
  const d = BigInt(denominator);
  const roundUp = rounding === 'NEAREST' && (scaled % d) * 2n >= d;
  const digits = (scaled / d + (roundUp ? 1n : 0n)).toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
