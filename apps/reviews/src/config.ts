/**
 * The reviews service's own environment variables, validated with the shared ones at start. It
 * has none yet: its consumer's retries are the base config's EVENT_MAX_ATTEMPTS and
 * EVENT_RETRY_DELAYS_MS, like every service's.
 */
export const reviewsConfigShape = {};
