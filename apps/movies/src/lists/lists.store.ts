import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Kind, Movie } from '../movie/movie';

/** The ranked public lists; `kind` keeps films or series only. Deleted entries never appear. */
export interface RankedListStore {
  /** Released entries by popularity blended with recent activity (see POPULAR). */
  popular(db: Db, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>>;
  /** Entries with activity in the trending window, by decayed, weighted activity (see TRENDING). */
  trending(db: Db, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>>;
  /** Entries released (first aired) after today, soonest first. */
  comingSoon(db: Db, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>>;
}
