import 'reflect-metadata';

export * from './entities/official.entity';
export * from './graphql/enums';
export * from './registry';
export * from './schema';
export * from './service';
