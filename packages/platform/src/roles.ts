/**
 * The roles of the system, named once. Each service's access module
 * (packages/voting/src/graphql/access.ts, subgraphs/board/src/access.ts) says
 * what each may do; docs/security-roles.md is the table a person reads.
 */
export const BOARD_ANALYST = 'board:analyst';
export const DASHBOARD_READER = 'dashboard:reader';
export const AUDITOR = 'auditor';

/** The agency lines whose staff hold `<agency>:admin` and `<agency>:counter`. */
export const AGENCY_LINES = ['party', 'council', 'committee'] as const;

export function agencyAdminRole(agencyId: string): string {
  return `${agencyId}:admin`;
}

export function agencyCounterRole(agencyId: string): string {
  return `${agencyId}:counter`;
}
