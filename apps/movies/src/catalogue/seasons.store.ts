import type { Db } from '@marquee/service';
import type { Season, SeasonInput } from '../movie/movie';

/** A series' seasons and their episodes. */
export interface SeasonStore {
  /**
   * Makes `seasons` the series' seasons, each matched by its number (its id stays), the others
   * removed. A season whose `episodes` (or `episode_count`) is undefined keeps what it has.
   * Numbers must be unique (`normaliseSeasons` sees to it).
   */
  replace(db: Db, seriesId: string, seasons: readonly SeasonInput[]): Promise<void>;
  /** The series' seasons in order, each with its episodes in order. */
  forSeries(db: Db, seriesId: string): Promise<Season[]>;
}
