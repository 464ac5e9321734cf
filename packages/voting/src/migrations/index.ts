import { VotingSchema1764000000000 } from './1764000000000-voting-schema';

export const votingMigrations = [VotingSchema1764000000000];
