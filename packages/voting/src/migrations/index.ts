import { VotingSchema1764000000000 } from './1764000000000-voting-schema';
import { SealedAfterPublication1764000000004 } from './1764000000004-sealed-after-publication';

export const votingMigrations = [VotingSchema1764000000000, SealedAfterPublication1764000000004];
