import { startSubgraphService, type AuthSettings, type SubgraphService } from '@tinnhiem/platform';
import type { AgencyConfig } from './agency';
import { BallotBox } from './ballots/cast';
import { votingEntities } from './entities';
import type { AgencyContext } from './graphql/context';
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
}

export type AgencyService = SubgraphService;

/** One agency's subgraph: its own database, its own rulebook, the shared engine. */
export function startAgencyService(options: AgencyServiceOptions): Promise<AgencyService> {
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
      ballotBox: (ballotBox ??= new BallotBox(db)),
    }),
    auth: options.auth,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
  });
}
