import { parseRange } from '../http/videos.routes';
import { progressSeconds } from '../media/ffmpeg';
import { placeKey, sniffContainer } from './video';

describe('video rules', () => {
  it('when the first bytes are ftyp, qt ftyp or EBML, then mp4, mov or webm; anything else is null', () => {
    const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`)]);
    expect(sniffContainer(ftyp('isom'))).toBe('mp4');
    expect(sniffContainer(ftyp('qt  '))).toBe('mov');
    expect(sniffContainer(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x01]))).toBe('webm');
    expect(sniffContainer(Buffer.from('hello world, not video'))).toBeNull();
    expect(sniffContainer(Buffer.alloc(0))).toBeNull();
  });

  it('when places differ in case or accents, then their keys match', () => {
    expect(placeKey(' Bogotá ')).toBe('bogota');
    expect(placeKey('SÃO PAULO')).toBe('sao paulo');
    expect(placeKey('')).toBeNull();
    expect(placeKey(null)).toBeNull();
  });

  it('when a Range header is given, then it becomes the bytes to send, or 416 outside the file', () => {
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-10', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=0-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(() => parseRange('bytes=1000-', 1000)).toThrow(expect.objectContaining({ status: 416 }));
    expect(() => parseRange('bytes=5-2', 1000)).toThrow(expect.objectContaining({ status: 416 }));
    expect(() => parseRange('items=0-1', 1000)).toThrow(expect.objectContaining({ status: 416 }));
  });

  it('when ffmpeg reports progress, then out_time lines give seconds and others nothing', () => {
    expect(progressSeconds('out_time_us=2500000')).toBe(2.5);
    expect(progressSeconds('out_time_ms=1000000')).toBe(1);
    expect(progressSeconds('frame=12')).toBeNull();
  });
});
