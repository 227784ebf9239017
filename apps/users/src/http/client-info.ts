import type { Request } from 'express';
import type { ClientInfo } from '../domain/auth.service';
import type { Platform } from '../domain/user';

/** The caller's address as Express sees it (X-Forwarded-For only through the trusted hops). */
export function clientIp(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** Platform from the body, else the `X-Platform` header, else web; device from the body, else User-Agent. */
export function clientInfo(req: Request, body: { platform?: Platform; device_name?: string }): ClientInfo {
  const header = req.get('x-platform')?.trim().toLowerCase();
  const platform: Platform = body.platform ?? (header === 'mobile-app' || header === 'mobile' ? 'mobile-app' : 'web');
  const device = body.device_name?.trim() || req.get('user-agent')?.slice(0, 200) || null;
  return { ip: clientIp(req), platform, deviceName: device };
}
