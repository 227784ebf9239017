import { timeZoneSchema } from '../primitives';
import { showtimeCancelledDataSchema, showtimeCreatedDataSchema, showtimeUpdatedDataSchema } from './showtime.events';

const showtime = {
  showtime_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a05',
  movie_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a03',
  movie_title: 'Metropolis',
  theater_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a04',
  theater_name: 'Sala 1',
  theater_timezone: 'America/Bogota',
  start_time: '2030-05-02T00:30:00.000Z',
  end_time: '2030-05-02T03:03:00.000Z',
  price: 12.5,
  currency: 'USD',
  rows: ['A', 'B'],
  seats_per_row: 5,
  capacity: 10,
};

describe("a showtime event's theater_timezone", () => {
  it("when a showtime names its theater's IANA zone, then each showtime event keeps it", () => {
    expect(showtimeCreatedDataSchema.parse({ ...showtime, status: 'scheduled' }).theater_timezone).toBe('America/Bogota');
    expect(showtimeUpdatedDataSchema.parse({ ...showtime, status: 'scheduled' }).theater_timezone).toBe('America/Bogota');
    expect(showtimeCancelledDataSchema.parse({ ...showtime, status: 'cancelled', reason: null }).theater_timezone).toBe('America/Bogota');
  });

  it('when an event from before the field existed arrives without it, then it still parses, with no zone', () => {
    const { theater_timezone: _zone, ...old } = showtime;

    const parsed = showtimeUpdatedDataSchema.parse({ ...old, status: 'scheduled' });

    expect('theater_timezone' in parsed).toBe(false);
  });

  it.each(['Mars/Olympus', '-05:00', '+09:00', 'UTC+5', '', 'Europe/', 'x'.repeat(65)])('when the zone is %p, then data.theater_timezone is refused', (zone) => {
    const result = showtimeCreatedDataSchema.safeParse({ ...showtime, theater_timezone: zone, status: 'scheduled' });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['theater_timezone']);
  });

  it('when the zone is null or not text, then it is refused (absent is the only way to say unknown)', () => {
    expect(showtimeCreatedDataSchema.safeParse({ ...showtime, theater_timezone: null, status: 'scheduled' }).success).toBe(false);
    expect(showtimeCreatedDataSchema.safeParse({ ...showtime, theater_timezone: -5, status: 'scheduled' }).success).toBe(false);
  });

  it.each(['UTC', 'America/Bogota', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'])('when the zone is %p, then it is an IANA zone', (zone) => {
    expect(timeZoneSchema.safeParse(zone).success).toBe(true);
  });
});
