export * from './compose';
export * from './demo/people';
export * from './demo/seed';
export * from './stack';
export * from './tokens';
export * from './secrets';
