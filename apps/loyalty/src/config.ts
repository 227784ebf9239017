import { booleanVar } from '@marquee/core';

/**
 * The loyalty service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults must work on a developer machine.
 */
export const loyaltyConfigShape = {
  /** An example switch; replace it with the service's own settings. */
  LOYALTY_EXAMPLE_ENABLED: booleanVar.default(true),
};
