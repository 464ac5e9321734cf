import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLFormattedError } from 'graphql';
import { formatError } from './errors';
import { createLogger } from './logger';

export interface RunningServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A plain HTTP route served beside /graphql (reports, for example). */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export interface ServeOptions<C extends BaseContext> {
  name: string;
  port: number;
  host?: string;
  apollo: ApolloServerOptions<C>;
  context: (req: IncomingMessage) => Promise<C>;
  /** Replace unexpected errors by a plain message (subgraphs); the gateway passes subgraph errors on as they are. */
  maskInternalErrors?: boolean;
  routes?: readonly Route[];
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /**
   * Checks each GraphQL request's method, headers and exact body bytes before
   * Apollo sees it (a subgraph refuses what the gateway did not sign); null lets it through.
   */
  verifyRequest?: (request: RawRequest) => RequestRefusal | null;
  /** The part of verifyRequest that needs no body: run first, so a refused request's body is never read. */
  screenRequest?: (request: Omit<RawRequest, 'body'>) => RequestRefusal | null;
}

export interface RawRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Answered as a GraphQL error, so that clients and the gateway read `extensions.code` as usual. */
export interface RequestRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** Answers 200 without GraphQL, a signature or a token: container health checks call it. */
export const HEALTH_PATH = '/health';

/**
 * Serves GraphQL at /graphql over Node's own HTTP server, plus any extra
 * routes. The caller owns process signals: Apollo's own SIGTERM handler
 * re-sends the signal, which would cut short our shutdown of PostgreSQL.
 */
export async function serveGraphQL<C extends BaseContext>(options: ServeOptions<C>): Promise<RunningServer> {
  const log = createLogger(options.name);
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const httpServer = createServer();
  const server = new ApolloServer<C>({
    ...options.apollo,
    plugins: [
      ...(options.apollo.plugins ?? []),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    ...(options.maskInternalErrors === false
      ? {}
      : {
          formatError: (formatted: GraphQLFormattedError, error: unknown) =>
            formatError(formatted, error, (e) => log.error({ err: e }, 'internal error')),
        }),
  } as ApolloServerOptions<C>);
  await server.start();

  httpServer.on('request', (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = options.routes?.find((r) => r.method === req.method && r.path === url.pathname);
    if (route) return route.handle(req, res, url);
    if (url.pathname === HEALTH_PATH && req.method === 'GET') return sendText(res, 200, 'ok');
    if (url.pathname !== '/graphql' && url.pathname !== '/') return sendText(res, 404, 'Not found: GraphQL is served at /graphql.');
    const screened = options.screenRequest?.({ method: req.method ?? 'GET', headers: req.headers }) ?? null;
    if (screened) return refuse(res, screened, true);
    const raw = req.method === 'POST' ? await readBody(req, maxBodyBytes) : Buffer.alloc(0);
    if (!Buffer.isBuffer(raw)) return refuse(res, raw);
    const refusal = options.verifyRequest?.({ method: req.method ?? 'GET', headers: req.headers, body: raw }) ?? null;
    if (refusal) return refuse(res, refusal);
    const body = req.method === 'POST' ? parseJson(req, raw) : undefined;
    if (isRefusal(body)) return refuse(res, body);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search: url.search, body },
      context: () => options.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port, address } = httpServer.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    name: options.name,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/graphql`,
    port,
    stop: () => (stopping ??= server.stop()),
  };
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/**
 * Answers in GraphQL's error shape, as Apollo answers its own HTTP-level
 * refusals, so a client reads one format. When the body was not read (a 413,
 * a request refused on its headers) the connection closes: the unread rest of
 * the body must not be taken for the next request.
 */
function refuse(res: ServerResponse, refusal: RequestRefusal, bodyUnread = refusal.status === 413): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (bodyUnread) headers.connection = 'close';
  res.writeHead(refusal.status, headers);
  res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }));
}

function isRefusal(value: unknown): value is RequestRefusal {
  return value instanceof BodyRefused;
}

/** A request body refused before GraphQL sees it. */
class BodyRefused implements RequestRefusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

function tooLarge(limit: number): BodyRefused {
  return new BodyRefused(
    413,
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than the ${limit} bytes this server accepts; send a smaller request, splitting a large query or list into several.`,
  );
}

/** Reads the whole body as it came, refusing one larger than `limit` bytes (by its Content-Length when it declares one, before reading it). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | BodyRefused> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The parsed JSON body; undefined for other content types, which Apollo answers itself (CSRF prevention needs to see them). */
function parseJson(req: IncomingMessage, raw: Buffer): unknown {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json') && !type.startsWith('application/graphql-response+json')) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return new BodyRefused(400, 'BAD_REQUEST', 'The request body is not valid JSON: send {"query": "…", "variables": {…}} with content-type application/json.');
  }
}
