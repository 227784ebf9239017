import type { DemoEvent } from '../domain/events.service';

/**
 * The organizer every demo event belongs to. The account itself lives in the users service's
 * demo seed (`organizer@marquee.demo`, role organizer) with this same fixed id, so signing in as
 * it shows these events as its own.
 */
export const DEMO_ORGANIZER_ID = 'e0000000-0000-4000-8000-000000000001';

const DAY_MS = 24 * 3_600_000;

/** `days` days after today's midnight (UTC), at `hour`:`minute`. */
function at(today: Date, days: number, hour: number, minute = 0): Date {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return new Date(midnight + days * DAY_MS + (hour * 60 + minute) * 60_000);
}

/** A few published events with sessions, a week to three weeks from `today`. Fixed ids: a later start adds nothing twice. */
export function demoEvents(today: Date): DemoEvent[] {
  const conference = (h: number, m = 0) => at(today, 14, h, m);
  const workshop = (h: number, m = 0) => at(today, 21, h, m);
  const talk = (h: number, m = 0) => at(today, 7, h, m);
  return [
    {
      id: 'e0000000-0000-4000-8000-000000000101',
      organizer_id: DEMO_ORGANIZER_ID,
      event: {
        title: 'TypeScript at Scale',
        description: 'A day of talks and a workshop on building large TypeScript backends: monorepos, typed events, and testing against real databases.',
        location: 'Marquee Hall, Lisbon',
        category: 'conference',
        start_at: conference(9),
        end_at: conference(17),
        capacity: 200,
      },
      sessions: [
        { id: 'e0000000-0000-4000-8000-000000000111', title: 'Keynote: types all the way down', speaker: 'Ada Lovelace', room: 'Main Hall', start_at: conference(9), end_at: conference(10), capacity: 200 },
        { id: 'e0000000-0000-4000-8000-000000000112', title: 'Monorepos with Nx', speaker: 'Grace Hopper', room: 'Room A', start_at: conference(10, 30), end_at: conference(11, 30), capacity: 80 },
        { id: 'e0000000-0000-4000-8000-000000000113', title: 'Events as contracts', speaker: 'Alan Turing', room: 'Room B', start_at: conference(10, 30), end_at: conference(11, 30), capacity: 80 },
        { id: 'e0000000-0000-4000-8000-000000000114', title: 'Workshop: testing with real databases', speaker: 'Barbara Liskov', room: 'Room A', start_at: conference(13), end_at: conference(15), capacity: 40 },
      ],
    },
    {
      id: 'e0000000-0000-4000-8000-000000000201',
      organizer_id: DEMO_ORGANIZER_ID,
      event: {
        title: 'Film Scoring Workshop',
        description: 'Write music for a short scene, from the first sketch to the final mix, with a composer who scores for the screen.',
        location: 'Studio 3, Marquee Downtown',
        category: 'workshop',
        start_at: workshop(14),
        end_at: workshop(18),
        capacity: 30,
      },
      sessions: [
        { id: 'e0000000-0000-4000-8000-000000000211', title: 'Orchestration basics', speaker: 'Hans Zimmer', room: 'Studio 3', start_at: workshop(14), end_at: workshop(16), capacity: 30 },
        { id: 'e0000000-0000-4000-8000-000000000212', title: 'Scoring to picture', speaker: 'Hans Zimmer', room: 'Studio 3', start_at: workshop(16), end_at: workshop(18), capacity: 30 },
      ],
    },
    {
      id: 'e0000000-0000-4000-8000-000000000301',
      organizer_id: DEMO_ORGANIZER_ID,
      event: {
        title: "Director's Talk: the making of Midnight Train",
        description: 'A screening followed by questions and answers with the director about shooting a thriller on a moving train.',
        location: 'Screen 1, Marquee Central',
        category: 'talk',
        start_at: talk(19),
        end_at: talk(21, 30),
        capacity: 120,
      },
      sessions: [
        { id: 'e0000000-0000-4000-8000-000000000311', title: 'Screening', speaker: null, room: 'Screen 1', start_at: talk(19), end_at: talk(20, 45), capacity: 120 },
        { id: 'e0000000-0000-4000-8000-000000000312', title: 'Questions and answers', speaker: 'Sofia Coppola', room: 'Screen 1', start_at: talk(20, 45), end_at: talk(21, 30), capacity: 120 },
      ],
    },
  ];
}
