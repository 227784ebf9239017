import { booleanVar } from '@marquee/core';

/**
 * The showtimes service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults must work on a developer machine.
 */
export const showtimesConfigShape = {
  /** An example switch; replace it with the service's own settings. */
  SHOWTIMES_EXAMPLE_ENABLED: booleanVar.default(true),
};
