import 'reflect-metadata';

export * from './entities/official.entity';
export * from './graphql/enums';
export * from './registry';
export * from './schema';
export * from './service';
export * from './assessment';
export * from './follow-up/record';
export * from './follow-up/status';
export * from './lines/line-results';
export * from './follow-up/follow-up.entity';
export * from './plan/plan';
export * from './plan/plan-entry.entity';
export * from './compliance/compliance';
export * from './statistics/statistics';
export * from './search';
export type { BoardContext, BoardSettings } from './graphql/official.resolver';
