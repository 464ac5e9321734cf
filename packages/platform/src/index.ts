import 'reflect-metadata';

export * from './audit/index';
export * from './auth';
export * from './auth-config';
export * from './config';
export * from './database';
export * from './dates';
export * from './errors';
export * from './federation';
export * from './logger';
export * from './postgres/index';
export * from './roles';
export * from './server';
export * from './signing';
export * from './signing-config';
export * from './subgraph-service';
export * from './text';
