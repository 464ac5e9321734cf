import { envInt, envString } from '@tinnhiem/platform';
import { parseTrustProxy } from './client-address';
import { DEFAULT_QUERY_LIMITS, queryLimitsFromEnv, type QueryLimits } from './limits';
import { ballotRateLimitFromEnv, DEFAULT_BALLOT_RATE_LIMIT, type BallotRateLimit } from './rate-limit';

/** What the gateway refuses before any subgraph sees a request; docs/deployment.md lists the variables. */
export interface GatewayLimits {
  readonly query: QueryLimits;
  readonly ballots: BallotRateLimit;
  /** Proxies in front of the gateway whose X-Forwarded-For entry is believed (TRUST_PROXY); 0 believes none. */
  readonly trustedProxies: number;
  /** Largest request body, in bytes (GATEWAY_MAX_BODY_BYTES); a larger one is refused with HTTP 413. */
  readonly maxBodyBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  query: DEFAULT_QUERY_LIMITS,
  ballots: DEFAULT_BALLOT_RATE_LIMIT,
  trustedProxies: 0,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};

/** Some limits set, the others at their defaults (tests tighten one at a time). */
export interface GatewayLimitOverrides {
  readonly query?: Partial<QueryLimits>;
  readonly ballots?: Partial<BallotRateLimit>;
  readonly trustedProxies?: number;
  readonly maxBodyBytes?: number;
}

export function withDefaults(overrides: GatewayLimitOverrides = {}): GatewayLimits {
  return {
    query: { ...DEFAULT_GATEWAY_LIMITS.query, ...overrides.query },
    ballots: { ...DEFAULT_GATEWAY_LIMITS.ballots, ...overrides.ballots },
    trustedProxies: overrides.trustedProxies ?? DEFAULT_GATEWAY_LIMITS.trustedProxies,
    maxBodyBytes: overrides.maxBodyBytes ?? DEFAULT_GATEWAY_LIMITS.maxBodyBytes,
  };
}

export function gatewayLimitsFromEnv(): GatewayLimits {
  const maxBodyBytes = envInt('GATEWAY_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES);
  if (maxBodyBytes < 1) throw new Error(`GATEWAY_MAX_BODY_BYTES must be at least 1, got ${maxBodyBytes}.`);
  return {
    query: queryLimitsFromEnv(),
    ballots: ballotRateLimitFromEnv(),
    trustedProxies: parseTrustProxy(envString('TRUST_PROXY', '0')),
    maxBodyBytes,
  };
}
