/**
 * R9 Officials not put on a ballot: those with an announced retirement (thông báo nghỉ công tác chờ
 * nghỉ hưu) and those elected or appointed in the voting year (QĐ 96-QĐ/TW; NQ 96/2023/QH15 Art. 2(5)).
 */
export type ExclusionCode = 'RETIREMENT_ANNOUNCED' | 'ELECTED_OR_APPOINTED_IN_VOTING_YEAR';

export interface Exclusion {
  code: ExclusionCode;
  message: string;
  source: string;
}

/** ISO dates, YYYY-MM-DD. */
export interface NomineeFacts {
  retirementAnnouncedOn?: string | null;
  electedOrAppointedOn?: string | null;
}

const SOURCE = 'QĐ 96-QĐ/TW; NQ 96/2023/QH15 Art. 2(5)';

// A mistyped date must not silently put an excluded official on the ballot.
function yearOf(field: string, date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${field} (${date}) must be a calendar date written YYYY-MM-DD.`);
  }
  return Number(match[1]);
}

/**
 * `pollDate` (YYYY-MM-DD) is the day the poll is held or, for a ballot still being prepared, today: a
 * retirement announced after the poll did not exclude the official from it. Without it, the whole
 * voting year counts.
 */
export function exclusionsFor(facts: NomineeFacts, votingYear: number, pollDate?: string): Exclusion[] {
  const exclusions: Exclusion[] = [];
  const retired = facts.retirementAnnouncedOn;
  const lastDay = pollDate !== undefined && yearOf('pollDate', pollDate) === votingYear ? pollDate : `${votingYear}-12-31`;
  // Announced on or before the poll: the official is then awaiting retirement.
  if (retired && yearOf('retirementAnnouncedOn', retired) <= votingYear && retired <= lastDay) {
    exclusions.push({
      code: 'RETIREMENT_ANNOUNCED',
      message: `Retirement was announced on ${retired}; officials awaiting retirement are not polled.`,
      source: SOURCE,
    });
  }
  const appointed = facts.electedOrAppointedOn;
  // Too new in the post to be judged on it.
  if (appointed && yearOf('electedOrAppointedOn', appointed) === votingYear) {
    exclusions.push({
      code: 'ELECTED_OR_APPOINTED_IN_VOTING_YEAR',
      message: `Elected or appointed on ${appointed}, within the voting year ${votingYear}; officials elected or appointed in the voting year are not polled.`,
      source: SOURCE,
    });
  }
  return exclusions;
}
