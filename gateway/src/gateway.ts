import { ApolloGateway } from '@apollo/gateway';
import { serveGraphQL, viewerFromAuthorization, type AuthSettings, type RunningServer } from '@tinnhiem/platform';
import type { GatewayContext } from './context';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS, LineAwareDataSource, lineErrorsPlugin } from './line-errors';
import { ownGraphqlUrl, reportsRoutes } from './reports-route';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph name → URL; overrides the URLs baked into the supergraph at composition. */
  subgraphUrls: Readonly<Record<string, string>>;
  port: number;
  host?: string;
  auth: AuthSettings;
  /** Subgraph name → the secret its requests are signed with (its SUBGRAPH_SECRET); unsigned without one. */
  subgraphSecrets?: Readonly<Partial<Record<string, string>>>;
}

/**
 * The gateway holds no business data: it serves the supergraph composed
 * offline (`npm run compose`) and routes each query plan to the subgraphs.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new LineAwareDataSource(name, { url: options.subgraphUrls[name] ?? url }, DEFAULT_SUBGRAPH_TIMEOUT_MS, options.subgraphSecrets?.[name]),
  });
  return serveGraphQL<GatewayContext>({
    name: 'gateway',
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    apollo: { gateway, plugins: [lineErrorsPlugin()] },
    maskInternalErrors: false,
    routes: reportsRoutes({ auth: options.auth, graphqlUrl: ownGraphqlUrl }),
    context: async (req) => ({
      authorization: req.headers.authorization,
      viewer: await viewerFromAuthorization(options.auth, req.headers.authorization),
    }),
  });
}
