import { AuditLog1764000000008, startSubgraphService, type AuthSettings, type SubgraphService } from '@tinnhiem/platform';
import { Official, OfficialPost } from './entities/official.entity';
import { FollowUpDecision } from './follow-up/follow-up.entity';
import { DEFAULT_FOLLOW_UP_DAYS } from './follow-up/status';
import type { LineName } from './graphql/line-result.types';
import { LineResultsReader } from './lines/line-results';
import { FollowUp1764000000002 } from './migrations/1764000000002-follow-up';
import { PlanAndSearch1764000000003 } from './migrations/1764000000003-plan-and-search';
import { PlanEntry } from './plan/plan-entry.entity';
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
  /** Where the board reads each line's published results (their subgraph URLs). */
  lineUrls?: Partial<Record<LineName, string>>;
  /** Each line's SUBGRAPH_SECRET, to sign the board's reads of its index as the gateway signs its own. */
  lineSecrets?: Partial<Record<LineName, string>>;
  /** Refuse requests not signed with this secret by the gateway (SUBGRAPH_SECRET). */
  signingSecret?: string;
  /** The clock, replaceable in tests of overdue follow-ups. */
  now?: () => Date;
}

export type BoardService = SubgraphService;

/** The Organisation Board's own subgraph: the registry of officials. */
export function startBoardService(options: BoardServiceOptions): Promise<BoardService> {
  const settings: BoardSettings = { placesLimit: DEFAULT_CONSOLIDATED_PLACES_LIMIT, followUpDays: DEFAULT_FOLLOW_UP_DAYS, ...options.settings };
  const now = options.now ?? (() => new Date());
  return startSubgraphService<BoardContext>({
    name: 'board',
    database: {
      url: options.databaseUrl,
      entities: [Official, OfficialPost, FollowUpDecision, PlanEntry],
      // The audit log's migration is the platform's, the same in every subgraph; its number follows the voting engine's.
      migrations: [RegistrySchema1764000000001, FollowUp1764000000002, PlanAndSearch1764000000003, AuditLog1764000000008],
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    },
    schema: buildBoardSchema,
    context: (db, viewer, req) => ({
      db,
      viewer,
      loaders: createBoardLoaders(db),
      settings,
      lines: new LineResultsReader(options.lineUrls ?? {}, req.headers.authorization, options.lineSecrets),
      now,
    }),
    auth: options.auth,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
  });
}
