import type { Queryable } from '@marquee/postgres';

/** Options of {@link upsertNewerFact}. */
export interface NewerFactOptions {
  /** The column holding the time of the fact a row states (the event's `time`). Default `fact_time`. */
  timeColumn?: string;
  /**
   * When the stored fact has the very same time as this one (two events in one millisecond, or
   * the same event applied twice):
   * - `'keep'` (default): the stored fact stands; nothing is written and the call resolves false.
   * - `'replace'`: this fact replaces it (the later arrival wins, so a replay writes again).
   * - `{ prefer: 'deleted' }`: this fact replaces it only when its boolean column `deleted` is
   *   true and the stored one's is not, so a deletion beats an update of the same instant in
   *   whichever order the two arrive; otherwise the stored fact stands.
   */
  sameInstant?: 'keep' | 'replace' | { prefer: string };
  /** Columns set to `now()` whenever a fact is written, e.g. `received_at`. */
  touch?: string[];
}

// Only plain lower-case names: they are written into the SQL (quoted), never taken from input.
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function quoted(name: string, what: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new TypeError(`upsertNewerFact: ${what} "${name}" is not a plain lower-case SQL name`);
  }
  return parts.map((part) => `"${part}"`).join('.');
}

/**
 * Writes one row of a read model fed by events, unless the row already states a newer fact:
 * events arrive out of order after retries and re-drives, and an older one arriving late must
 * not undo a newer one. Inserts `key` + `columns` with `factTime` in the time column (see
 * `options.timeColumn`) when the key is new; otherwise overwrites `columns` and the time only
 * when the stored time is older (`options.sameInstant` decides a tie). Resolves true when the
 * row was written, false when the stored fact was newer (or won the tie).
 *
 * One statement (`INSERT … ON CONFLICT … DO UPDATE … WHERE`), so concurrent writers of the same
 * key serialise on the row: under READ COMMITTED the later one compares against the committed
 * winner, and the newest fact ends up stored whatever the order. `table` must have a unique
 * constraint on exactly the `key` columns; table and column names are code, not input.
 */
export async function upsertNewerFact(
  db: Queryable,
  table: string,
  key: Record<string, unknown>,
  columns: Record<string, unknown>,
  factTime: Date,
  options: NewerFactOptions = {},
): Promise<boolean> {
  if (!(factTime instanceof Date) || Number.isNaN(factTime.getTime())) {
    throw new TypeError('upsertNewerFact: factTime must be a valid Date');
  }
  const timeColumn = options.timeColumn ?? 'fact_time';
  const touch = options.touch ?? [];
  const keyNames = Object.keys(key);
  const columnNames = Object.keys(columns);
  if (keyNames.length === 0) throw new TypeError('upsertNewerFact: key names no column');
  const all = [...keyNames, ...columnNames, timeColumn, ...touch];
  const repeated = all.filter((name, index) => all.indexOf(name) !== index);
  if (repeated.length > 0) throw new TypeError(`upsertNewerFact: column "${repeated[0]}" is given twice`);

  const target = quoted(table, 'table');
  const col = (name: string) => quoted(name, 'column');
  const time = col(timeColumn);
  const values = [...keyNames.map((k) => key[k]), ...columnNames.map((c) => columns[c]), factTime];
  const placeholders = [...values.map((_, i) => `$${i + 1}`), ...touch.map(() => 'now()')];
  const assignments = [
    ...columnNames.map((c) => `${col(c)} = EXCLUDED.${col(c)}`),
    `${time} = EXCLUDED.${time}`,
    ...touch.map((c) => `${col(c)} = now()`),
  ];

  const tie = options.sameInstant ?? 'keep';
  let newer: string;
  if (tie === 'keep') {
    newer = `stored.${time} < EXCLUDED.${time}`;
  } else if (tie === 'replace') {
    newer = `stored.${time} <= EXCLUDED.${time}`;
  } else {
    if (!columnNames.includes(tie.prefer)) throw new TypeError(`upsertNewerFact: sameInstant.prefer "${tie.prefer}" is not one of the columns`);
    const preferred = col(tie.prefer);
    newer =
      `stored.${time} < EXCLUDED.${time} OR ` +
      `(stored.${time} = EXCLUDED.${time} AND EXCLUDED.${preferred} IS TRUE AND stored.${preferred} IS NOT TRUE)`;
  }

  const { rowCount } = await db.query(
    `INSERT INTO ${target} AS stored (${[...keyNames, ...columnNames, timeColumn, ...touch].map(col).join(', ')})
     VALUES (${placeholders.join(', ')})
     ON CONFLICT (${keyNames.map(col).join(', ')}) DO UPDATE SET ${assignments.join(', ')}
     WHERE ${newer}`,
    values,
  );
  return (rowCount ?? 0) > 0;
}
