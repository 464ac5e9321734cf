import { GraphQLError } from 'graphql';

/**
 * Machine-readable error codes. Clients branch on `extensions.code`; the
 * message is for the person reading it.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'QUORUM_NOT_MET'
  | 'NOMINEE_EXCLUDED'
  | 'DUPLICATE_NOMINEE'
  | 'DUPLICATE_OFFICIAL'
  | 'COUNT_INVARIANT_VIOLATED'
  | 'TALLY_INCOMPLETE'
  | 'TALLY_MISMATCH'
  | 'SELF_CONFIRMATION'
  | 'ALREADY_CONFIRMED'
  | 'NO_CONFIRMED_TALLY'
  | 'ROUND_CLOSED'
  | 'REASON_REQUIRED';

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...details } });
  }
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}
