import type { IncomingMessage } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { auditPlugin, type AuditOptions } from './audit/plugin';
import { viewerFromAuthorization, type AuthSettings, type Viewer } from './auth';
import { closeDatabase, openDatabase, type DatabaseOptions } from './database';
import { createLogger, type Logger } from './logger';
import { serveGraphQL, type RawRequest, type RequestRefusal, type RunningServer } from './server';
import { MAX_SIGNATURE_SKEW_SECONDS, SeenSignatures, unsignedRequest, verifySignature } from './signing';

export interface SubgraphServiceOptions<C> {
  name: string;
  database: DatabaseOptions;
  schema: () => Promise<GraphQLSchema>;
  /** Builds the per-request context from the opened database and the verified caller. */
  context: (db: DataSource, viewer: Viewer | null, req: IncomingMessage) => C;
  auth: AuthSettings;
  port: number;
  host?: string;
  /**
   * The secret the gateway signs this subgraph's requests with (SUBGRAPH_SECRET).
   * With one, unsigned, wrongly signed and stale requests are refused; without
   * one (development only) anyone who reaches the port is served.
   */
  signingSecret?: string;
  /** Every mutation goes to the audit log (the `audit_log` table of AuditLog1764000000008), but those named here. */
  audit?: AuditOptions;
}

export interface SubgraphService extends RunningServer {
  readonly db: DataSource;
}

/**
 * Largest request a subgraph reads. Clients' requests stop at the gateway's
 * limit; what reaches a subgraph is the gateway's own, and the representations
 * it sends grow with the page: the Board view of 1,000 officials hands the
 * board about 0.8 MB of line results for one year, more for several.
 */
export const SUBGRAPH_MAX_BODY_BYTES = 16_000_000;

/** A subgraph with its own database: migrations applied, then served; stopping closes both. */
export async function startSubgraphService<C extends { readonly viewer: Viewer | null }>(options: SubgraphServiceOptions<C>): Promise<SubgraphService> {
  const db = await openDatabase(options.database);
  try {
    const server = await serveGraphQL<C>({
      name: options.name,
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
      apollo: { schema: await options.schema(), plugins: [auditPlugin<C>(db, createLogger(options.name), options.audit)] },
      ...(options.signingSecret ? { screenRequest: claimsSignature, verifyRequest: signedBy(options.signingSecret) } : {}),
      maxBodyBytes: SUBGRAPH_MAX_BODY_BYTES,
      context: async (req) => options.context(db, await viewerFromAuthorization(options.auth, req.headers.authorization), req),
    });
    return {
      ...server,
      db,
      stop: async () => {
        await server.stop();
        await closeDatabase(db);
      },
    };
  } catch (error) {
    await closeDatabase(db);
    throw error;
  }
}

/** Refuses, with HTTP 401 and before reading its body, a request that carries no signature at all. */
function claimsSignature(request: Omit<RawRequest, 'body'>): RequestRefusal | null {
  const refusal = unsignedRequest(request);
  return refusal && { status: 401, ...refusal };
}

/** Refuses, with HTTP 401, a request not signed with `secret` (see signing.ts). */
function signedBy(secret: string): (request: RawRequest) => RequestRefusal | null {
  const seen = new SeenSignatures();
  return (request) => {
    const refusal = verifySignature(secret, request, Date.now(), MAX_SIGNATURE_SKEW_SECONDS, seen);
    return refusal && { status: 401, ...refusal };
  };
}

/** Keeps a service running until SIGINT or SIGTERM, then stops it once and exits. */
export function stopOnSignals(service: RunningServer, log: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping ${service.name}`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
