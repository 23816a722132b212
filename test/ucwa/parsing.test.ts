import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseMsRtcOAuthChallenge } from '../../src/main/ucwa/challenge.js';
import { backoffDelay, systemClock } from '../../src/main/ucwa/clock.js';
import { discoverUser, discoveryCandidates, domainOf } from '../../src/main/ucwa/discovery.js';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import { parseEventBatch } from '../../src/main/ucwa/events.js';
import { type FetchFn, Transport } from '../../src/main/ucwa/transport.js';
import { isHostTrusted } from '../../src/main/ucwa/trust.js';
import { redactUrl } from '../../src/main/ucwa/urls.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/real-traffic/${name}`, import.meta.url), 'utf8');

describe('MsRtcOAuth challenge parsing', () => {
  it('reads the real Lync 2013 combined header (Bearer first, then MsRtcOAuth)', () => {
    const challenge = parseMsRtcOAuthChallenge(fixture('lync2013-401-www-authenticate.txt').trim());
    assert.deepEqual(challenge, {
      tokenHref: 'https://lyncweb.contoso.example/WebTicket/oauthtoken',
      grantTypes: ['urn:microsoft.rtc:windows', 'urn:microsoft.rtc:anonmeeting', 'password'],
    });
  });

  it('reads separate headers, an unquoted href and repeated grant types', () => {
    const challenge = parseMsRtcOAuthChallenge([
      'Bearer trusted_issuers="", client_id="x"',
      'MsRtcOAuth href=https://pool.example.test/WebTicket/oauthtoken,grant_type="password,password,urn:microsoft.rtc:windows"',
    ]);
    assert.equal(challenge?.tokenHref, 'https://pool.example.test/WebTicket/oauthtoken');
    assert.deepEqual(challenge?.grantTypes, ['password', 'urn:microsoft.rtc:windows']);
  });

  it('finds nothing in a Bearer-only or empty challenge', () => {
    assert.equal(parseMsRtcOAuthChallenge('Bearer realm="x"'), undefined);
    assert.equal(parseMsRtcOAuthChallenge(null), undefined);
    assert.equal(
      parseMsRtcOAuthChallenge('MsRtcOAuth grant_type="password"'),
      undefined,
      'no href, no challenge',
    );
  });
});

describe('event batch parsing', () => {
  it('reads a real event-channel response (capture 09): links, senders, embedded resources', () => {
    const { links, events, skipped } = parseEventBatch(
      JSON.parse(fixture('sfb-events-incoming-message.json')),
    );
    assert.equal(skipped, 0);
    assert.match(links.next ?? '', /events\?ack=10$/);
    assert.deepEqual(
      events.map((event) => `${event.sender.rel}:${event.rel}:${event.type}`),
      ['conversation:message:completed', 'conversation:participant:added'],
    );
    assert.equal(events[0]?.status, 'Success');
    assert.equal(events[0]?.embedded?.direction, 'Incoming');
    assert.deepEqual(events[1]?.in?.rel, 'typingParticipants');
    assert.equal(events[1]?.title, '');
  });

  it('skips broken events one at a time and keeps the rest', () => {
    const { events, skipped, links } = parseEventBatch({
      _links: { self: { href: '/e?ack=1' }, resume: { href: '/e?ack=2' } },
      sender: [
        {
          rel: 'communication',
          href: '/c',
          events: [
            { link: { rel: 'conversation', href: '/c/1' }, type: 'added' },
            { link: 'nope', type: 'added' },
            { link: { rel: 'x', href: '/x' }, type: 'exploded' },
          ],
        },
        'not a sender',
      ],
    });
    assert.equal(events.length, 1);
    assert.equal(skipped, 3);
    assert.equal(links.resume, '/e?ack=2');
    assert.equal(links.next, undefined);
  });

  it('accepts an empty timeout release with no sender', () => {
    assert.deepEqual(
      parseEventBatch({ _links: { self: { href: '/e?ack=3' }, next: { href: '/e?ack=4' } } }),
      { links: { next: '/e?ack=4' }, events: [], skipped: 0 },
    );
    assert.equal(parseEventBatch('<html>').skipped, 1);
  });
});

describe('discovery', () => {
  it('tries lyncdiscoverinternal then lyncdiscover, HTTPS only', async () => {
    assert.deepEqual(discoveryCandidates('contoso.com').map(String), [
      'https://lyncdiscoverinternal.contoso.com/',
      'https://lyncdiscover.contoso.com/',
    ]);
    const asked: string[] = [];
    const fetchFn: FetchFn = async (url) => {
      asked.push(url);
      if (url.includes('internal'))
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      const body = JSON.stringify({
        _links: {
          user: { href: 'https://pool.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user' },
        },
      });
      return {
        status: 200,
        headers: new Headers({ 'content-type': 'application/json' }),
        body: new Response(body).body,
      };
    };
    const result = await discoverUser(new Transport(fetchFn, systemClock), {
      domain: 'contoso.com',
      trust: { domain: 'contoso.com', trustedHosts: [], approvedHosts: [] },
      clock: systemClock,
    });
    assert.equal(result.userUrl.host, 'pool.contoso.com');
    assert.deepEqual(asked, [
      'https://lyncdiscoverinternal.contoso.com/',
      'https://lyncdiscover.contoso.com/',
    ]);
  });

  it('refuses an HTTP redirect to another domain from an explicit discovery URL', async () => {
    const fetchFn: FetchFn = async () => ({
      status: 302,
      headers: new Headers({ location: 'https://evil.example.net/' }),
      body: null,
    });
    await assert.rejects(
      discoverUser(new Transport(fetchFn, systemClock), {
        domain: 'contoso.com',
        discoverUrl: new URL('https://lyncdiscover.contoso.com/'),
        trust: { domain: 'contoso.com', trustedHosts: [], approvedHosts: [] },
        clock: systemClock,
      }),
      (error: unknown) => UcwaError.is(error, 'untrusted-host'),
    );
  });

  it('reads the domain of a sign-in address and rejects nonsense', () => {
    assert.equal(domainOf('sip:Alice@Contoso.COM'), 'contoso.com');
    assert.throws(() => domainOf('alice'), /not a sign-in address/);
  });
});

describe('small pure pieces', () => {
  it('trusts the domain and its subdomains, listed and approved hosts, and nothing else', () => {
    const policy = {
      domain: 'contoso.com',
      trustedHosts: ['lync.partner.net'],
      approvedHosts: ['pool.hosted.net'],
    };
    assert.ok(isHostTrusted('contoso.com', policy));
    assert.ok(isHostTrusted('fe01.pool.contoso.com', policy));
    assert.ok(isHostTrusted('LYNC.partner.net', policy));
    assert.ok(isHostTrusted('pool.hosted.net', policy));
    assert.ok(!isHostTrusted('contoso.com.evil.net', policy));
    assert.ok(!isHostTrusted('evilcontoso.com', policy));
  });

  it('backs off exponentially with jitter and a cap', () => {
    assert.equal(
      backoffDelay(1, () => 0),
      500,
    );
    assert.equal(
      backoffDelay(1, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay(3, () => 1),
      4000,
    );
    assert.equal(
      backoffDelay(20, () => 1),
      30_000,
    );
    assert.equal(
      backoffDelay(20, () => 0),
      15_000,
    );
  });

  it('redacts query values from URLs before they are logged', () => {
    assert.equal(
      redactUrl('https://h.test/ucwa/search?query=alice%40x.test&limit=5'),
      'https://h.test/ucwa/search?query=xxx&limit=xxx',
    );
  });
});
