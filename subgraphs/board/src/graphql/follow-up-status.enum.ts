import { registerEnumType } from 'type-graphql';

export const FollowUpStatusEnum = { NOT_REQUIRED: 'NOT_REQUIRED', DECIDED: 'DECIDED', PENDING: 'PENDING', OVERDUE: 'OVERDUE' } as const;

registerEnumType(FollowUpStatusEnum, {
  name: 'FollowUpStatus',
  description: 'DECIDED once a decision is recorded; OVERDUE when none within the configured days after publication.',
});
