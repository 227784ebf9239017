import type { Request } from 'express';
import { clientAddress } from '@marquee/http';
import type { ClientInfo } from '../domain/auth.service';
import { DEVICE_COOKIE } from '../domain/device-tokens';
import type { ClientPlatform } from '../domain/user';

/**
 * The caller's address in its canonical form (`::ffff:10.1.1.1`, `10.1.1.01` and `10.1.1.1:1234`
 * are all `10.1.1.1`), X-Forwarded-For believed only from TRUSTED_PROXIES. Limits key it with
 * `addressKey` (IPv6 by /64); sessions store it as it is.
 */
export function clientIp(req: Request): string {
  return clientAddress(req);
}

/** The client platform from the body, else the `X-Platform` header, else web; device from the body, else User-Agent. */
export function clientInfo(req: Request, body: { platform?: ClientPlatform; device_name?: string }): ClientInfo {
  const header = req.get('x-platform')?.trim().toLowerCase();
  const platform: ClientPlatform = body.platform ?? (header === 'mobile-app' || header === 'mobile' ? 'mobile-app' : 'web');
  const device = body.device_name?.trim() || req.get('user-agent')?.slice(0, 200) || null;
  return { ip: clientIp(req), platform, deviceName: device, deviceToken: cookie(req, DEVICE_COOKIE) };
}

/** One cookie's value from the request's `Cookie` header (no parser mounted for the rest). */
function cookie(req: Request, name: string): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
  }
  return null;
}
