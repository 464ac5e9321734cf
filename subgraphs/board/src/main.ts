import {
  authFromEnvironment,
  calledSubgraphSecretsFromEnvironment,
  createLogger,
  envInt,
  envString,
  stopOnSignals,
  subgraphSecretFromEnvironment,
} from '@tinnhiem/platform';
import { DEFAULT_CONSOLIDATED_PLACES_LIMIT } from '@tinnhiem/rules';
import { DEFAULT_FOLLOW_UP_DAYS } from './follow-up/status';
import { LINES } from './graphql/line-result.types';
import { startBoardService } from './service';

const log = createLogger('board');

/** Reads the settings inside the promise chain, so that a refused setting ends in the same clear log line as a failed start. */
async function main() {
  const signingSecret = subgraphSecretFromEnvironment(log);
  return startBoardService({
    databaseUrl: envString('DATABASE_URL'),
    port: envInt('PORT', 4004),
    host: envString('HOST', '127.0.0.1'),
    auth: authFromEnvironment(),
    ...(signingSecret ? { signingSecret } : {}),
    lineUrls: {
      party: envString('PARTY_URL', 'http://127.0.0.1:4001/graphql'),
      council: envString('COUNCIL_URL', 'http://127.0.0.1:4002/graphql'),
      committee: envString('COMMITTEE_URL', 'http://127.0.0.1:4003/graphql'),
    },
    lineSecrets: calledSubgraphSecretsFromEnvironment(LINES),
    settings: { followUpDays: envInt('FOLLOW_UP_DAYS', DEFAULT_FOLLOW_UP_DAYS), placesLimit: envInt('PLACES_LIMIT', DEFAULT_CONSOLIDATED_PLACES_LIMIT) },
  });
}

main().then(
  (service) => {
    stopOnSignals(service, log);
    log.info({ url: service.url }, 'board subgraph ready');
  },
  (error: unknown) => {
    log.fatal({ err: error }, 'board subgraph failed to start');
    process.exit(1);
  },
);
