import { registerEnumType } from 'type-graphql';

/** Same values as the voting engine's ManagedBy: the enum is shared across subgraphs. */
export const ManagedBy = { STANDING_BOARD: 'STANDING_BOARD', AGENCY: 'AGENCY' } as const;
export type ManagedBy = (typeof ManagedBy)[keyof typeof ManagedBy];

/** The three lines of the city's political system that run confidence polls. */
export const PoliticalLine = { PARTY: 'PARTY', COUNCIL: 'COUNCIL', COMMITTEE: 'COMMITTEE' } as const;
export type PoliticalLine = (typeof PoliticalLine)[keyof typeof PoliticalLine];

registerEnumType(ManagedBy, { name: 'ManagedBy', description: 'The authority that manages the official (R12).' });
registerEnumType(PoliticalLine, {
  name: 'PoliticalLine',
  description: 'PARTY: Đảng bộ thành phố. COUNCIL: Hội đồng nhân dân. COMMITTEE: Ủy ban nhân dân.',
});
