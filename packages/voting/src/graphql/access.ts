import { AUDITOR, BOARD_ANALYST, hasRole, requireAnyRole, requireRole, type Role, type Viewer } from '@tinnhiem/platform';
import { adminRole, counterRole, type AgencyConfig } from '../agency';
import type { Round } from '../entities';
import type { AgencyContext } from './context';

/**
 * Who may do what in an agency's subgraph: every role rule of the voting
 * engine, in one place (docs/security-roles.md is the same table for people).
 * Roles are the agency's own (`party:admin` acts on the party line only), so
 * another agency's staff are refused like anyone else.
 *
 * Open to anyone, with or without a token, on purpose: `<agency>Agency` (the
 * agency's name and rulebook), `cast<Agency>Ballot` (a voter's ballot code is
 * the only credential, and must say nothing of who they are) and
 * `<agency>BallotReceipts` (every voter must be able to find their receipt).
 */
const MAY = {
  /** Plan, open, start counting, close and publish rounds; issue ballot codes. */
  runRounds: (agency: AgencyConfig) => [adminRole(agency)],
  /** Enter, confirm and correct counting minutes: the counting committee alone (R13), never the admin. */
  countBallots: (agency: AgencyConfig) => [counterRole(agency)],
  /** Recompute an electronic round's chain and tally from its log. */
  verifyRounds: (agency: AgencyConfig) => [AUDITOR, adminRole(agency), BOARD_ANALYST],
  /** Read the subgraph's audit log. */
  readAuditLog: () => [AUDITOR],
} satisfies Record<string, (agency: AgencyConfig) => Role[]>;

export type AgencyAction = keyof typeof MAY;

export function rolesFor(action: AgencyAction, agency: AgencyConfig): Role[] {
  return MAY[action](agency);
}

/** The caller, if their token grants `action` in this agency; FORBIDDEN (or UNAUTHENTICATED) otherwise. */
export function requireMay(ctx: Pick<AgencyContext, 'agency' | 'viewer'>, action: AgencyAction): Viewer {
  return requireRole(ctx.viewer, ...rolesFor(action, ctx.agency));
}

/** Reads of rounds and published results need a token with a role of the system; what it shows depends on the role. */
export function requireReader(ctx: Pick<AgencyContext, 'viewer'>): Viewer {
  return requireAnyRole(ctx.viewer);
}

/** The agency's own admins and counters: they see its rounds before publication. */
export function isAgencyStaff(ctx: Pick<AgencyContext, 'agency' | 'viewer'>): boolean {
  return hasRole(ctx.viewer, adminRole(ctx.agency), counterRole(ctx.agency));
}

/** Before publication a round, its results and its ballot count are visible only to the agency's own admins and counters. */
export function canSeeRound(ctx: Pick<AgencyContext, 'agency' | 'viewer'>, round: Round): boolean {
  return isAgencyStaff(ctx) || (round.status === 'PUBLISHED' && (ctx.viewer?.roles.length ?? 0) > 0);
}

/**
 * Every counting-minutes entry, superseded ones included: the agency's staff,
 * and after publication those who check the count (Board analysts, auditors).
 * Dashboards and other agencies read the published results, not the minutes.
 */
export function canSeeMinutes(ctx: Pick<AgencyContext, 'agency' | 'viewer'>, round: Round): boolean {
  return isAgencyStaff(ctx) || (round.status === 'PUBLISHED' && hasRole(ctx.viewer, BOARD_ANALYST, AUDITOR));
}
