import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { signingFetch, type SignatureRefusalCode } from '@tinnhiem/platform';
import type { GatewayContext } from './context';
import { AuthForwardingDataSource } from './data-source';

/** The agency lines, by the name of the subgraph that serves each. */
export const LINE_LABELS = {
  party: "Party line (Đảng bộ)",
  council: "People's Council line (HĐND)",
  committee: "People's Committee line (UBND)",
} as const;

export type LineName = keyof typeof LINE_LABELS;

const SUBGRAPH_LABELS: Readonly<Record<string, string>> = { board: 'The Organisation Board registry' };

/** The data source marks a subgraph it could not reach with this code; the plugin turns it into words. */
const UNREACHABLE = 'SUBGRAPH_UNAVAILABLE';

type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

function isLine(name: unknown): name is LineName {
  return typeof name === 'string' && Object.hasOwn(LINE_LABELS, name);
}

/** As long as the board waits for a line's published-results index (LineResultsReader). */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

/**
 * Apollo Gateway 2.14 treats a subgraph it cannot reach as a failed fetch: the
 * entities get nothing, not even null, so a field that @requires the missing
 * line (the board's `assessment`) cannot be planned for them, and the non-null
 * `assessment` then nulls every official up to `data`. Answering an agency's
 * `_entities` fetch with explicit nulls instead keeps the other lines' data,
 * and lets the board say in `missingLines` which line is absent.
 */
export class LineAwareDataSource extends AuthForwardingDataSource {
  constructor(
    private readonly subgraph: string,
    config: ConstructorParameters<typeof AuthForwardingDataSource>[0],
    private readonly timeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS,
    signingSecret?: string,
  ) {
    super(config);
    // A subgraph that accepts the connection and never answers, or a route
    // that drops packets, is as down as a closed port; unbounded, the Board's
    // query would wait on it for minutes.
    const fetcher = this.fetcher;
    const timed: typeof fetcher = (url, init) => fetcher(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    // Signed at the last step, over the very string Apollo sends as the body.
    this.fetcher = signingSecret ? signingFetch(signingSecret, timed) : timed;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const cause = unreachableCause(error, this.timeoutMs);
      if (!cause) throw error;
      const extensions = { code: UNREACHABLE, subgraph: this.subgraph, cause };
      const representations: unknown = options.request.variables?.representations;
      if (isLine(this.subgraph) && Array.isArray(representations) && options.request.query) {
        const document = 'document' in options && options.document ? options.document : parse(options.request.query);
        const fields = entityFields(document);
        const entities = representations.map((representation) => ({
          __typename: (representation as { __typename?: unknown }).__typename,
          ...Object.fromEntries(fields.map((field) => [field, null])),
        }));
        return {
          data: { _entities: entities },
          errors: [{ message: `The ${this.subgraph} subgraph could not be reached (${cause}).`, extensions: { ...extensions, nulled: fields } }],
        };
      }
      // A root field of the subgraph (a round, a mutation): there is nothing sensible to answer in its place.
      throw new GraphQLError(`The ${this.subgraph} subgraph could not be reached (${cause}).`, { extensions });
    }
  }
}

/**
 * What made the subgraph unreachable, short enough to show; undefined when the
 * subgraph did answer (a 4xx says the request was wrong, not that the line is down).
 */
export function unreachableCause(error: unknown, timeoutMs: number): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, type } = error as { code?: unknown; type?: unknown };
  if (type === 'aborted' || error.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  if (type === 'system' && typeof code === 'string') return code;
  if (error.name === 'FetchError') return typeof code === 'string' && code !== 'FETCH_ERROR' ? code : 'no answer';
  const status = error instanceof GraphQLError ? (error.extensions.response as { status?: unknown } | undefined)?.status : undefined;
  if (typeof status === 'number' && status >= 500) return `HTTP ${status}`;
  const refused = error instanceof GraphQLError ? signatureRefusal(error) : undefined;
  if (refused) return `it refused the gateway's signature, ${refused}: compare the gateway's secret for it with its SUBGRAPH_SECRET, and the clocks`;
  if (error.message.startsWith('Expected JSON response body')) return 'not a GraphQL answer';
  return undefined;
}

const SIGNATURE_REFUSALS: readonly string[] = ['UNSIGNED_REQUEST', 'BAD_SIGNATURE', 'STALE_REQUEST'] satisfies SignatureRefusalCode[];

