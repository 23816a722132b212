/**
 * Verifies the SPNEGO token of an `Authorization: Negotiate` header, as IIS's Windows
 * authentication does in front of the token endpoint. Injected, so that the simulator runs without
 * the native Kerberos module unless single sign-on is wanted (see kerberos-acceptor.ts).
 */
export interface NegotiateAcceptor {
  /**
   * Accepts `token` for the service `HTTP@<host>`. Resolves with the client's principal
   * (`user@REALM`) and the server's final token (mutual authentication); rejects when the token
   * is not valid for that service.
   */
  accept(token: string, host: string): Promise<{ principal: string; reply: string | undefined }>;
}

/** `alice@MEETNOW.TEST` → the login `alice@meetnow.test`, or undefined for another realm. */
export function loginForPrincipal(principal: string, realm: string, domain: string): string | undefined {
  const at = principal.lastIndexOf('@');
  if (at <= 0) return undefined;
  const name = principal.slice(0, at);
  // A principal with an instance (`alice/admin`) is not a user's logon.
  if (name.includes('/')) return undefined;
  return principal.slice(at + 1).toUpperCase() === realm.toUpperCase() ? `${name}@${domain}` : undefined;
}
