export { createPool, checkDatabase, type CreatePoolOptions } from './pool';
export { ensureDatabase } from './ensure-database';
export { migrate, KIT_MIGRATIONS_DIR, type MigrateOptions } from './migrate';
export { MigrationError, type AppliedMigration } from './migration-files';
export {
  withTransaction,
  withRetriedTransaction,
  afterCommit,
  type CommitHook,
  type Queryable,
  type IsolationLevel,
  type TransactionOptions,
} from './transaction';
export { enqueueEvent, pruneSent, OUTBOX_CHANNEL, type EventEnvelope, type NewEvent } from './outbox';
export { OutboxRelay, type OutboxRelayOptions, type OutboxMessage, type PublishFn } from './outbox-relay';
export { recordInbox, pruneInbox } from './inbox';
export { pagedQuery, type PagedQuery } from './paged-query';
export { withAdvisoryLock, type AdvisoryLockOutcome } from './advisory-lock';
export type { OlderThan } from './retention';
export {
  PgErrorCode,
  isPgError,
  isUniqueViolation,
  isExclusionViolation,
  isCheckViolation,
  isForeignKeyViolation,
  isSerializationFailure,
  isDeadlock,
  type PgError,
} from './pg-errors';
