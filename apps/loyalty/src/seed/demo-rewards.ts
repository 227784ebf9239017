import type { NewReward } from '../domain/loyalty';

/** The demo catalogue of rewards (SEED_DEMO): a few a first ticket or two can already reach. */
export const demoRewards: Omit<NewReward, 'id'>[] = [
  { name: 'Small popcorn', description: 'A small salted or sweet popcorn at any concession stand.', cost_points: 15, stock: null },
  { name: 'Soft drink', description: 'A medium soft drink of your choice.', cost_points: 20, stock: null },
  { name: 'Popcorn combo', description: 'A large popcorn and two medium drinks.', cost_points: 60, stock: null },
  { name: 'Free 2D ticket', description: 'One standard 2D ticket for any showtime from Monday to Thursday.', cost_points: 150, stock: null },
  { name: 'Premiere night pass', description: 'A seat at the next members-only premiere night.', cost_points: 400, stock: 25 },
  { name: 'Signed poster', description: 'A limited-edition film poster signed by the director.', cost_points: 800, stock: 5 },
];
