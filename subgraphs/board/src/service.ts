import { startSubgraphService, type AuthSettings, type SubgraphService } from '@tinnhiem/platform';
import { Official, OfficialPost } from './entities/official.entity';
import { DEFAULT_CONSOLIDATED_PLACES_LIMIT } from '@tinnhiem/rules';
import { createBoardLoaders, type BoardContext, type BoardSettings } from './graphql/official.resolver';
import { RegistrySchema1764000000001 } from './migrations/1764000000001-registry-schema';
import { buildBoardSchema } from './schema';

export interface BoardServiceOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  auth: AuthSettings;
  onQuery?: (sql: string) => void;
  settings?: Partial<BoardSettings>;
}

export type BoardService = SubgraphService;

/** The Organisation Board's own subgraph: the registry of officials. */
export function startBoardService(options: BoardServiceOptions): Promise<BoardService> {
  const settings: BoardSettings = { placesLimit: DEFAULT_CONSOLIDATED_PLACES_LIMIT, ...options.settings };
  return startSubgraphService<BoardContext>({
    name: 'board',
    database: {
      url: options.databaseUrl,
      entities: [Official, OfficialPost],
      migrations: [RegistrySchema1764000000001],
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    },
    schema: buildBoardSchema,
    context: (db, viewer) => ({ db, viewer, loaders: createBoardLoaders(db), settings }),
    auth: options.auth,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
  });
}
