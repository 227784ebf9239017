export * from './errors';
export * from './pagination';
export * from './primitives';
export * from './events';
export * from './service-ports';
export * from './internal';
