import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Machine-readable error codes. Clients branch on `extensions.code`; the
 * message is for the person reading it.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'IDENTITY_PROVIDER_UNAVAILABLE'
  | 'UNSIGNED_REQUEST'
  | 'BAD_SIGNATURE'
  | 'STALE_REQUEST'
  | 'REPLAYED_REQUEST'
  | 'AUDIT_UNAVAILABLE'
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
  | 'REASON_REQUIRED'
  | 'CONFLICT'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_INVALID'
  | 'TOKEN_USED'
  | 'TOKENS_ALREADY_ISSUED'
  | 'BALLOT_KEY_CHANGED'
  | 'ROUND_NOT_OPEN'
  | 'BALLOT_INCOMPLETE'
  | 'CHAIN_BROKEN'
  | 'RECORD_FROZEN'
  | 'NOT_LOW_CONFIDENCE'
  | 'NOT_IN_RULEBOOK'
  | 'PETITION_TOO_SMALL'
  | 'LINE_UNAVAILABLE'
  | 'YEAR_OUT_OF_TERM'
  | 'DUPLICATE_PLAN_ENTRY'
  | 'INTERNAL_SERVER_ERROR';

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...details } });
  }
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

/** PostgreSQL error codes that a race or a bypassed check can still raise; see formatError. */
const DATABASE_REFUSALS: Record<string, { code: ErrorCode; message: string }> = {
  '22021': { code: 'BAD_USER_INPUT', message: 'The text contains a character that cannot be stored (a NUL byte); remove it and try again.' },
  '22P02': { code: 'BAD_USER_INPUT', message: 'A value is not in the form the field takes; check ids and dates.' },
  '23505': { code: 'CONFLICT', message: 'Someone made the same change at the same moment; reload and try again.' },
  '23514': { code: 'COUNT_INVARIANT_VIOLATED', message: 'The database refused figures that cannot be true together.' },
  '42501': {
    code: 'RECORD_FROZEN',
    message: 'The database refused to change a record that is kept as it was (a closed round, counting minutes, decisions or plan history).',
  },
};

/**
 * The `extensions.code` a client will read for an error thrown while resolving
 * a field, as formatError gives it: the audit log records the same code.
 */
export function errorCodeOf(error: unknown): string {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const own = (original instanceof GraphQLError ? original : error instanceof GraphQLError ? error : undefined)?.extensions?.code;
  if (typeof own === 'string') return own;
  const driverCode = (original as { driverError?: { code?: string }; code?: string } | undefined)?.driverError?.code
    ?? (original as { code?: string } | undefined)?.code;
  return (driverCode && DATABASE_REFUSALS[driverCode]?.code) || 'INTERNAL_SERVER_ERROR';
}

/**
 * Domain errors pass through as they are. A database refusal that slipped past
 * the service checks (two requests racing) gets its code; anything else is an
 * internal error whose details stay in the server log, never in the response.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (error: unknown) => void = () => undefined,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (original instanceof DomainError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const driverCode = (original as { driverError?: { code?: string }; code?: string } | undefined)?.driverError?.code
    ?? (original as { code?: string } | undefined)?.code;
  const refusal = driverCode ? DATABASE_REFUSALS[driverCode] : undefined;
  if (refusal) return { ...formatted, message: refusal.message, extensions: { code: refusal.code } };
  log(original);
  return { ...formatted, message: 'Internal error: the server could not complete this request. It has been logged.' };
}
