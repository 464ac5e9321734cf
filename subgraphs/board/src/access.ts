import { AUDITOR, BOARD_ANALYST, DASHBOARD_READER, requireAnyRole, requireRole, type Role, type Viewer } from '@tinnhiem/platform';

/**
 * Who may do what in the Organisation Board's subgraph: every role rule of the
 * board, in one place (docs/security-roles.md is the same table for people).
 *
 * The registry (cadre code, name, posts, managing authority, the announced
 * retirement and election or appointment dates of R9: public acts, all of
 * them) and each official's consolidated assessment, computed from published
 * results only, are read by every role. Each line's results come from its own
 * subgraph under its own rules.
 */
const MAY = {
  /** Register officials; read and change the voting plan. */
  keepRegistry: [BOARD_ANALYST],
  /** Read follow-ups of low-confidence results, filter officials on them, record decisions (R12). */
  followUp: [BOARD_ANALYST],
  /** The compliance report of a year. */
  checkCompliance: [BOARD_ANALYST],
  /** Published results counted per line, body and band: an aggregate, so dashboards read it too. */
  readStatistics: [BOARD_ANALYST, DASHBOARD_READER],
  /** The board's audit log. */
  readAuditLog: [AUDITOR],
} satisfies Record<string, Role[]>;

export type BoardAction = keyof typeof MAY;

/** The caller, if their token grants `action`; FORBIDDEN (or UNAUTHENTICATED) otherwise. */
export function requireMay(viewer: Viewer | null, action: BoardAction): Viewer {
  return requireRole(viewer, ...MAY[action]);
}

export function may(viewer: Viewer | null, action: BoardAction): boolean {
  return viewer !== null && MAY[action].some((role) => viewer.roles.includes(role));
}

/** The registry and assessments: any role of the system; a token without one reads nothing. */
export function requireReader(viewer: Viewer | null): Viewer {
  return requireAnyRole(viewer);
}
