import { booleanVar } from '@marquee/core';

/**
 * The tickets service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults must work on a developer machine.
 */
export const ticketsConfigShape = {
  /** An example switch; replace it with the service's own settings. */
  TICKETS_EXAMPLE_ENABLED: booleanVar.default(true),
};
