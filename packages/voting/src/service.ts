import {
  closeDatabase,
  openDatabase,
  serveGraphQL,
  viewerFromAuthorization,
  type AuthSettings,
  type RunningServer,
} from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import type { AgencyConfig } from './agency';
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

export interface AgencyService extends RunningServer {
  readonly db: DataSource;
}

export async function openVotingDatabase(url: string, onQuery?: (sql: string) => void): Promise<DataSource> {
  return openDatabase({ url, entities: votingEntities, migrations: votingMigrations, ...(onQuery ? { onQuery } : {}) });
}

/** One agency's subgraph: its own database, its own rulebook, the shared engine. */
export async function startAgencyService(options: AgencyServiceOptions): Promise<AgencyService> {
  const db = await openVotingDatabase(options.databaseUrl, options.onQuery);
  try {
    const schema = await buildAgencySchema(options.agency);
    const server = await serveGraphQL<AgencyContext>({
      name: options.agency.id,
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
      apollo: { schema },
      context: async (req) => ({
        agency: options.agency,
        db,
        viewer: await viewerFromAuthorization(options.auth, req.headers.authorization),
        loaders: createLoaders(db, options.agency),
      }),
    });
    return {
      ...server,
      db,
      stop: async () => {
        await server.stop();
        await closeDatabase(db);
      },
    };
  } catch (error) {
    await closeDatabase(db);
    throw error;
  }
}
