import { ApolloGateway } from '@apollo/gateway';
import { isProduction, serveGraphQL, viewerFromAuthorization, type AuthSettings, type RunningServer } from '@tinnhiem/platform';
import { clientAddress } from './client-address';
import type { GatewayContext } from './context';
import { queryLimitProtection } from './limits';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS, LineAwareDataSource, lineErrorsPlugin } from './line-errors';
import { operationResolutionPlugin } from './operation-check';
import { ballotRateLimitPlugin } from './rate-limit';
import { ownGraphqlUrl, reportsRoutes } from './reports-route';
import { withDefaults, type GatewayLimitOverrides } from './settings';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph name → URL; overrides the URLs baked into the supergraph at composition. */
  subgraphUrls: Readonly<Record<string, string>>;
  port: number;
  host?: string;
  auth: AuthSettings;
  /** Subgraph name → the secret its requests are signed with (its SUBGRAPH_SECRET); unsigned without one. */
  subgraphSecrets?: Readonly<Partial<Record<string, string>>>;
  /** Introspection and field suggestions off; default: NODE_ENV=production. */
  production?: boolean;
  /** Query size, ballot rate, trusted proxies, body size; each unset one at its default (settings.ts). */
  limits?: GatewayLimitOverrides;
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
  const production = options.production ?? isProduction();
  const limits = withDefaults(options.limits);
  const protection = queryLimitProtection<GatewayContext>(limits.query, production);
  return serveGraphQL<GatewayContext>({
    name: 'gateway',
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    apollo: {
      gateway,
      plugins: [lineErrorsPlugin(), operationResolutionPlugin(), ...protection.plugins, ballotRateLimitPlugin(limits.ballots)],
      validationRules: protection.validationRules,
      parseOptions: protection.parseOptions,
      introspection: !production,
      // Apollo Server's default too; said here because the gateway must never run without it.
      csrfPrevention: true,
    },
    maskInternalErrors: false,
    maxBodyBytes: limits.maxBodyBytes,
    routes: reportsRoutes({ auth: options.auth, graphqlUrl: ownGraphqlUrl }),
    context: async (req) => ({
      authorization: req.headers.authorization,
      viewer: await viewerFromAuthorization(options.auth, req.headers.authorization),
      clientAddress: clientAddress(req, limits.trustedProxies),
    }),
  });
}
