import { AuditLog1764000000008 } from '@tinnhiem/platform';
import { VotingSchema1764000000000 } from './1764000000000-voting-schema';
import { SealedAfterPublication1764000000004 } from './1764000000004-sealed-after-publication';
import { ElectronicBallots1764000000005 } from './1764000000005-electronic-ballots';
import { BindingVote1764000000006 } from './1764000000006-binding-vote';
import { BallotKey1764000000007 } from './1764000000007-ballot-key';

export const votingMigrations = [
  VotingSchema1764000000000, SealedAfterPublication1764000000004, ElectronicBallots1764000000005, BindingVote1764000000006, BallotKey1764000000007,
  // The audit log's table is the same in every subgraph: the platform owns it.
  AuditLog1764000000008,
];
