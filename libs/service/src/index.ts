export {
  defineService,
  type ServiceDefinition,
  type ServiceHandle,
  type RunningService,
  type ServiceOptions,
  type ServiceParts,
  type ServicePackageJson,
} from './define-service';
export {
  backfillPages,
  backfillMirror,
  backfillJob,
  learnFromOwner,
  learnManyFromOwner,
  OwnerCollection,
  type BackfillPagesOptions,
  type SourcePage,
  type MirrorStore,
  type MirrorSource,
  type MirrorDeps,
  type OwnerCollectionOptions,
} from './backfill';
export { every, JobRunner, type EveryOptions, type Job, type JobContext, type JobRunnerOptions } from './jobs';
export { seedOnce } from './seed';
export { createPlatform, type Platform, type PlatformOptions, type PlatformConfig, type ServeOptions } from './platform';
export { createEventConsumer, type EventHandler, type EventHandlers, type EventConsumerOptions } from './event-consumer';
export { runMain } from '@marquee/core';
export { domainPlatform, type DomainPlatform, type Db } from './domain-platform';
export { upsertNewerFact, type NewerFactOptions } from './read-model';
export { IdempotencyStore, MAX_IDEMPOTENCY_KEY_LENGTH, idempotencyKeyHeaders, type IdempotencyScope, type IdempotencyClaim, type StoredAnswer } from './idempotency';
export { ServiceClient, serviceClient, UpstreamStatusError, isUpstreamFailure, type ServiceClientOptions } from './service-client';
export { usersDirectory, usersDirectoryConfigShape } from './users-directory';
