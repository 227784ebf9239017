import type { Db } from '@marquee/service';
import { VideosTestKit } from '../testing/videos-kit';
import { VideosRepository } from './videos.repository';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('videos service: rankings at 100 000 votes', () => {
  const kit = new VideosTestKit();

  beforeAll(async () => {
    await kit.start();
    // 1 000 players with 2 500 published videos and 100 000 votes, kept in the tallies as votes do.
    await kit.pool.query(`
      INSERT INTO known_users (user_id, name, username, city, country, city_key, country_key, fact_time)
      SELECT md5('p' || g)::uuid, 'Player ' || g, 'player_' || g, c.city, 'Colombia', c.key, 'colombia', now()
        FROM generate_series(0, 999) g
        JOIN (VALUES (0, 'Bogotá', 'bogota'), (1, 'Medellín', 'medellin'), (2, 'Cali', 'cali'), (3, 'Barranquilla', 'barranquilla')) c (n, city, key)
          ON c.n = g % 4;
      INSERT INTO videos (id, user_id, title, original_key, processed_key, status, is_published, duration_seconds, processed_at)
      SELECT md5('v' || g)::uuid, md5('p' || (g % 1000))::uuid, 'Clip ' || g, 'uploads/x/' || g || '.mp4', 'processed/' || g || '.mp4',
             'processed', true, 20, now()
        FROM generate_series(0, 2499) g;
      -- Skewed, so the ranking has a shape: low video numbers get most votes.
      INSERT INTO votes (video_id, user_id)
      SELECT md5('v' || ((g::bigint * g) % 2500))::uuid, md5('u' || g)::uuid FROM generate_series(1, 100000) g;
      UPDATE videos v SET votes = c.n FROM (SELECT video_id, count(*)::int AS n FROM votes GROUP BY video_id) c WHERE v.id = c.video_id;
      INSERT INTO player_tallies (user_id, votes) SELECT user_id, sum(votes) FROM videos GROUP BY user_id;
      ANALYZE;
    `);
  }, 120_000);
  afterAll(() => kit.stop());

  /** The SQL the repository sends for these rankings, and its plan (EXPLAIN ANALYZE) on this data. */
  async function plan(filter: { city?: string }): Promise<{ nodes: PlanNode[]; ms: number }> {
    const sent: { sql: string; params: unknown[] }[] = [];
    const recording = {
      query: (sql: string, params: unknown[]) => {
        sent.push({ sql, params });
        return kit.pool.query(sql, params);
      },
    } as unknown as Db;
    await new VideosRepository().rankings(recording, filter, { limit: 20, offset: 0 });
    const { sql, params } = sent[0]!;
    const { rows } = await kit.pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const explained = rows[0]['QUERY PLAN'][0] as { Plan: PlanNode; 'Execution Time': number };
    return { nodes: nodes(explained.Plan), ms: explained['Execution Time'] };
  }

  it('when there are 100 000 votes, then the rankings read the per-player tally, never the votes, and agree with counting them', async () => {
    const total = (await kit.pool.query('SELECT count(*)::int AS n FROM votes')).rows[0].n;
    expect(total).toBe(100_000);
    for (const filter of [{}, { city: 'bogota' }]) {
      const { nodes: planNodes, ms } = await plan(filter);
      expect(planNodes.filter((n) => n['Relation Name'] === 'votes')).toEqual([]);
      expect(planNodes.some((n) => n['Relation Name'] === 'player_tallies')).toBe(true);
      if (process.env.PRINT_PLANS) process.stdout.write(`rankings ${JSON.stringify(filter)}: ${ms.toFixed(2)} ms, ${planNodes.map((n) => `${n['Node Type']}${n['Index Name'] ? `(${n['Index Name']})` : n['Relation Name'] ? `(${n['Relation Name']})` : ''}`).join(' > ')}\n`);
    }

    const top = await kit.call('GET', '/api/public/rankings?city=bogota&page_size=5');
    const expected = (
      await kit.pool.query(
        `SELECT v.user_id, count(*)::int AS votes FROM votes x JOIN videos v ON v.id = x.video_id JOIN known_users k ON k.user_id = v.user_id
          WHERE k.city_key = 'bogota' GROUP BY v.user_id ORDER BY votes DESC, v.user_id LIMIT 5`,
      )
    ).rows;
    expect(top.body.rankings.map((r: { user_id: string; votes: number }) => ({ user_id: r.user_id, votes: r.votes }))).toEqual(expected);
    const ranked = await kit.pool.query(
      `SELECT DISTINCT v.user_id FROM votes x JOIN videos v ON v.id = x.video_id JOIN known_users k ON k.user_id = v.user_id WHERE k.city_key = 'bogota'`,
    );
    expect(top.body.total).toBe(ranked.rowCount);
  }, 60_000);
});
