/** Where the report reads from: a GraphQL endpoint (the gateway) and the caller's Authorization header. */
export interface ReportSource {
  endpoint: string;
  authorization: string;
}

export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: unknown };
}

export interface GraphQLAnswer<T> {
  data: T | null;
  errors: GraphQLErrorEntry[];
}

/**
 * The report could not be made. `code` is the GraphQL `extensions.code` when
 * the gateway refused (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT …), or
 * GATEWAY_UNREACHABLE / GATEWAY_ERROR when it did not answer in GraphQL.
 */
export class ReportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }

  /** Whose move it is: the caller's token, the caller's input, or the servers. */
  get kind(): 'unauthorised' | 'input' | 'failure' {
    return REFUSAL_KINDS[this.code] ?? 'failure';
  }
}

const REFUSAL_KINDS: Readonly<Record<string, 'unauthorised' | 'input'>> = {
  UNAUTHENTICATED: 'unauthorised',
  FORBIDDEN: 'unauthorised',
  BAD_USER_INPUT: 'input',
  YEAR_OUT_OF_TERM: 'input',
};

const TIMEOUT_MS = 60_000;

/** Posts one operation; a GraphQL error answer is returned, not thrown, so partial data survives. */
export async function postGraphQL<T>(source: ReportSource, query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(source.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: source.authorization },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new ReportError('GATEWAY_UNREACHABLE', `Could not reach the gateway at ${source.endpoint}: ${cause}`);
  }
  const text = await response.text();
  let body: { data?: T | null; errors?: GraphQLErrorEntry[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new ReportError('GATEWAY_ERROR', `The gateway at ${source.endpoint} answered HTTP ${response.status} without GraphQL: ${text.slice(0, 200)}`);
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/** The error that explains why a root field is missing: the refusal a client can act on. */
export function refusal(errors: readonly GraphQLErrorEntry[], what: string): ReportError {
  const first = errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'GRAPHQL_ERROR';
  return new ReportError(code, first ? first.message : `The gateway returned no ${what}.`);
}
