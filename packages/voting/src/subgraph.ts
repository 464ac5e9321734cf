import { buildFederatedSchema } from '@tinnhiem/platform';
import type { GraphQLSchema } from 'graphql';
import type { AgencyConfig } from './agency';
import { agencyResolvers, type OfficialReference } from './graphql/agency.resolvers';
import { RoundFieldsResolver } from './graphql/round-fields.resolver';

/** The schema of one agency's subgraph; needs no database, so composition can run offline. */
export async function buildAgencySchema(agency: AgencyConfig): Promise<GraphQLSchema> {
  const { resolvers, officialType } = agencyResolvers(agency);
  return buildFederatedSchema({
    resolvers: [RoundFieldsResolver, ...resolvers],
    orphanedTypes: [officialType],
    referenceResolvers: {
      Official: { __resolveReference: (ref: OfficialReference): OfficialReference => ({ code: ref.code }) },
    },
  });
}