/**
 * A subgraph that refuses the gateway's signature (secrets that differ, a clock
 * that drifted) serves nobody through this gateway: an operator's fault, which
 * reaches the client as a line that is unavailable, not as a bad token.
 */
function signatureRefusal(error: GraphQLError): string | undefined {
  const response = error.extensions.response as { status?: unknown; body?: { errors?: { extensions?: { code?: unknown } }[] } } | undefined;
  const code = response?.status === 401 ? response.body?.errors?.[0]?.extensions?.code : undefined;
  return typeof code === 'string' && SIGNATURE_REFUSALS.includes(code) ? code : undefined;
}

/** Response names the fetch selects on the entities (`partyResults`), so each can be answered with null. */
function entityFields(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') names.add(selection.alias?.value ?? selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value === '_entities') collect(selection.selectionSet);
    }
  }
  return [...names];
}

interface Group {
  line: LineName | undefined;
  subgraph: string;
  cause: string;
  nulled: Set<string>;
}

/**
 * One error per missing line, in words a Board analyst can act on, with
 * `extensions.code: 'LINE_UNAVAILABLE'` and `extensions.line` (the name the
 * assessment uses in `missingLines`). A line that is down fails once per
 * fetch, or once per official when its subgraph answers with a failure for
 * each; those are one fact, said once, where the first of them stood. Other
 * errors pass through untouched.
 */
export function explainLineErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const groups = new Map<string, Group>();
  const kept: ({ error: GraphQLFormattedError } | { group: Group })[] = [];
  for (const error of errors) {
    const found = classify(error);
    if (!found) {
      kept.push({ error });
      continue;
    }
    const key = found.line ?? found.subgraph;
    let group = groups.get(key);
    if (!group) {
      group = { line: found.line, subgraph: found.subgraph, cause: found.cause, nulled: new Set() };
      groups.set(key, group);
      kept.push({ group });
    }
    for (const field of found.nulled) group.nulled.add(field);
  }
  if (groups.size === 0) return [...errors];
  return kept.map((entry) => ('group' in entry ? explain(entry.group) : entry.error));
}

function classify(error: GraphQLFormattedError): { line: LineName | undefined; subgraph: string; cause: string; nulled: string[] } | undefined {
  const extensions = error.extensions ?? {};
  if (extensions.code === UNREACHABLE && typeof extensions.subgraph === 'string') {
    const nulled = Array.isArray(extensions.nulled) ? extensions.nulled.filter((f): f is string => typeof f === 'string') : [];
    return {
      line: isLine(extensions.subgraph) ? extensions.subgraph : undefined,
      subgraph: extensions.subgraph,
      cause: `the ${extensions.subgraph} subgraph could not be reached (${String(extensions.cause)})`,
      nulled,
    };
  }
  // The agency answered, but its results field failed (its database is down, say): the line is missing all the same.
  const service = extensions.serviceName;
  const field = error.path?.at(-1);
  const failed = extensions.code === undefined || extensions.code === 'INTERNAL_SERVER_ERROR' || extensions.code === 'DOWNSTREAM_SERVICE_ERROR';
  if (isLine(service) && failed && field === `${service}Results`) {
    return { line: service, subgraph: service, cause: `the ${service} subgraph answered with an error (${error.message.replace(/\.$/, '')})`, nulled: [field] };
  }
  return undefined;
}

function explain(group: Group): GraphQLFormattedError {
  if (!group.line) {
    const label = SUBGRAPH_LABELS[group.subgraph] ?? `The ${group.subgraph} subgraph`;
    return {
      message: `${label} is unavailable: ${group.cause}, so what depends on it is missing from this answer.`,
      extensions: { code: UNREACHABLE, subgraph: group.subgraph },
    };
  }
  const label = LINE_LABELS[group.line];
  const fields = [...group.nulled];
  const consequence = fields.length > 0
    ? `: ${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} null, and any assessment in it lists "${group.line}" in missingLines`
    : '';
  return {
    message: `${label} is unavailable: ${group.cause}, so this answer lacks its data${consequence}.`,
    extensions: { code: 'LINE_UNAVAILABLE', line: group.line, lineName: label, subgraph: group.subgraph },
  };
}

/** Rewrites the gateway's answer so each missing line is named in plain words (see explainLineErrors). */
export function lineErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          if (singleResult.errors?.length) singleResult.errors = explainLineErrors(singleResult.errors);
        },
      };
    },
  };
}
