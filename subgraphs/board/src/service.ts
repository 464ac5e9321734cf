import {
  closeDatabase,
  openDatabase,
  serveGraphQL,
  viewerFromAuthorization,
  type AuthSettings,
  type RunningServer,
} from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import { Official, OfficialPost } from './entities/official.entity';
import { createBoardLoaders, type BoardContext } from './graphql/official.resolver';
import { RegistrySchema1764000000001 } from './migrations/1764000000001-registry-schema';
import { buildBoardSchema } from './schema';

export interface BoardServiceOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  auth: AuthSettings;
  onQuery?: (sql: string) => void;
}

export interface BoardService extends RunningServer {
  readonly db: DataSource;
}

export function openBoardDatabase(url: string, onQuery?: (sql: string) => void): Promise<DataSource> {
  return openDatabase({
    url,
    entities: [Official, OfficialPost],
    migrations: [RegistrySchema1764000000001],
    ...(onQuery ? { onQuery } : {}),
  });
}

/** The Organisation Board's own subgraph: the registry of officials. */
export async function startBoardService(options: BoardServiceOptions): Promise<BoardService> {
  const db = await openBoardDatabase(options.databaseUrl, options.onQuery);
  try {
    const server = await serveGraphQL<BoardContext>({
      name: 'board',
      port: options.port,
      ...(options.host ? { host: options.host } : {}),
      apollo: { schema: await buildBoardSchema() },
      context: async (req) => ({
        db,
        viewer: await viewerFromAuthorization(options.auth, req.headers.authorization),
        loaders: createBoardLoaders(db),
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
