import { auditLogResolver, buildFederatedSchema } from '@tinnhiem/platform';
import { requireMay, requireReader } from './access';
import type { GraphQLSchema } from 'graphql';
import { AssessmentResolver } from './graphql/assessment.resolver';
import { ComplianceResolver } from './graphql/compliance.resolver';
import { FollowUpResolver } from './graphql/follow-up.resolver';
import { OfficialResolver, type BoardContext } from './graphql/official.resolver';
import { PlanResolver } from './graphql/plan.resolver';
import { StatisticsResolver } from './graphql/statistics.resolver';
import type { LineResultsOf } from './graphql/line-result.types';

export async function buildBoardSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [
      OfficialResolver, AssessmentResolver, FollowUpResolver, PlanResolver, ComplianceResolver, StatisticsResolver,
      auditLogResolver('boardAuditLog', (viewer) => requireMay(viewer, 'readAuditLog')),
    ],
    referenceResolvers: {
      Official: {
        // Batched: a list of N officials from another subgraph costs one query here.
        // The representation carries the lines' results when the gateway resolves `assessment`.
        __resolveReference: async (ref: { code: string } & LineResultsOf, ctx: BoardContext) => {
          requireReader(ctx.viewer);
          const official = await ctx.loaders.official.load(ref.code.normalize('NFC'));
          if (!official) return null;
          const { partyResults, councilResults, committeeResults } = ref;
          return { ...official, partyResults, councilResults, committeeResults };
        },
      },
    },
  });
}
