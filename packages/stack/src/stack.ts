import { startBoardService, type BoardSettings } from '@tinnhiem/board-subgraph';
import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { readSupergraph, startGateway, type GatewayLimitOverrides } from '@tinnhiem/gateway';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { startEmbeddedPostgres, type AuthSettings, type EmbeddedCluster, type RunningServer } from '@tinnhiem/platform';
import { startAgencyService, type AgencyService } from '@tinnhiem/voting';
import type { DataSource } from 'typeorm';
import { DEFAULT_SUBGRAPH_URLS, type SubgraphName } from './compose';
import { ephemeralSecret } from './secrets';

export interface StackPorts {
  gateway: number;
  party: number;
  council: number;
  committee: number;
  board: number;
}

export const DEFAULT_PORTS: StackPorts = { gateway: 4000, party: 4001, council: 4002, committee: 4003, board: 4004 };

export interface StackOptions {
  /** Folder of the embedded PostgreSQL cluster, kept between runs; needed unless every subgraph has an external database. */
  dataDir?: string;
  auth: AuthSettings;
  ports?: Partial<StackPorts>;
  /** External PostgreSQL per subgraph; a subgraph without one uses the embedded cluster. */
  databaseUrls?: Partial<Record<SubgraphName, string>>;
  supergraphSdl?: string;
  log?: (line: string) => void;
  /** The Board's settings (places allowed across lines, follow-up days); defaults otherwise. */
  boardSettings?: Partial<BoardSettings>;
  /** Each agency's ballot key (BALLOT_KEY); an agency without one gets a key for this run only. */
  ballotKeys?: Partial<Record<AgencyName, string>>;
  /**
   * Each subgraph's SUBGRAPH_SECRET, with which the gateway (and the board, for
   * the agencies) signs its requests; a subgraph without one gets a secret for
   * this run only, so the stack is always protected.
   */
  subgraphSecrets?: Partial<Record<SubgraphName, string>>;
  /** Every SQL statement, labelled by subgraph, for tests that bound query counts. */
  onQuery?: (subgraph: SubgraphName, sql: string) => void;
  /** The gateway's query limits, ballot rate limit, trusted proxies and body size; defaults otherwise. */
  gatewayLimits?: GatewayLimitOverrides;
}

export interface RunningStack {
  readonly gatewayUrl: string;
  readonly urls: Readonly<Record<SubgraphName, string>>;
  readonly databases: Readonly<Record<SubgraphName, DataSource>>;
  readonly services: Readonly<Record<SubgraphName, RunningServer>>;
  /** What a subgraph checks its callers' signatures with: to call one directly, sign with its secret. */
  readonly subgraphSecrets: Readonly<Record<SubgraphName, string>>;
  stop(): Promise<void>;
}

const AGENCIES = { party: partyAgency, council: councilAgency, committee: committeeAgency } as const;
export type AgencyName = keyof typeof AGENCIES;

/**
 * Everything on one machine: one database per subgraph (each agency's own),
 * the four subgraphs and the gateway. Stopping is idempotent and always stops
 * PostgreSQL, whatever failed before.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const log = options.log ?? (() => undefined);
  const started: { stop(): Promise<void> }[] = [];
  let cluster: EmbeddedCluster | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const service of started.reverse()) await service.stop().catch((e: unknown) => log(`stop failed: ${String(e)}`));
      await cluster?.stop();
    })());

  try {
    const databaseUrl = async (name: SubgraphName): Promise<string> => {
      const external = options.databaseUrls?.[name];
      if (external) return external;
      if (!options.dataDir) throw new Error(`No database for the ${name} subgraph: give a dataDir or its external URL.`);
      cluster ??= await startEmbeddedPostgres({ dataDir: options.dataDir, log });
      const database = `tinnhiem_${name}`;
      await cluster.ensureDatabase(database);
      return cluster.url(database);
    };
    const secrets = Object.fromEntries(
      (Object.keys(DEFAULT_SUBGRAPH_URLS) as SubgraphName[]).map((name) => [name, options.subgraphSecrets?.[name] ?? ephemeralSecret()]),
    ) as Record<SubgraphName, string>;
    const onQuery = (name: SubgraphName) => (options.onQuery ? (sql: string) => options.onQuery?.(name, sql) : undefined);

    const services = {} as Record<SubgraphName, AgencyService>;
    for (const name of ['party', 'council', 'committee'] as const) {
      const query = onQuery(name);
      services[name] = await startAgencyService({
        agency: AGENCIES[name],
        databaseUrl: await databaseUrl(name),
        port: ports[name],
        auth: options.auth,
        ballotKey: options.ballotKeys?.[name] ?? ephemeralSecret(),
        signingSecret: secrets[name],
        ...(query ? { onQuery: query } : {}),
      });
      started.push(services[name]);
    }
    const boardQuery = onQuery('board');
    services.board = await startBoardService({
      databaseUrl: await databaseUrl('board'),
      lineUrls: { party: services.party.url, council: services.council.url, committee: services.committee.url },
      lineSecrets: { party: secrets.party, council: secrets.council, committee: secrets.committee },
      signingSecret: secrets.board,
      ...(options.boardSettings ? { settings: options.boardSettings } : {}),
      port: ports.board,
      auth: options.auth,
      ...(boardQuery ? { onQuery: boardQuery } : {}),
    });
    started.push(services.board);

    const urls = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.url])) as Record<SubgraphName, string>;
    const gateway = await startGateway({
      supergraphSdl: options.supergraphSdl ?? readSupergraph(),
      subgraphUrls: urls,
      subgraphSecrets: secrets,
      port: ports.gateway,
      auth: options.auth,
      ...(options.gatewayLimits ? { limits: options.gatewayLimits } : {}),
    });
    started.push(gateway);
    return {
      gatewayUrl: gateway.url,
      urls,
      databases: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.db])) as Record<SubgraphName, DataSource>,
      services,
      subgraphSecrets: secrets,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
