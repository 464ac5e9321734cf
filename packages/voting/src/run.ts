import { authFromEnvironment, createLogger, envInt, envString, stopOnSignals, subgraphSecretFromEnvironment } from '@tinnhiem/platform';
import type { AgencyConfig } from './agency';
import { startAgencyService } from './service';

/** Runs one agency's subgraph as its own process (docker-compose): settings from the environment. */
export async function runAgencyFromEnvironment(agency: AgencyConfig, defaultPort: number): Promise<void> {
  const log = createLogger(agency.id);
  const signingSecret = subgraphSecretFromEnvironment(log);
  const service = await startAgencyService({
    agency,
    databaseUrl: envString('DATABASE_URL'),
    port: envInt('PORT', defaultPort),
    host: envString('HOST', '127.0.0.1'),
    auth: authFromEnvironment(),
    ballotKey: envString('BALLOT_KEY'),
    ...(signingSecret ? { signingSecret } : {}),
  });
  stopOnSignals(service, log);
  log.info({ url: service.url }, `${agency.id} subgraph ready`);
}

