export { waitUntil, sleep } from './wait';
export { TcpProxy } from './tcp-proxy';
export { uniquePrefix, freePort } from './names';
export { createTestDatabase, createMigratedTestDatabase, TEST_SERVER_URL, type TestDatabase, type TestDatabaseOptions } from './database';
export { TestIssuer, JwksServer, generateTestKey, signToken, unsignedToken, type TestKey, type IssueOptions, type IssuedToken } from './test-issuer';
export { EventObserver, TEST_AMQP_URL, type EventObserverOptions, type ObserverPublishOptions, type DeclaresNames } from './event-observer';
export { callJson, type Answer, type CallOptions } from './http-client';
export { hostileSweep, formatFindings, type HostileSweepOptions, type SweepReport, type SweepFinding, type SweptOperation } from './hostile-sweep';
export { ServiceTestKit, type ServiceTestKitOptions, type StartableService, type StartedService } from './service-test-kit';
