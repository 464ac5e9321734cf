import { hasRole, type Viewer } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { adminRole, counterRole, type AgencyConfig } from '../agency';
import type { Round } from '../entities';
import type { BallotBox } from '../ballots/cast';
import type { BallotKey } from '../ballots/key';
import type { VotingLoaders } from './loaders';

export interface AgencyContext {
  readonly agency: AgencyConfig;
  readonly db: DataSource;
  readonly viewer: Viewer | null;
  readonly loaders: VotingLoaders;
  /** One per service: appends each round's ballots to its chain in order. */
  readonly ballotBox: BallotBox;
  readonly ballotKey: BallotKey;
}

export function isAgencyStaff(ctx: AgencyContext): boolean {
  return hasRole(ctx.viewer, adminRole(ctx.agency), counterRole(ctx.agency));
}

/** Published results are for every role of the system; a token without any role reads nothing. */
export function canReadPublished(ctx: AgencyContext): boolean {
  return (ctx.viewer?.roles.length ?? 0) > 0;
}

/** Before publication a round is visible only to the agency's own admins and counters. */
export function canSeeRound(ctx: AgencyContext, round: Round): boolean {
  return isAgencyStaff(ctx) || (round.status === 'PUBLISHED' && canReadPublished(ctx));
}

/** Who may read a published round's minutes, including superseded ones. */
export function canSeeMinutes(ctx: AgencyContext, round: Round): boolean {
  return isAgencyStaff(ctx) || (round.status === 'PUBLISHED' && hasRole(ctx.viewer, 'board:analyst', 'auditor'));
}
