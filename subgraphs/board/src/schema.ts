import { buildFederatedSchema, requireViewer } from '@tinnhiem/platform';
import type { GraphQLSchema } from 'graphql';
import { OfficialResolver, type BoardContext } from './graphql/official.resolver';

export async function buildBoardSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [OfficialResolver],
    referenceResolvers: {
      Official: {
        // Batched: a list of N officials from another subgraph costs one query here.
        __resolveReference: (ref: { code: string }, ctx: BoardContext) => {
          requireViewer(ctx.viewer);
          return ctx.loaders.official.load(ref.code.normalize('NFC'));
        },
      },
    },
  });
}
