import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext, type ValidationRule } from 'graphql';
import { envInt } from '@tinnhiem/platform';

/**
 * How big one GraphQL document may be at the gateway. The project's own
 * largest queries (the Board view of 1,000 officials, the consolidated report,
 * the documented Board queries, every end-to-end test) nest 7 deep, cost 386,
 * use 5 aliases, no directive and 144 tokens; Apollo Sandbox's introspection
 * query has 184 tokens. The defaults leave room above those and refuse what no
 * screen of this system asks: dozens of aliases of one field, a query nested
 * to walk the graph, a document of thousands of tokens.
 */
export interface QueryLimits {
  /** Deepest nesting of selections (`officials { items { assessment { years { … } } } }` is 4). */
  readonly maxDepth: number;
  /** graphql-armor's cost: each object field 2, each scalar 1, times 1.5 per level of nesting. */
  readonly maxCost: number;
  /** Aliases in one document: a flood of aliases runs one resolver many times in one request. */
  readonly maxAliases: number;
  /** Directives in one document (`@include`, `@skip`). */
  readonly maxDirectives: number;
  /** Lexical tokens in one document; the parser stops counting there, before building anything. */
  readonly maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxCost: 2000,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 1000,
};

/** Environment variable of each limit, as documented in docs/deployment.md. */
export const QUERY_LIMIT_VARIABLES: Readonly<Record<keyof QueryLimits, string>> = {
  maxDepth: 'GATEWAY_MAX_DEPTH',
  maxCost: 'GATEWAY_MAX_COST',
  maxAliases: 'GATEWAY_MAX_ALIASES',
  maxDirectives: 'GATEWAY_MAX_DIRECTIVES',
  maxTokens: 'GATEWAY_MAX_TOKENS',
};

export function queryLimitsFromEnv(): QueryLimits {
  return Object.fromEntries(
    (Object.keys(DEFAULT_QUERY_LIMITS) as (keyof QueryLimits)[]).map((key) => {
      const value = envInt(QUERY_LIMIT_VARIABLES[key], DEFAULT_QUERY_LIMITS[key]);
      if (value < 1) throw new Error(`${QUERY_LIMIT_VARIABLES[key]} must be at least 1, got ${value}.`);
      return [key, value];
    }),
  ) as unknown as QueryLimits;
}

/** The code of every refusal for size; `extensions.limit` says which limit, `max` and `found` by how much. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

type LimitName = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens';

/** What was found, in words, for each limit. */
const FOUND: Record<LimitName, (found: string) => string> = {
  depth: (n) => `nests selections ${n} levels deep`,
  cost: (n) => `has a cost of ${n}`,
  aliases: (n) => `uses ${n} aliases`,
  directives: (n) => `uses ${n} directives`,
  tokens: (n) => `has ${n} tokens`,
};

const VARIABLE_OF: Record<LimitName, string> = {
  depth: QUERY_LIMIT_VARIABLES.maxDepth,
  cost: QUERY_LIMIT_VARIABLES.maxCost,
  aliases: QUERY_LIMIT_VARIABLES.maxAliases,
  directives: QUERY_LIMIT_VARIABLES.maxDirectives,
  tokens: QUERY_LIMIT_VARIABLES.maxTokens,
};

function tooComplex(limit: LimitName, max: number, found: number | undefined): GraphQLError {
  return new GraphQLError(
    `This query ${FOUND[limit](found === undefined ? `more than ${max}` : String(found))}; the gateway accepts at most ${max} ` +
      `(setting ${VARIABLE_OF[limit]}). Ask for fewer fields, or split it into several smaller queries.`,
    { extensions: { code: QUERY_TOO_COMPLEX, limit, max, ...(found === undefined ? {} : { found }) } },
  );
}

/**
 * graphql-armor reports "… limit of N exceeded, found M."; the rejection
 * becomes our own error with the figures as fields, so clients need not parse text.
 */
function reject(limit: LimitName, max: number): (context: ValidationContext | null, error: GraphQLError) => void {
  return (context, error) => {
    const found = /found (\d+(?:\.\d+)?)/.exec(error.message)?.[1];
    context?.reportError(tooComplex(limit, max, found === undefined ? undefined : Math.ceil(Number(found))));
  };
}

/** graphql-js's own refusal when the token limit is hit while parsing. */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th[a-z]+ (\d+) tokens/;

/**
 * Apollo Server gives every validation error the code
 * GRAPHQL_VALIDATION_FAILED and every parse error GRAPHQL_PARSE_FAILED; a
 * query refused for its size keeps QUERY_TOO_COMPLEX, so a client can tell
 * "split this query" from "this query is wrong".
 */
function limitCodes(error: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = error.extensions ?? {};
  if (typeof extensions.limit === 'string' && extensions.code === 'GRAPHQL_VALIDATION_FAILED') {
    return { ...error, extensions: { ...extensions, code: QUERY_TOO_COMPLEX } };
  }
  const tokens = extensions.code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT_MESSAGE.exec(error.message) : null;
  if (tokens) {
    const { message, extensions: own } = tooComplex('tokens', Number(tokens[1]), undefined);
    return { message, extensions: own };
  }
  return error;
}

/**
 * graphql-js ends many validation errors with "Did you mean …?", naming
 * fields, arguments and enum values near the one asked for. With
 * introspection off that would hand out the schema a guess at a time;
 * graphql-armor's own mask misses the enum form, so the whole sentence goes.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export interface QueryLimitProtection<C extends BaseContext> {
  plugins: ApolloServerPlugin<C>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

/** The Apollo Server options that enforce `limits`; field suggestions are hidden in production. */
export function queryLimitProtection<C extends BaseContext>(limits: QueryLimits, production: boolean): QueryLimitProtection<C> {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, propagateOnRejection: false, onReject: [reject('depth', limits.maxDepth)] },
    costLimit: { maxCost: limits.maxCost, propagateOnRejection: false, onReject: [reject('cost', limits.maxCost)] },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [reject('aliases', limits.maxAliases)] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [reject('directives', limits.maxDirectives)] },
    // graphql-js's parser counts tokens itself (parseOptions below) and stops there, before building a tree.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const plugin: ApolloServerPlugin<C> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          if (!production) return;
          for (const error of errors) error.message = error.message.replace(SUGGESTION, '');
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          if (singleResult.errors?.length) singleResult.errors = singleResult.errors.map(limitCodes);
        },
      };
    },
  };
  return { plugins: [plugin], validationRules: armor.validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
