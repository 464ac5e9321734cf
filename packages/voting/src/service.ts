import { startSubgraphService, type AuthSettings, type SubgraphService } from '@tinnhiem/platform';
import type { AgencyConfig } from './agency';
import { BallotBox } from './ballots/cast';
import { ballotKey, ephemeralBallotKey } from './ballots/key';
import { votingEntities } from './entities';
import type { AgencyContext } from './graphql/context';
import { unauditedMutations } from './graphql/agency.resolvers';
import { createLoaders } from './graphql/loaders';
import { votingMigrations } from './migrations';
import { buildAgencySchema } from './subgraph';

export interface AgencyServiceOptions {
  agency: AgencyConfig;
  databaseUrl: string;
  port: number;
  host?: string;
  auth: AuthSettings;
  onQuery?: (sql: string) => void;
  /**
   * The secret ballot codes are hashed under (BALLOT_KEY), kept outside the database. Without one,
   * the service makes a key for this process only: fine for tests, but a restart would make the open
   * rounds' codes unusable, so the runners always pass one.
   */
  ballotKey?: string;
  /** Refuse requests not signed with this secret by the gateway or the board (SUBGRAPH_SECRET). */
  signingSecret?: string;
}

export type AgencyService = SubgraphService;

/** One agency's subgraph: its own database, its own rulebook, the shared engine. */
export function startAgencyService(options: AgencyServiceOptions): Promise<AgencyService> {
  const key = options.ballotKey ? ballotKey(options.ballotKey) : ephemeralBallotKey();
  let ballotBox: BallotBox | undefined;
  return startSubgraphService<AgencyContext>({
    name: options.agency.id,
    database: {
      url: options.databaseUrl,
      entities: votingEntities,
      migrations: votingMigrations,
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    },
    schema: () => buildAgencySchema(options.agency),
    context: (db, viewer) => ({
      agency: options.agency,
      db,
      viewer,
      loaders: createLoaders(db, options.agency),
      ballotBox: (ballotBox ??= new BallotBox(db, key)),
      ballotKey: key,
    }),
    auth: options.auth,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
    audit: { unaudited: unauditedMutations(options.agency) },
  });
}
