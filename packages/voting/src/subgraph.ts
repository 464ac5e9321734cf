import { buildFederatedSchema } from '@tinnhiem/platform';
import type { GraphQLSchema } from 'graphql';
import type { AgencyConfig } from './agency';
import { requireReader } from './graphql/access';
import { agencyResolvers, type OfficialReference } from './graphql/agency.resolvers';
import type { AgencyContext } from './graphql/context';
import { RoundFieldsResolver } from './graphql/round-fields.resolver';

/** The schema of one agency's subgraph; needs no database, so composition can run offline. */
export async function buildAgencySchema(agency: AgencyConfig): Promise<GraphQLSchema> {
  const { resolvers, officialType } = agencyResolvers(agency);
  return buildFederatedSchema({
    resolvers: [RoundFieldsResolver, ...resolvers],
    orphanedTypes: [officialType],
    referenceResolvers: {
      // The same rule as the official's fields: `_entities` is no way around it.
      Official: {
        __resolveReference: (ref: OfficialReference, ctx: AgencyContext): OfficialReference => {
          requireReader(ctx);
          return { code: ref.code };
        },
      },
    },
  });
}
