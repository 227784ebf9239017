import { booleanVar } from '@marquee/core';

/**
 * The videos service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults must work on a developer machine.
 */
export const videosConfigShape = {
  /** An example switch; replace it with the service's own settings. */
  VIDEOS_EXAMPLE_ENABLED: booleanVar.default(true),
};
