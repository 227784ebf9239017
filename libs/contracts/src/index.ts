export * from './errors';
export * from './pagination';
export * from './primitives';
export * from './events';
