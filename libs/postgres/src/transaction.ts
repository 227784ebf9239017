import type pg from 'pg';
import { isDeadlock, isSerializationFailure } from './pg-errors';

/** Anything that runs a query: the pool (one statement, autocommit) or a client in a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Default: the server's (read committed). */
  isolation?: IsolationLevel;
  readOnly?: boolean;
}

const isolationSql: Record<IsolationLevel, string> = {
  'read committed': 'ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'ISOLATION LEVEL REPEATABLE READ',
  serializable: 'ISOLATION LEVEL SERIALIZABLE',
};

/** The BEGIN statement for these options. */
export function beginStatement({ isolation, readOnly }: TransactionOptions = {}): string {
  const parts = ['BEGIN'];
  if (isolation !== undefined) {
    const sql = isolationSql[isolation];
    if (!sql) throw new TypeError(`Unknown isolation level "${String(isolation)}"`);
    parts.push(sql);
  }
  if (readOnly) parts.push('READ ONLY');
  return parts.join(' ');
}

/** What runs once a transaction has committed; it gets the pool the transaction came from. */
export type CommitHook = (pool: pg.Pool) => void;

// Hooks of the transactions open on each client, run after COMMIT and dropped on ROLLBACK.
const commitHooks = new WeakMap<pg.PoolClient, CommitHook[]>();

/**
 * Asks for `hook` to run once the transaction that `client` is in has committed (never if it rolls
 * back). Answers false when `client` is not in a `withTransaction` (the pool itself, or a client
 * used by hand): the caller must then do its work another way. Hooks must not throw or block;
 * an error they throw is swallowed.
 */
export function afterCommit(client: Queryable, hook: CommitHook): boolean {
  const hooks = commitHooks.get(client as pg.PoolClient);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

/**
 * Runs `fn` inside BEGIN … COMMIT on one client of `pool`. If `fn` throws, the transaction is
 * rolled back and the error is rethrown. The client always goes back to the pool; a client whose
 * connection broke is discarded instead of reused. Hooks registered with `afterCommit` run after
 * COMMIT, once the client is back in the pool.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const begin = beginStatement(options);
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no 'error' listener of the pool's: a connection lost between two
  // queries (say, while fn awaits something else) would otherwise crash the process.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  const hooks: CommitHook[] = [];
  let committed = false;
  try {
    await client.query(begin);
    commitHooks.set(client, hooks);
    const result = await fn(client);
    await client.query('COMMIT');
    committed = true;
    return result;
  } catch (error) {
    if (!broken) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
    }
    throw error;
  } finally {
    commitHooks.delete(client);
    client.removeListener('error', onError);
    client.release(broken);
    if (committed) {
      for (const hook of hooks) {
        try {
          hook(pool);
        } catch {
          // A hook's failure is its own business; the transaction has committed.
        }
      }
    }
  }
}

/**
 * `withTransaction`, run again (up to `attempts` times in all) when PostgreSQL aborted it as a
 * deadlock victim or a serialization failure: the transaction wrote nothing, and the same work a
 * moment later usually goes through (or meets the real refusal, such as a constraint, which is
 * then answered as usual). Concurrent inserts under one exclusion constraint can deadlock this way,
 * each waiting on the other's uncommitted row. `fn` must be safe to run again: database work only.
 */
export async function withRetriedTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions & { attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await withTransaction(pool, fn, options);
    } catch (error) {
      if (attempt >= attempts || !(isDeadlock(error) || isSerializationFailure(error))) throw error;
      // A little jitter, so the transactions that collided do not collide again at once.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
