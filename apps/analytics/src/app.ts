import path from 'node:path';
import { defineService, domainPlatform } from '@marquee/service';
import pkg from '../package.json';
import { analyticsConfigShape } from './config';
import { EventLogRepository } from './data/event-log.repository';
import { MemoryProjection } from './data/memory-projection';
import { ProjectionRepository } from './data/projection.repository';
import { ReportsRepository } from './data/reports.repository';
import { EventRecorder } from './domain/event-recorder.service';
import { ReportsService } from './domain/reports.service';
import { analyticsRoutes } from './http/analytics.routes';
import { domainEventHandlers } from './messaging/domain-events.consumer';

/** What tests and the replay command reach beyond HTTP and events. */
export interface AnalyticsApi {
  /** Rebuilds every aggregate from the stored events, in one transaction (ADR 0009). */
  replay(): Promise<{ events: number }>;
  reports: ReportsService;
}

/**
 * The analytics service, declared once: repositories → domain → routes and consumers. It
 * consumes every domain event, so there is nothing to seed: demo figures come from the other
 * services' demo data as their events arrive (invented sales would make the dashboard lie).
 */
export const analyticsService = defineService({
  name: 'analytics',
  packageJson: pkg,
  description:
    'Analytics: every domain event stored once, and the aggregates behind the dashboard, per-movie metrics, sales series, ' +
    'user behaviour and occupancy, kept in the consumer\'s transaction and rebuildable from the stored events',
  config: analyticsConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config } = platform;
    const recorder = new EventRecorder({
      ...domainPlatform(platform),
      log: new EventLogRepository(),
      projection: new ProjectionRepository(),
      replayProjection: () => new MemoryProjection(),
      timeZone: config.ANALYTICS_TIMEZONE,
      replayBatch: config.ANALYTICS_REPLAY_BATCH,
    });
    const reports = new ReportsService({
      db: platform.pool,
      reports: new ReportsRepository(),
      timeZone: config.ANALYTICS_TIMEZONE,
      currency: config.ANALYTICS_CURRENCY,
    });
    const api: AnalyticsApi = { replay: () => recorder.replay(), reports };
    return {
      routes: (router) => analyticsRoutes(router, recorder, reports),
      consumers: domainEventHandlers(recorder),
      api,
    };
  },
});
