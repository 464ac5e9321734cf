import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { envInt } from '@tinnhiem/platform';
import type { GatewayContext } from './context';

/**
 * How many ballots one client address may cast. A ballot code has 130 random
 * bits, so no rate makes guessing one likely; the limit stops floods of
 * guesses, and a mistyping voter must never meet it. The defaults let a hall
 * of up to a thousand voters behind one address (a congress behind one NAT,
 * or a few shared terminals) cast in one window, a tenth of them mistyping
 * their code once.
 */
export interface BallotRateLimit {
  /** Casts, accepted or not, per client address and window. */
  readonly attempts: number;
  /** Casts refused for an unknown or malformed code (TOKEN_INVALID, TOKEN_MALFORMED) per client address and window. */
  readonly failures: number;
  /** The window, in seconds, starting at a client's first cast (or first failure). */
  readonly windowSeconds: number;
}

export const DEFAULT_BALLOT_RATE_LIMIT: BallotRateLimit = { attempts: 1000, failures: 100, windowSeconds: 600 };

/** Environment variable of each setting, as documented in docs/deployment.md. */
export const BALLOT_RATE_LIMIT_VARIABLES: Readonly<Record<keyof BallotRateLimit, string>> = {
  attempts: 'BALLOT_CAST_LIMIT',
  failures: 'BALLOT_CAST_FAILURE_LIMIT',
  windowSeconds: 'BALLOT_CAST_WINDOW_SECONDS',
};

export function ballotRateLimitFromEnv(): BallotRateLimit {
  return Object.fromEntries(
    (Object.keys(DEFAULT_BALLOT_RATE_LIMIT) as (keyof BallotRateLimit)[]).map((key) => {
      const value = envInt(BALLOT_RATE_LIMIT_VARIABLES[key], DEFAULT_BALLOT_RATE_LIMIT[key]);
      if (value < 1) throw new Error(`${BALLOT_RATE_LIMIT_VARIABLES[key]} must be at least 1, got ${value}.`);
      return [key, value];
    }),
  ) as unknown as BallotRateLimit;
}

export const RATE_LIMITED = 'RATE_LIMITED';

/** The agency mutations that take a ballot code (`castPartyBallot`, …): one per agency the engine is deployed for. */
const BALLOT_CAST = /^cast[A-Z][A-Za-z]*Ballot$/;

/** The refusals that mean "this is not a code anyone was given": what a guesser gets. */
const GUESS_CODES: ReadonlySet<unknown> = new Set(['TOKEN_INVALID', 'TOKEN_MALFORMED']);

/**
 * Counts the ballot casts in an operation, aliases included (`a: castPartyBallot … b: castPartyBallot …`)
 * and through fragments on Mutation, so that one request cannot carry more guesses than the limit.
 */
export function ballotCasts(document: DocumentNode, operation: OperationDefinitionNode): number {
  if (operation.operation !== 'mutation') return 0;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
  );
  const count = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>): number =>
    selectionSet.selections.reduce((sum, selection) => {
      if (selection.kind === Kind.FIELD) return sum + (BALLOT_CAST.test(selection.name.value) ? 1 : 0);
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      return fragment && !seen.has(name) ? sum + count(fragment, new Set([...seen, name])) : sum;
    }, 0);
  return count(operation.selectionSet, new Set());
}

function inWords(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
}

function rateLimited(settings: BallotRateLimit, reason: 'attempts' | 'failures', msBeforeNext: number): GraphQLError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const what = reason === 'failures'
    ? `${settings.failures} ballot codes sent from your address within ${inWords(settings.windowSeconds)} were not valid`
    : `more than ${settings.attempts} ballots were cast from your address within ${inWords(settings.windowSeconds)}`;
  return new GraphQLError(
    `Ballot not taken: ${what}. Try again in ${retryAfterSeconds} seconds; check the code against your printed slip.`,
    {
      extensions: {
        code: RATE_LIMITED,
        reason,
        retryAfterSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );
}

/**
 * Limits ballot casting per client address (GatewayContext.clientAddress):
 * every cast counts against `attempts`, and every cast refused as an unknown
 * or malformed code also against the stricter `failures`. A refused request
 * reaches no subgraph and answers HTTP 429 with Retry-After. Counters live in
 * this gateway's memory: run one gateway per conference site, or divide the
 * limits by the number of gateways behind a load balancer.
 */
export function ballotRateLimitPlugin(settings: BallotRateLimit): ApolloServerPlugin<GatewayContext> {
  const attempts = new RateLimiterMemory({ keyPrefix: 'ballot-casts', points: settings.attempts, duration: settings.windowSeconds });
  const failures = new RateLimiterMemory({ keyPrefix: 'failed-ballot-casts', points: settings.failures, duration: settings.windowSeconds });
  return {
    async requestDidStart({ contextValue }) {
      const client = contextValue.clientAddress;
      let casts = 0;
      return {
        async didResolveOperation({ document, operation }) {
          casts = operation ? ballotCasts(document, operation) : 0;
          if (casts === 0) return;
          const failed = await failures.get(client);
          if (failed && failed.remainingPoints <= 0) throw rateLimited(settings, 'failures', failed.msBeforeNext);
          try {
            await attempts.consume(client, casts);
          } catch (refusal) {
            if (refusal instanceof RateLimiterRes) throw rateLimited(settings, 'attempts', refusal.msBeforeNext);
            throw refusal;
          }
        },
        async willSendResponse({ response }) {
          if (casts === 0 || response.body.kind !== 'single') return;
          const guesses = (response.body.singleResult.errors ?? []).filter((e) => GUESS_CODES.has(e.extensions?.code)).length;
          if (guesses > 0) await failures.penalty(client, guesses);
        },
      };
    },
  };
}
