import { randomBytes } from 'node:crypto';
import type { DirectoryUser } from './directory.js';

export interface IssuedToken {
  readonly user: DirectoryUser;
  /** Tokens are per pool: one issued by a pool's token endpoint works only on that pool. */
  readonly pool: number;
  readonly expiresAt: number;
  revoked: boolean;
}

/** Issues and checks `cwt=` bearer tokens (AuthenticationInUCWA.md). */
export class TokenAuthority {
  private readonly tokens = new Map<string, IssuedToken>();
  public issuedCount = 0;

  public issue(user: DirectoryUser, pool: number, lifetimeSec: number): { token: string; expiresIn: number } {
    // Real tokens are base64 SAML-ish blobs behind `cwt=`; length and alphabet are what matter here.
    const token = `cwt=AAEB${randomBytes(96).toString('base64').replace(/[+/=]/g, 'A')}`;
    this.tokens.set(token, { user, pool, expiresAt: Date.now() + lifetimeSec * 1000, revoked: false });
    this.issuedCount += 1;
    return { token, expiresIn: lifetimeSec };
  }

  /** The user behind an `Authorization` header on this pool, or undefined (→ 401 challenge). */
  public check(header: string | undefined, pool: number): DirectoryUser | undefined {
    const match = /^Bearer\s+(cwt=\S+)$/i.exec(header?.trim() ?? '');
    if (!match?.[1]) return undefined;
    const issued = this.tokens.get(match[1]);
    if (!issued || issued.revoked || issued.pool !== pool) return undefined;
    if (Date.now() >= issued.expiresAt) {
      this.tokens.delete(match[1]);
      return undefined;
    }
    return issued.user;
  }

  /** Forgets revoked and expired tokens (long benchmark runs). */
  public prune(): void {
    const now = Date.now();
    for (const [token, issued] of this.tokens)
      if (issued.revoked || now >= issued.expiresAt) this.tokens.delete(token);
  }

  /** Every token handed out so far (tests prove none of them leaks anywhere). */
  public allIssued(): string[] {
    return [...this.tokens.keys()];
  }

  /** Revokes every token (of one user when given): the next request of each gets a 401 challenge. */
  public revoke(sip?: string): number {
    let count = 0;
    for (const issued of this.tokens.values()) {
      if (!issued.revoked && (sip === undefined || issued.user.sip === sip)) {
        issued.revoked = true;
        count += 1;
      }
    }
    return count;
  }
}

/**
 * The 401 challenge as on-premises servers send it: Bearer and MsRtcOAuth in one combined value
 * (capture 04). `split` sends them as two headers instead, which clients must handle too.
 */
export function challengeHeaders(
  tokenUrl: string,
  domain: string,
  split: boolean,
  grants = 'urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password',
): string[] {
  const bearer = `Bearer trusted_issuers="00000002-0000-0ff1-ce00-000000000000@${domain}", client_id="00000004-0000-0ff1-ce00-000000000000"`;
  const msRtc = `MsRtcOAuth href="${tokenUrl}",grant_type="${grants}"`;
  return split ? [bearer, msRtc] : [`${bearer}, ${msRtc}`];
}
