import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GraphQLFormattedError } from 'graphql';
import { formatError } from './errors';
import { createLogger } from './logger';

export interface RunningServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface ServeOptions<C extends BaseContext> {
  name: string;
  port: number;
  host?: string;
  apollo: ApolloServerOptions<C>;
  context: (req: IncomingMessage) => Promise<C>;
  /** Replace unexpected errors by a plain message (subgraphs); the gateway passes subgraph errors on as they are. */
  maskInternalErrors?: boolean;
}

/**
 * Serves GraphQL over HTTP. The caller owns process signals: Apollo's own
 * SIGTERM handler re-sends the signal, which would cut short our shutdown of
 * PostgreSQL, so it is turned off here.
 */
export async function serveGraphQL<C extends BaseContext>(options: ServeOptions<C>): Promise<RunningServer> {
  const log = createLogger(options.name);
  const server = new ApolloServer<C>({
    ...options.apollo,
    plugins: [...(options.apollo.plugins ?? []), ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    ...(options.maskInternalErrors === false
      ? {}
      : {
          formatError: (formatted: GraphQLFormattedError, error: unknown) =>
            formatError(formatted, error, (e) => log.error({ err: e }, 'internal error')),
        }),
    stopOnTerminationSignals: false,
  } as ApolloServerOptions<C>);
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host ?? '127.0.0.1' },
    context: async ({ req }) => options.context(req),
  });
  let stopping: Promise<void> | undefined;
  return {
    name: options.name,
    url: url.replace(/\/?$/, '/graphql').replace('//graphql', '/graphql'),
    port: Number(new URL(url).port),
    stop: () => (stopping ??= server.stop()),
  };
}
