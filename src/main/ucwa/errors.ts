/**
 * What kind of failure, in words the session, the CLI and the UI can act on. Stable strings, so
 * they survive IPC where prototypes do not.
 */
export type UcwaErrorKind =
  | 'network' // no connection, reset, DNS, timeout: retry later
  | 'tls' // certificate refused: never retried, never bypassed
  | 'insecure-url' // http:// to a non-loopback host
  | 'untrusted-host' // credentials would go to a host the user's domain does not vouch for
  | 'credentials' // the server refused the user name or password
  | 'auth-unsupported' // the server offers no grant this client can use
  | 'sso' // single sign-on (the Windows grant over Negotiate) failed: see SsoError.reason
  | 'not-allowed' // the account's policy does not allow it (no startOnlineMeeting link)
  | 'server-busy' // 429/503 after retries
  | 'protocol' // the server broke the protocol: HTML where JSON belongs, missing links, bad JSON
  | 'http' // a UCWA error answer not covered above
  | 'application-gone' // 404 ApplicationNotFound / 410 InactiveApplicationExpired
  | 'meeting-failed' // the operation completed with Failure
  | 'timeout' // a deadline of ours ran out
  | 'aborted'; // the caller cancelled

export class UcwaError extends Error {
  public override readonly name: string = 'UcwaError';
  public constructor(
    public readonly kind: UcwaErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  public static is(value: unknown, kind?: UcwaErrorKind): value is UcwaError {
    return value instanceof UcwaError && (kind === undefined || value.kind === kind);
  }
}

/** A non-2xx answer. `code`/`subcode` come from a UCWA JSON error body when there is one. */
export class UcwaHttpError extends UcwaError {
  public override readonly name = 'UcwaHttpError';
  public constructor(
    kind: UcwaErrorKind,
    public readonly status: number,
    public readonly code: string | undefined,
    public readonly subcode: string | undefined,
    message: string,
    public readonly diagnostics: string | undefined,
    public readonly retryAfterMs: number | undefined,
    /** The body was HTML or another non-UCWA type (a proxy or IIS page, not the UCWA service). */
    public readonly notUcwa: boolean,
  ) {
    super(kind, message);
  }
}

/** A host needs the user's approval before credentials or tokens may go there. */
export class UntrustedHostError extends UcwaError {
  public override readonly name = 'UntrustedHostError';
  public constructor(
    public readonly host: string,
    public readonly domain: string,
    /** What one approval would cover (the host's parent domain where that is safe). */
    public readonly approvalDomain: string = host,
  ) {
    super(
      'untrusted-host',
      `The server ${host} is not in ${domain}; approve ${approvalDomain} before signing in there.`,
    );
  }
}

/** A meeting or invitation operation that completed with Failure (or was cancelled). */
export class OperationFailedError extends UcwaError {
  public override readonly name = 'OperationFailedError';
  public constructor(
    public readonly code: string | undefined,
    public readonly subcode: string | undefined,
    message: string,
  ) {
    super('meeting-failed', message);
  }
}

/** A start lost because the application under it was replaced: safe to start again on the new one. */
export class ApplicationReplacedError extends UcwaError {
  public override readonly name = 'ApplicationReplacedError';
  public constructor(message: string) {
    super('network', message);
  }
}

export function abortError(reason?: unknown): UcwaError {
  return new UcwaError('aborted', 'Cancelled.', { cause: reason });
}
