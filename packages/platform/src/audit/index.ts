export * from './digest';
export * from './graphql';
export * from './migration';
export * from './plugin';
export * from './store';
