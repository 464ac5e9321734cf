import { authSettings, createLogger, DEVELOPMENT_JWT_SECRET, envInt, envString, stopOnSignals } from '@tinnhiem/platform';
import { startGateway } from './gateway';
import { isProductionMode } from './production';
import { gatewayLimitsFromEnv } from './settings';
import { readSupergraph } from './supergraph';

/** Runs the gateway alone, as in docker-compose: subgraph URLs from the environment. */
const log = createLogger('gateway');
void startGateway({
  supergraphSdl: readSupergraph(process.env.SUPERGRAPH_PATH),
  subgraphUrls: {
    party: envString('PARTY_URL', 'http://127.0.0.1:4001/graphql'),
    council: envString('COUNCIL_URL', 'http://127.0.0.1:4002/graphql'),
    committee: envString('COMMITTEE_URL', 'http://127.0.0.1:4003/graphql'),
    board: envString('BOARD_URL', 'http://127.0.0.1:4004/graphql'),
  },
  port: envInt('PORT', 4000),
  host: envString('HOST', '127.0.0.1'),
  auth: authSettings(envString('JWT_SECRET', DEVELOPMENT_JWT_SECRET)),
  production: isProductionMode(),
  limits: gatewayLimitsFromEnv(),
}).then(
  (server) => {
    stopOnSignals(server, log);
    log.info({ url: server.url }, 'gateway ready');
  },
  (error: unknown) => {
    log.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  },
);
