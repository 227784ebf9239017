export {
  createCircuitBreaker,
  CircuitOpenError,
  CallTimeoutError,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  type CallOptions,
} from './circuit-breaker';
export { retry, parseRetryAfter, type RetryOptions } from './retry';
