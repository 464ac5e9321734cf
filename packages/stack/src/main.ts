import { join, resolve } from 'node:path';
import { authSettings, createLogger, DEVELOPMENT_JWT_SECRET, envInt, envString } from '@tinnhiem/platform';
import { DEFAULT_FOLLOW_UP_DAYS } from '@tinnhiem/board-subgraph';
import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { gatewayLimitsFromEnv } from '@tinnhiem/gateway';
import { DEFAULT_CONSOLIDATED_PLACES_LIMIT } from '@tinnhiem/rules';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { seedDemo } from './demo/seed';
import { DEFAULT_PORTS, startStack } from './stack';
import { developmentTokens } from './tokens';

/** `npm start`: the whole federation on this machine, with demo data on first run. */
async function main(): Promise<void> {
  const log = createLogger('stack');
  const root = resolve(__dirname, '..', '..', '..');
  const dataDir = resolve(envString('TINNHIEM_DATA_DIR', join(root, '.data')), 'postgres');
  const auth = authSettings(envString('JWT_SECRET', DEVELOPMENT_JWT_SECRET));
  const databaseUrls = Object.fromEntries(
    (['party', 'council', 'committee', 'board'] as const)
      .map((name) => [name, process.env[`${name.toUpperCase()}_DATABASE_URL`]] as const)
      .filter(([, url]) => url),
  );
  const started = Date.now();
  const stack = await startStack({
    dataDir,
    auth,
    databaseUrls,
    ports: {
      gateway: envInt('GATEWAY_PORT', DEFAULT_PORTS.gateway),
      party: envInt('PARTY_PORT', DEFAULT_PORTS.party),
      council: envInt('COUNCIL_PORT', DEFAULT_PORTS.council),
      committee: envInt('COMMITTEE_PORT', DEFAULT_PORTS.committee),
      board: envInt('BOARD_PORT', DEFAULT_PORTS.board),
    },
    gatewayLimits: gatewayLimitsFromEnv(),
    boardSettings: {
      placesLimit: envInt('PLACES_LIMIT', DEFAULT_CONSOLIDATED_PLACES_LIMIT),
      followUpDays: envInt('FOLLOW_UP_DAYS', DEFAULT_FOLLOW_UP_DAYS),
    },
    log: (line) => log.debug(line),
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    void stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  if (process.env.DEMO_DATA !== 'off') {
    await seedDemo(stack.databases, { party: partyAgency, council: councilAgency, committee: committeeAgency }, (line) => log.info(line));
  }
  const tokens = await developmentTokens(auth);
  const lines = [
    '',
    `Gateway ready at ${stack.gatewayUrl} (${Date.now() - started} ms)`,
    `Subgraphs: ${Object.entries(stack.urls).map(([name, url]) => `${name} ${url}`).join(', ')}`,
    `Data: ${dataDir}`,
    '',
    'Development tokens (send as "Authorization: Bearer <token>"; valid 30 days):',
    ...Object.entries(tokens).map(([role, token]) => `  ${role.padEnd(18)} ${token}`),
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
