/** R5 Share of LOW marks over the base, in the bands the consequences (R6, R7) are written in. */
export type LowConfidenceBand = 'NOT_OVER_HALF' | 'OVER_HALF' | 'TWO_THIRDS_OR_MORE';

/**
 * "Trên 1/2" / "quá nửa" is strictly more than half, so exactly half triggers nothing;
 * "từ 2/3 trở lên" includes two thirds (QĐ 96-QĐ/TW; NQ 96/2023/QH15 Art. 12).
 * Compared as exact integers (BigInt, so even counts near 2^53 cannot round across a boundary).
 * An empty base has no share of anything, so it triggers nothing.
 */
export function lowConfidenceBand(low: number, base: number): LowConfidenceBand {
  if (base === 0) return 'NOT_OVER_HALF';
  const l = BigInt(low);
  const b = BigInt(base);
  if (l * 3n >= 2n * b) return 'TWO_THIRDS_OR_MORE';
  if (l * 2n > b) return 'OVER_HALF';
  return 'NOT_OVER_HALF';
}

const SEVERITY: Readonly<Record<LowConfidenceBand, number>> = { NOT_OVER_HALF: 0, OVER_HALF: 1, TWO_THIRDS_OR_MORE: 2 };

/** The most severe band among several results (R6, R7 consequences follow the worst); none → null. */
export function worstBand(bands: readonly LowConfidenceBand[]): LowConfidenceBand | null {
  let worst: LowConfidenceBand | null = null;
  for (const band of bands) if (worst === null || SEVERITY[band] > SEVERITY[worst]) worst = band;
  return worst;
}

/** A result that puts the official in a low-confidence band: one that the Board must follow up (R12). */
export function isLowConfidence(band: LowConfidenceBand): boolean {
  return band !== 'NOT_OVER_HALF';
}
