export { AppError, isAppError, type AppErrorOptions } from './errors';
export {
  loadConfig,
  baseConfigSchema,
  serviceEnv,
  withDatabase,
  urlVar,
  portVar,
  booleanVar,
  addressListVar,
  ConfigError,
  type ConfigIssue,
  type BaseConfig,
} from './config';
export { createLogger, redact, type Logger, type LoggerOptions } from './logger';
export { runWithContext, currentContext, extendContext, type RequestContext } from './context';
export { createMetricsRegistry, type Registry } from './metrics';
export { Lifecycle, exitOnSignals } from './lifecycle';
export { runMain } from './run-main';
export { canonicalAddress, addressKey, addressMatcher, type AddressMatcher } from './client-address';
export { mapWithConcurrency } from './concurrency';
export { httpGet, type HttpGetAnswer } from './http-get';
