import { localDate } from '@tinnhiem/platform';
import { isLowConfidence, type LowConfidenceBand } from '@tinnhiem/rules';

/**
 * Point 4 of the letter: low-confidence results are considered promptly. How
 * prompt is not written down, so the number of days is a setting.
 */
export const DEFAULT_FOLLOW_UP_DAYS = 30;

export type FollowUpStatus = 'NOT_REQUIRED' | 'DECIDED' | 'PENDING' | 'OVERDUE';

export interface FollowUpTiming {
  status: FollowUpStatus;
  dueOn: string | null;
}

/** Where a result stands: decided once any decision is recorded; overdue after the due day without one. */
export function followUpStatus(
  result: { band: LowConfidenceBand; publishedAt: string | Date | null },
  decisionCount: number,
  today: Date,
  days = DEFAULT_FOLLOW_UP_DAYS,
): FollowUpTiming {
  if (!isLowConfidence(result.band)) return { status: 'NOT_REQUIRED', dueOn: null };
  // Calendar days in the city's time zone, counted from the day of publication.
  const publishedOn = localDate(result.publishedAt ? new Date(result.publishedAt) : today);
  const due = new Date(`${publishedOn}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + days);
  const dueOn = due.toISOString().slice(0, 10);
  if (decisionCount > 0) return { status: 'DECIDED', dueOn };
  return { status: localDate(today) > dueOn ? 'OVERDUE' : 'PENDING', dueOn };
}
