import 'reflect-metadata';

export * from './agency';
export * from './entities';
export * from './graphql/enums';
export type { AgencyContext } from './graphql/context';
export { ConfidenceResult } from './graphql/types';
export * from './migrations';
export * from './rounds/lifecycle';
export * from './rounds/results';
export * from './rounds/tally';
export * from './service';
export * from './subgraph';
export * from './run';
export * from './rounds/published';
