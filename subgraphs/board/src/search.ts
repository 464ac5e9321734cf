import { fail } from '@tinnhiem/platform';
import { worstBand, type LowConfidenceBand } from '@tinnhiem/rules';
import type { FollowUpStatus } from './follow-up/status';
import type { PublishedResult } from './lines/line-results';
import type { PoliticalLine } from './graphql/enums';
import { groupBy } from './compliance/group-by';

/**
 * Folds Vietnamese text for search: an analyst types "nguyen van an" on any
 * keyboard and means "Nguyễn Văn An". Diacritics go (NFD, then the combining
 * marks), đ becomes d (it is a letter of its own, not d with a mark, so NFD
 * keeps it), case and runs of spaces stop mattering. Ð (U+00D0, the Icelandic
 * eth) is folded too because some Vietnamese keyboards type it for Đ.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐÐð]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What the `search_name` column holds: the name and the code, folded. The bar
 * keeps a search from matching across the end of the name into the code.
 */
export function officialSearchName(code: string, fullName: string): string {
  return `${foldForSearch(fullName)}|${foldForSearch(code)}`;
}

/** A LIKE pattern (escape character `\`) matching the folded text anywhere in `search_name`. */
export function searchPattern(search: string): string {
  const folded = foldForSearch(search).replace(/\|/g, '');
  if (!folded) fail('BAD_USER_INPUT', 'search needs a letter or a digit of the name or code to look for.');
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filters of `officials` that read published results; they need the year. */
export interface ResultFilter {
  band?: LowConfidenceBand | null;
  polledBy?: PoliticalLine | null;
  followUpStatus?: FollowUpStatus | null;
}

export function hasResultFilter(filter: ResultFilter): boolean {
  return Boolean(filter.band || filter.polledBy || filter.followUpStatus);
}

/**
 * The cadre codes that pass the result filters, all of them together, from one
 * year's published results and the follow-up status of its low-confidence ones.
 * An official with no result that year has no band and no follow-up, so any
 * result filter leaves them out. NOT_REQUIRED means polled with nothing to follow up.
 */
export function codesMatchingResults(
  results: readonly PublishedResult[],
  followUps: readonly { officialCode: string; status: FollowUpStatus }[],
  filter: ResultFilter,
): string[] {
  const resultsOf = groupBy(results, (r) => r.officialCode);
  const statusesOf = groupBy(followUps, (f) => f.officialCode);
  const agency = filter.polledBy?.toLowerCase();
  return [...resultsOf]
    .filter(([code, own]) => {
      if (filter.band && worstBand(own.map((r) => r.band)) !== filter.band) return false;
      if (agency && !own.some((r) => r.agency === agency)) return false;
      if (filter.followUpStatus) {
        const statuses = (statusesOf.get(code) ?? []).map((f) => f.status);
        if (filter.followUpStatus === 'NOT_REQUIRED' ? statuses.length > 0 : !statuses.includes(filter.followUpStatus)) return false;
      }
      return true;
    })
    .map(([code]) => code);
}
