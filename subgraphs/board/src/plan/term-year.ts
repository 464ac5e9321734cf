import { fail } from '@tinnhiem/platform';
import { COUNCIL_TERMS, DEFAULT_TERMS, termOf, type Term } from '@tinnhiem/rules';

const KNOWN_TERMS: readonly Term[] = [...DEFAULT_TERMS, ...COUNCIL_TERMS];

/**
 * The Board plans and reads years of a known term (R10). Any other year is a
 * typo or a term nobody has configured yet; either way an empty answer would
 * mislead, so it is refused with the terms that exist.
 */
export function requireYearInTerm(year: number): number {
  if (termOf(year, KNOWN_TERMS) === null) {
    const list = (terms: readonly Term[]) => terms.map((t) => `${t.firstYear}–${t.lastYear}`).join(', ');
    fail('YEAR_OUT_OF_TERM', `${year} is in no known term: congress terms ${list(DEFAULT_TERMS)} (Party and Committee lines); People's Council terms ${list(COUNCIL_TERMS)}.`, {
      terms: KNOWN_TERMS.map((t) => ({ firstYear: t.firstYear, lastYear: t.lastYear, midTermYear: t.midTermYear })),
    });
  }
  return year;
}
