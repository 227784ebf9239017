export { createPlatform, type Platform, type PlatformOptions, type PlatformConfig, type ServeOptions } from './platform';
export { createEventConsumer, type EventHandler, type EventHandlers, type EventConsumerOptions } from './event-consumer';
export { runMain } from '@marquee/core';
export { domainPlatform, type DomainPlatform, type Db } from './domain-platform';
