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
