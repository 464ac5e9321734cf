import { join, resolve } from 'node:path';
import { authFromEnvironment, createLogger, envInt, envString } from '@tinnhiem/platform';
import { DEFAULT_FOLLOW_UP_DAYS } from '@tinnhiem/board-subgraph';
import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { gatewayLimitsFromEnv } from '@tinnhiem/gateway';
import { DEFAULT_CONSOLIDATED_PLACES_LIMIT } from '@tinnhiem/rules';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { seedDemo } from './demo/seed';
import { loadOrCreateSecret } from './secrets';
import { DEFAULT_PORTS, startStack } from './stack';
import { developmentTokens } from './tokens';

/** `npm start`: the whole federation on this machine, with demo data on first run. */
async function main(): Promise<void> {
  const log = createLogger('stack');
  const root = resolve(__dirname, '..', '..', '..');
  const dataRoot = resolve(envString('TINNHIEM_DATA_DIR', join(root, '.data')));
  const dataDir = join(dataRoot, 'postgres');
  const secretsDir = join(dataRoot, 'secrets');
  // Without a configured secret or identity provider, the development tokens are signed with a secret
  // of this installation's own, not the one published in the source code.
  const auth = authFromEnvironment(
    process.env.JWT_SECRET || process.env.JWT_JWKS_URL ? process.env : { ...process.env, JWT_SECRET: loadOrCreateSecret(secretsDir, 'jwt-secret') },
  );
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
    ballotKeys: {
      party: loadOrCreateSecret(secretsDir, 'party-ballot-key'),
      council: loadOrCreateSecret(secretsDir, 'council-ballot-key'),
      committee: loadOrCreateSecret(secretsDir, 'committee-ballot-key'),
    },
    subgraphSecrets: {
      party: loadOrCreateSecret(secretsDir, 'party-subgraph-secret'),
      council: loadOrCreateSecret(secretsDir, 'council-subgraph-secret'),
      committee: loadOrCreateSecret(secretsDir, 'committee-subgraph-secret'),
      board: loadOrCreateSecret(secretsDir, 'board-subgraph-secret'),
    },
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
  // With JWT_JWKS_URL alone, tokens come from the identity provider: there is no secret to sign any here.
  const tokens = auth.secret ? await developmentTokens(auth) : undefined;
  const lines = [
    '',
    `Gateway ready at ${stack.gatewayUrl} (${Date.now() - started} ms)`,
    `Subgraphs: ${Object.entries(stack.urls).map(([name, url]) => `${name} ${url}`).join(', ')}`,
    `  (they answer only requests signed by the gateway; secrets in ${secretsDir})`,
    `Data: ${dataDir}`,
    '',
    ...(tokens
      ? [
          'Development tokens (send as "Authorization: Bearer <token>"; valid 30 days):',
          ...Object.entries(tokens).map(([role, token]) => `  ${role.padEnd(18)} ${token}`),
        ]
      : ['Access tokens: from the identity provider at JWT_JWKS_URL.']),
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
