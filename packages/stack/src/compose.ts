import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildBoardSchema } from '@tinnhiem/board-subgraph';
import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { buildAgencySchema } from '@tinnhiem/voting';
import { parse } from 'graphql';

/** Default subgraph URLs baked into the supergraph; the gateway overrides them from configuration. */
export const DEFAULT_SUBGRAPH_URLS = {
  party: 'http://127.0.0.1:4001/graphql',
  council: 'http://127.0.0.1:4002/graphql',
  committee: 'http://127.0.0.1:4003/graphql',
  board: 'http://127.0.0.1:4004/graphql',
} as const;

export type SubgraphName = keyof typeof DEFAULT_SUBGRAPH_URLS;

/** Composes the supergraph from the subgraphs' schemas, offline: no service needs to run. */
export async function composeSupergraph(): Promise<string> {
  const schemas: Record<SubgraphName, Awaited<ReturnType<typeof buildBoardSchema>>> = {
    party: await buildAgencySchema(partyAgency),
    council: await buildAgencySchema(councilAgency),
    committee: await buildAgencySchema(committeeAgency),
    board: await buildBoardSchema(),
  };
  const result = composeServices(
    (Object.keys(schemas) as SubgraphName[]).map((name) => ({
      name,
      url: DEFAULT_SUBGRAPH_URLS[name],
      typeDefs: parse(printSubgraphSchema(schemas[name])),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
