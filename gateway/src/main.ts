import { authFromEnvironment, calledSubgraphSecretsFromEnvironment, createLogger, envInt, envString, isProduction, stopOnSignals } from '@tinnhiem/platform';
import { startGateway } from './gateway';
import { gatewayLimitsFromEnv } from './settings';
import { readSupergraph } from './supergraph';

const SUBGRAPHS = ['party', 'council', 'committee', 'board'] as const;

const log = createLogger('gateway');

/**
 * Runs the gateway alone, as in docker-compose: subgraph URLs and secrets from
 * the environment, read inside the promise chain so that a refused setting
 * ends in the same clear log line as a failed start.
 */
async function main() {
  return startGateway({
    supergraphSdl: readSupergraph(process.env.SUPERGRAPH_PATH),
    subgraphUrls: {
      party: envString('PARTY_URL', 'http://127.0.0.1:4001/graphql'),
      council: envString('COUNCIL_URL', 'http://127.0.0.1:4002/graphql'),
      committee: envString('COMMITTEE_URL', 'http://127.0.0.1:4003/graphql'),
      board: envString('BOARD_URL', 'http://127.0.0.1:4004/graphql'),
    },
    auth: authFromEnvironment(),
    subgraphSecrets: calledSubgraphSecretsFromEnvironment(SUBGRAPHS),
    port: envInt('PORT', 4000),
    host: envString('HOST', '127.0.0.1'),
    production: isProduction(),
    limits: gatewayLimitsFromEnv(),
  });
}

main().then(
  (server) => {
    stopOnSignals(server, log);
    log.info({ url: server.url }, 'gateway ready');
  },
  (error: unknown) => {
    log.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  },
);
