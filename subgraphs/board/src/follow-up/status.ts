import { localDate } from '@tinnhiem/platform';

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

/**
 * Where a result stands: decided once any decision is recorded; overdue after
 * the due day without one. A decision is owed for a low-confidence result and
 * for a binding vote that ends in a dismissal submission (R12).
 */
export function followUpStatus(
  result: { requiresDecision: boolean; publishedAt: string | Date | null },
  decisionCount: number,
  today: Date,
  days = DEFAULT_FOLLOW_UP_DAYS,
): FollowUpTiming {
  if (!result.requiresDecision) return { status: 'NOT_REQUIRED', dueOn: null };
  // Calendar days in the city's time zone, counted from the day of publication.
  const publishedOn = localDate(result.publishedAt ? new Date(result.publishedAt) : today);
  const due = new Date(`${publishedOn}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + days);
  const dueOn = due.toISOString().slice(0, 10);
  if (decisionCount > 0) return { status: 'DECIDED', dueOn };
  return { status: localDate(today) > dueOn ? 'OVERDUE' : 'PENDING', dueOn };
}
