import type { ActivityKind } from '../history/history.store';

/**
 * Trending: every view, favourite and review of the last `windowDays` counts with its weight,
 * halved every `halfLifeHours` of age (exponential decay), summed per movie. One user counts once
 * per movie: their strongest activity (weight × decay) in the window, so favouriting and
 * unfavouriting a film twenty times, or viewing it a hundred, weighs what one favourite does.
 */
export const TRENDING = {
  windowDays: 7,
  halfLifeHours: 48,
  weights: { view: 1, favourite: 3, review: 2 } satisfies Record<ActivityKind, number>,
} as const;

/**
 * Popular: `ln(1 + popularity) + activityWeight * ln(1 + trending activity)`. The logarithms keep a
 * blockbuster's TMDb popularity from drowning a local surge, and the other way round.
 */
export const POPULAR = { activityWeight: 0.75 } as const;

/** How much one activity of `ageHours` still counts (1 when new, 0.5 after one half-life). */
export function decayFactor(ageHours: number, halfLifeHours: number = TRENDING.halfLifeHours): number {
  return 0.5 ** (Math.max(0, ageHours) / halfLifeHours);
}

/**
 * One movie's trending score from its recent activity (what the SQL computes, for reference and
 * tests): each user's strongest activity once; activity without a user counts each time.
 */
export function trendingScore(activity: readonly { kind: ActivityKind; ageHours: number; userId?: string }[]): number {
  const best = new Map<string, number>();
  let anonymous = 0;
  for (const a of activity) {
    if (a.ageHours > TRENDING.windowDays * 24) continue;
    const value = TRENDING.weights[a.kind] * decayFactor(a.ageHours);
    if (a.userId === undefined) anonymous += value;
    else best.set(a.userId, Math.max(best.get(a.userId) ?? 0, value));
  }
  return anonymous + [...best.values()].reduce((sum, v) => sum + v, 0);
}
