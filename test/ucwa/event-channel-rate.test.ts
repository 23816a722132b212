import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UcwaHttp } from '../../src/main/ucwa/auth.js';
import { UcwaError, UcwaHttpError } from '../../src/main/ucwa/errors.js';
import { type ChannelState, EventChannel } from '../../src/main/ucwa/event-channel.js';
import { silentLogger } from '../../src/main/ucwa/transport.js';
import { VirtualClock } from '../helpers/virtual-clock.js';

/**
 * The event channel against hostile or absent servers, on virtual time through an injectable network
 * (audit M5, M6): how many P-GETs a minute, and what state the user is shown.
 */
type Server = (request: number, now: number) => Promise<unknown>;

const batch = (n: number) => ({ _links: { next: { href: `/ucwa/app/events?ack=${n}` } }, sender: [] });

function channelAgainst(server: (clock: VirtualClock) => Server) {
  const clock = new VirtualClock();
  const answer = server(clock);
  const requests: number[] = [];
  const states: Array<{ at: number; state: ChannelState }> = [];
  const http = {
    request: (_method: string, _url: URL, options: { signal?: AbortSignal }) => {
      requests.push(clock.now());
      // A runaway loop would never yield to the test: stop feeding it (and fail the counts).
      if (requests.length > 50_000) return new Promise(() => {});
      return answer(requests.length, clock.now()).then((json) => {
        if (options.signal?.aborted) throw new UcwaError('aborted', 'stopped');
        return { status: 200, headers: new Headers(), json, text: '' };
      });
    },
  } as unknown as UcwaHttp;
  const channel = new EventChannel(
    http,
    clock,
    () => 0.5,
    {
      onEvents: () => {},
      onReset: () => {},
      onStateChange: (state) => states.push({ at: clock.now(), state }),
      onStop: () => {},
    },
    silentLogger,
  );
  channel.start(new URL('https://pool.meetnow.test/ucwa/app/events'));
  const perMinute = (minute: number) =>
    requests.filter((at) => at >= minute * 60_000 && at < (minute + 1) * 60_000).length;
  return { clock, channel, requests, states, perMinute };
}

const busy = (retryAfterMs: number | undefined) =>
  new UcwaHttpError(
    'server-busy',
    503,
    'ServiceUnavailable',
    undefined,
    '503',
    undefined,
    retryAfterMs,
    false,
  );

describe('event channel rate and state on virtual time (figures for issue 15)', () => {
  it('a server that answers every P-GET at once: ≤ 2 requests a second, not hundreds', async () => {
    const run = channelAgainst(() => async (n) => batch(n));
    await run.clock.runUntil(5 * 60_000);
    run.channel.stop();
    const minutes = [0, 1, 2, 3, 4].map(run.perMinute);
    assert.deepEqual(minutes, [108, 100, 100, 100, 100], `requests per minute: ${minutes}`);
  });

  it('Retry-After: 0 is floored at 1 s; Retry-After: 10^9 s is capped at 60 s (no overflow)', async () => {
    const zero = channelAgainst(() => async () => {
      throw busy(0);
    });
    await zero.clock.runUntil(60_000);
    zero.channel.stop();
    assert.equal(zero.perMinute(0), 60, 'one a second');

    const huge = channelAgainst(() => async () => {
      throw busy(1e12);
    });
    await huge.clock.runUntil(10 * 60_000);
    huge.channel.stop();
    assert.equal(huge.requests.length, 11, 'one a minute for 10 minutes: the application never expires');
  });

  it('a 5-minute outage: reconnecting throughout, backoff grows to 30 s, ready only once a P-GET is answered', async () => {
    const outageEnd = 5 * 60_000 + 1000;
    const run = channelAgainst((clock) => async (n, now) => {
      if (n === 1) {
        await clock.sleep(1000); // the first P-GET is held, then the network goes
        throw new UcwaError('network', 'Cannot reach pool.meetnow.test (ECONNRESET).');
      }
      if (now < outageEnd) {
        await clock.sleep(10_000); // a connect that hangs until its timeout, as with a dead link
        throw new UcwaError('timeout', 'The server took too long to answer.');
      }
      await clock.sleep(180_000); // back: the server holds the P-GET until there is news
      return batch(n);
    });
    await run.clock.runUntil(outageEnd + 170_000);
    const during = run.states.filter((entry) => entry.at >= 1000 && entry.at < outageEnd + 170_000);
    assert.deepEqual(
      during.map((entry) => entry.state),
      ['reconnecting'],
      'never "pending" (connected) while nothing was answered, not even while a P-GET hung',
    );
    const gaps = run.requests.slice(1).map((at, index) => at - (run.requests[index] ?? 0));
    // Each gap is the 10 s hung connect plus the backoff; with jitter 0.5 the 30 s ceiling waits 22.5 s.
    assert.equal(Math.max(...gaps), 10_000 + 22_500, `the backoff reached its 30 s ceiling (gaps ${gaps})`);
    assert.ok(
      gaps.slice(1, 5).every((gap, index) => gap < (gaps[index + 2] ?? Infinity)),
      `it grows (${gaps})`,
    );
    assert.ok(run.requests.length <= 16, `${run.requests.length} requests in 5 minutes of outage`);
    await run.clock.runUntil(outageEnd + 60_000 + 180_000);
    assert.equal(run.states.at(-1)?.state, 'pending', 'connected once a P-GET is answered');
    run.channel.stop();
  });

  it('operations do not wait for that answer: whenPending resolves once a P-GET is on its way again', async () => {
    const run = channelAgainst((clock) => async (n) => {
      if (n === 1) throw new UcwaError('network', 'reset');
      await clock.sleep(180_000);
      return batch(n);
    });
    await run.clock.runUntil(100);
    assert.equal(run.channel.state, 'reconnecting');
    await run.clock.runUntil(2000); // past the first backoff: the second P-GET is parked
    let ready = false;
    void run.channel.whenPending().then(() => {
      ready = true;
    });
    await run.clock.runUntil(2001);
    assert.equal(ready, true);
    assert.equal(run.channel.state, 'reconnecting', 'still honest about the state');
    run.channel.stop();
  });

  it('an operation ends the budget pause: the next P-GET goes at once, and only then may it POST', async () => {
    // Every P-GET answered at once: after the burst the channel pauses ~600 ms between polls.
    const run = channelAgainst(() => async (n) => batch(n));
    await run.clock.runUntil(100);
    const sent = run.requests.length;
    assert.equal(sent, 9, 'the burst, then the first pause');
    let readyAt: number | undefined;
    // A startOnlineMeeting POSTed during the pause would meet no parked P-GET (CallbackChannelError).
    const ready = run.channel.whenPending().then(() => {
      readyAt = run.clock.now();
      return run.requests.length;
    });
    await run.clock.runUntil(101);
    assert.equal(await ready, sent + 1, 'released once the next P-GET was sent, not before');
    assert.equal(readyAt, 100, 'without waiting out the pause');
    await run.clock.runUntil(60_000);
    run.channel.stop();
    assert.ok(
      run.requests.length <= 110,
      `the budget still holds: ${run.requests.length} in the first minute`,
    );
  });
});
