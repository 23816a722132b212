import type { RouteKind } from './context.js';

/** What an injected fault does to a matching request. */
export type FaultAction =
  /** A UCWA error body with this status (and `Retry-After` when given). */
  | {
      type: 'status';
      status: number;
      code: string;
      subcode?: string;
      message?: string;
      retryAfterSec?: number;
    }
  /** An IIS HTML error page, as a proxy or a broken front end sends (not UCWA). */
  | { type: 'html'; status: number }
  /** 401 with the MsRtcOAuth challenge, as for an expired or revoked token. */
  | { type: 'challenge' }
  /** The connection is destroyed, after `afterMs` if given (a P-GET parks first). */
  | { type: 'drop'; afterMs?: number }
  /** The real answer, cut off halfway; Content-Length still claims the whole body. */
  | { type: 'truncate' }
  /** The real status with a body that is not JSON at all. */
  | { type: 'malformed' }
  /** The real answer after an added delay. */
  | { type: 'delay'; ms: number }
  /** The real answer, sent a few bytes at a time. */
  | { type: 'trickle'; chunkBytes: number; intervalMs: number }
  /** A 200 with a JSON body far larger than any UCWA resource. */
  | { type: 'oversize'; bytes: number }
  /** The request is carried out, then the connection dies before the answer: a lost answer. */
  | { type: 'lose-answer' }
  /** The application this request belongs to expires now (ApplicationDashboard.md): 410, then 404. */
  | { type: 'expire-application' };

export interface FaultRule {
  /** Route kinds the rule applies to; all when omitted. */
  kinds?: readonly RouteKind[];
  method?: string;
  /** Let this many matching requests through untouched first. */
  skip?: number;
  /** How many matching requests the fault hits; Infinity for all. */
  times?: number;
  action: FaultAction;
}

interface ActiveRule extends FaultRule {
  id: number;
  seen: number;
  hits: number;
}

/** The scriptable fault table: rules are tried in the order they were added, first match wins. */
export class FaultTable {
  private rules: ActiveRule[] = [];
  private counter = 0;
  public injected = 0;

  public add(rule: FaultRule): () => void {
    this.counter += 1;
    const active: ActiveRule = { ...rule, id: this.counter, seen: 0, hits: 0 };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((item) => item !== active);
    };
  }

  public clear(): void {
    this.rules = [];
  }

  public take(kind: RouteKind | 'unknown', method: string): FaultAction | undefined {
    for (const rule of this.rules) {
      if (rule.kinds && (kind === 'unknown' || !rule.kinds.includes(kind))) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.hits >= (rule.times ?? 1)) continue;
      rule.hits += 1;
      this.injected += 1;
      return rule.action;
    }
    return undefined;
  }
}

export class FaultSpecError extends Error {
  public override readonly name = 'FaultSpecError';
}

/**
 * Parses a command-line fault: `KIND:ACTION[:TIMES]`, e.g. `events:503:2`, `startOnlineMeeting:500`,
 * `events:drop`, `application:html`, `token:challenge`, `*:slow`, `search:truncate:inf`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const [kindText, actionText, timesText] = spec.split(':');
  if (!kindText || !actionText) throw new FaultSpecError(`fault "${spec}": expected KIND:ACTION[:TIMES]`);
  const times =
    timesText === undefined ? 1 : timesText === 'inf' ? Number.POSITIVE_INFINITY : Number(timesText);
  if (!Number.isFinite(times) && times !== Number.POSITIVE_INFINITY)
    throw new FaultSpecError(`fault "${spec}": bad TIMES`);
  const action = parseAction(actionText, spec);
  return { ...(kindText === '*' ? {} : { kinds: kindText.split(',') as RouteKind[] }), times, action };
}

function parseAction(text: string, spec: string): FaultAction {
  switch (text) {
    case '503':
      return { type: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSec: 1 };
    case '429':
      return { type: 'status', status: 429, code: 'TooManyRequests' };
    case '500':
      return { type: 'status', status: 500, code: 'ServiceFailure' };
    case 'callback':
      return { type: 'status', status: 500, code: 'ServiceFailure', subcode: 'CallbackChannelError' };
    case '504':
      return { type: 'status', status: 504, code: 'Timeout' };
    case 'html':
      return { type: 'html', status: 502 };
    // A proxy's or WAF's page with 200 where UCWA JSON belongs (ErrorsAndInformationalMessages.md:
    // tell UCWA answers by their Content-Type).
    case 'html200':
      return { type: 'html', status: 200 };
    // RFC 9110 allows any delay in Retry-After; an hour outlives the application's idle expiry.
    case '503-hour':
      return { type: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSec: 3600 };
    case 'challenge':
      return { type: 'challenge' };
    case 'drop':
      return { type: 'drop' };
    case 'truncate':
      return { type: 'truncate' };
    case 'malformed':
      return { type: 'malformed' };
    case 'slow':
      return { type: 'trickle', chunkBytes: 16, intervalMs: 50 };
    case 'oversize':
      return { type: 'oversize', bytes: 8 * 1024 * 1024 };
    case 'lose':
      return { type: 'lose-answer' };
    default: {
      const delay = /^delay(\d+)$/.exec(text);
      if (delay) return { type: 'delay', ms: Number(delay[1]) };
      throw new FaultSpecError(
        `fault "${spec}": unknown action "${text}" (503, 503-hour, 429, 500, callback, 504, html, html200, challenge, drop, truncate, malformed, slow, oversize, lose, delayMS)`,
      );
    }
  }
}
