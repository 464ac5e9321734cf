/**
 * R10 Periodic polls run once a term, in its third year (the mid-term year)
 * (QĐ 96-QĐ/TW; Công văn 731-CV/TU point 3). A poll in any other year is off-cycle;
 * binding votes (R8) may happen at any session, so they are not checked here.
 */
export interface Term {
  firstYear: number;
  lastYear: number;
  midTermYear: number;
}

/** Party congress terms. Data, so a new term is a new row, not new code. */
export const DEFAULT_TERMS: readonly Term[] = [
  { firstYear: 2020, lastYear: 2025, midTermYear: 2023 },
  { firstYear: 2025, lastYear: 2030, midTermYear: 2028 },
];

/**
 * People's Council terms; Council rounds run at the year-end session of year 3 (NQ 96/2023/QH15).
 * Cần Thơ's 2021–2026 Council polled in December 2023.
 */
export const COUNCIL_TERMS: readonly Term[] = [
  { firstYear: 2021, lastYear: 2026, midTermYear: 2023 },
  { firstYear: 2026, lastYear: 2031, midTermYear: 2028 },
];

/** A congress year closes one term and opens the next; the poll then belongs to the new term. */
export function termOf(year: number, terms: readonly Term[] = DEFAULT_TERMS): Term | null {
  let found: Term | null = null;
  for (const term of terms) {
    if (term.firstYear <= year && year <= term.lastYear && (!found || term.firstYear > found.firstYear)) found = term;
  }
  return found;
}

export function isMidTermYear(year: number, terms: readonly Term[] = DEFAULT_TERMS): boolean {
  return termOf(year, terms)?.midTermYear === year;
}
