import { authSettings, createLogger, DEVELOPMENT_JWT_SECRET, envInt, envString } from '@tinnhiem/platform';
import { startBoardService } from './service';

async function main(): Promise<void> {
  const log = createLogger('board');
  const service = await startBoardService({
    databaseUrl: envString('DATABASE_URL'),
    port: envInt('PORT', 4004),
    host: envString('HOST', '127.0.0.1'),
    auth: authSettings(envString('JWT_SECRET', DEVELOPMENT_JWT_SECRET)),
  });
  log.info({ url: service.url }, 'board subgraph ready');
  const stop = () => void service.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
