export {
  createBroker,
  type Broker,
  type BrokerOptions,
  type BrokerState,
  type BrokerStatus,
  type CloseOptions,
  type DeclaredNames,
  type QueueRef,
  type StartOptions,
} from './broker';
export type { PublishOptions, SendOptions } from './publishing';
export { publishError, type PublishFailureReason } from './confirm-publisher';
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PREFETCH,
  DEFAULT_RETRY_DELAYS_MS,
  type ConsumedMessage,
  type ConsumeOptions,
  type MessageHandler,
} from './queue-consumer';
export { backoffDelay, type ReconnectOptions } from './reconnecting-connection';
export { isPermanentError, type ParkReason } from './retry-policy';
export { DELIVERY_LIMIT, exchangeNames, queueNames, type ExchangeNames, type QueueNames } from './topology';
export type { MessagingMetrics } from './messaging-metrics';
