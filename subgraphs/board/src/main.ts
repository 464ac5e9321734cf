import { authSettings, createLogger, DEVELOPMENT_JWT_SECRET, envInt, envString, stopOnSignals } from '@tinnhiem/platform';
import { startBoardService } from './service';

const log = createLogger('board');
void startBoardService({
  databaseUrl: envString('DATABASE_URL'),
  port: envInt('PORT', 4004),
  host: envString('HOST', '127.0.0.1'),
  auth: authSettings(envString('JWT_SECRET', DEVELOPMENT_JWT_SECRET)),
}).then(
  (service) => {
    stopOnSignals(service, log);
    log.info({ url: service.url }, 'board subgraph ready');
  },
  (error: unknown) => {
    log.fatal({ err: error }, 'board subgraph failed to start');
    process.exit(1);
  },
);
