/**
 * The shared revocation list every service checks access tokens against (`data/session-revocations.ts`,
 * in Redis): a session marked here is refused at once, long before its access tokens expire.
 */
export interface SessionRevocations {
  revoke(sessionIds: string[]): Promise<void>;
}
