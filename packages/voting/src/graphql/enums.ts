import type { BindingVoteTrigger } from '@tinnhiem/rules';
import { registerEnumType } from 'type-graphql';
import { BallotMark } from '../ballots/marks';

/** DRAFT → OPEN → COUNTING → CLOSED → PUBLISHED; nothing goes back. */
export const RoundStatus = {
  DRAFT: 'DRAFT',
  OPEN: 'OPEN',
  COUNTING: 'COUNTING',
  CLOSED: 'CLOSED',
  PUBLISHED: 'PUBLISHED',
} as const;
export type RoundStatus = (typeof RoundStatus)[keyof typeof RoundStatus];

export const BallotMode = { PAPER: 'PAPER', ELECTRONIC: 'ELECTRONIC' } as const;
export type BallotMode = (typeof BallotMode)[keyof typeof BallotMode];

/** What is voted on: a confidence poll (three levels, R1) or a People's Council's binding vote (TRUST / NO_TRUST, R8). */
export const RoundKind = { CONFIDENCE_POLL: 'CONFIDENCE_POLL', BINDING_VOTE: 'BINDING_VOTE' } as const;
export type RoundKind = (typeof RoundKind)[keyof typeof RoundKind];

export const BindingVoteTriggerEnum = {
  LOW_CONFIDENCE_OVER_HALF: 'LOW_CONFIDENCE_OVER_HALF',
  DELEGATE_PETITION: 'DELEGATE_PETITION',
  FATHERLAND_FRONT_RECOMMENDATION: 'FATHERLAND_FRONT_RECOMMENDATION',
} as const satisfies Record<BindingVoteTrigger, BindingVoteTrigger>;

/** Who manages the official's post: the Standing Board (diện Ban Thường vụ Thành ủy quản lý) or the agency itself. */
export const ManagedBy = { STANDING_BOARD: 'STANDING_BOARD', AGENCY: 'AGENCY' } as const;
export type ManagedBy = (typeof ManagedBy)[keyof typeof ManagedBy];

export const BaseKindEnum = {
  SUMMONED: 'SUMMONED',
  PRESENT: 'PRESENT',
  ISSUED: 'ISSUED',
  COLLECTED: 'COLLECTED',
  VALID: 'VALID',
} as const;

export const RulebookEnum = { QD96: 'QD96', NQ96: 'NQ96' } as const;

export const BandEnum = {
  NOT_OVER_HALF: 'NOT_OVER_HALF',
  OVER_HALF: 'OVER_HALF',
  TWO_THIRDS_OR_MORE: 'TWO_THIRDS_OR_MORE',
} as const;

export const TallyEntryStatus = { PENDING: 'PENDING', CONFIRMED: 'CONFIRMED', SUPERSEDED: 'SUPERSEDED' } as const;
export type TallyEntryStatus = (typeof TallyEntryStatus)[keyof typeof TallyEntryStatus];

registerEnumType(RoundStatus, { name: 'RoundStatus', description: 'Life cycle of a round, a confidence poll or a binding vote alike.' });
registerEnumType(RoundKind, {
  name: 'RoundKind',
  description: 'CONFIDENCE_POLL (lấy phiếu tín nhiệm): three levels per nominee. BINDING_VOTE (bỏ phiếu tín nhiệm, NQ 96/2023/QH15 Art. 13): TRUST or NO_TRUST per nominee; People’s Councils only.',
});
registerEnumType(BindingVoteTriggerEnum, {
  name: 'BindingVoteTrigger',
  description: 'What puts a binding vote on the agenda (R8): a confidence-poll result over half and under two thirds low, a petition of at least one third of all delegates, or a recommendation of the Fatherland Front committee at the same level.',
});
registerEnumType(BallotMode, {
  name: 'BallotMode',
  description: 'PAPER: the counting committee enters the minutes. ELECTRONIC: secret ballots cast with single-use codes into a hash-chained log.',
});
registerEnumType(ManagedBy, { name: 'ManagedBy', description: 'The authority that manages the official (R12).' });
registerEnumType(BaseKindEnum, {
  name: 'BaseKind',
  description: 'The count that is 100% when percentages are shown (R4).',
});
registerEnumType(RulebookEnum, {
  name: 'Rulebook',
  description: 'QD96: Regulation 96-QĐ/TW (Party line). NQ96: Resolution 96/2023/QH15 (posts elected by a People’s Council).',
});
registerEnumType(BandEnum, {
  name: 'LowConfidenceBand',
  description: 'Share of "tín nhiệm thấp" marks over the base (R5): not over half, over half, two thirds or more.',
});
registerEnumType(TallyEntryStatus, {
  name: 'TallyEntryStatus',
  description: 'PENDING until a second counter confirms identical figures; SUPERSEDED once a later entry exists.',
});
registerEnumType(BallotMark, {
  name: 'BallotMark',
  description: 'A confidence poll’s rows take HIGH, CONFIDENT or LOW (tín nhiệm cao, tín nhiệm, tín nhiệm thấp); a binding vote’s take TRUST or NO_TRUST. BLANK: a row left empty, invalid for that nominee only (R1).',
});
