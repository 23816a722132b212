import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { UcwaSimulator } from '../../src/simulator/server.js';
import type { RawUcwa } from '../helpers/raw-ucwa.js';
import { alice, startSim } from '../helpers/sim-fixture.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/real-traffic/${name}`, import.meta.url), 'utf8');

describe('simulator §1 autodiscovery root', () => {
  let sim: UcwaSimulator;
  let ucwa: RawUcwa;
  before(async () => ({ sim, ucwa } = await startSim()));
  after(() => sim.close());

  it('answers JSON with self, user and xframe links when Accept asks for JSON', async () => {
    const root = await ucwa.get(sim.discoverUrl);
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(Object.keys(root.json._links).sort(), ['self', 'user', 'xframe']);
    assert.match(
      root.json._links.user.href,
      /\/Autodiscover\/AutodiscoverService\.svc\/root\/oauth\/user\?originalDomain=meetnow\.test$/,
    );
  });

  it('has the same link shape as a real Lync 2013 root (capture 03)', async () => {
    const real = JSON.parse(fixture('lync2013-root-200.json'));
    const root = await ucwa.get(sim.discoverUrl);
    assert.deepEqual(Object.keys(root.json).sort(), Object.keys(real).sort());
    assert.deepEqual(Object.keys(root.json._links).sort(), Object.keys(real._links).sort());
  });

  it('answers JSON to a request with no Accept header, as the captured server did', async () => {
    const root = await ucwa.request('GET', sim.discoverUrl, { accept: '' });
    assert.match(root.headers.get('content-type') ?? '', /json/);
    assert.ok(root.json._links.user);
  });

  it('answers the UCWA XML form when XML is asked for', async () => {
    const root = await ucwa.get(sim.discoverUrl, { accept: 'application/vnd.microsoft.com.ucwa+xml' });
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type') ?? '', /xml/);
    assert.match(
      root.text,
      /<resource rel="root" href="[^"]+" xmlns="http:\/\/schemas\.microsoft\.com\/rtc\/2012\/03\/ucwa">/,
    );
    assert.match(root.text, /<link rel="user" href="[^"]+oauth\/user\?originalDomain=meetnow\.test" \/>/);
  });

  it('serves the same root at / (the lyncdiscover host form)', async () => {
    const root = await ucwa.get(`${sim.origin(0)}/`);
    assert.ok(root.json._links.user.href);
  });
});

describe('simulator §2 user resource and OAuth', () => {
  let sim: UcwaSimulator;
  let ucwa: RawUcwa;
  before(async () => ({ sim, ucwa } = await startSim()));
  after(() => sim.close());

  const userHref = async () => (await ucwa.get(sim.discoverUrl)).json._links.user.href as string;

  it('challenges an anonymous GET on user with one combined Bearer + MsRtcOAuth value and an HTML body', async () => {
    const response = await ucwa.get(await userHref());
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.text, /401 - Unauthorized/);
    const header = response.headers.get('www-authenticate') ?? '';
    assert.match(
      header,
      /^Bearer trusted_issuers="[^"]*", client_id="00000004-0000-0ff1-ce00-000000000000", MsRtcOAuth href="https:\/\/127\.0\.0\.1:\d+\/WebTicket\/oauthtoken",grant_type="urn:microsoft\.rtc:windows,urn:microsoft\.rtc:anonmeeting,password"$/,
    );
    // Same structure as the real capture, with only host and realm differing.
    const real = fixture('lync2013-401-www-authenticate.txt').trim();
    const shape = (value: string) => value.replace(/"[^"]*"/g, '""');
    assert.equal(shape(header), shape(real));
  });

  it('issues a cwt token for the password grant, by SIP address or DOMAIN\\login', async () => {
    const challenge = await ucwa.get(await userHref());
    const tokenHref =
      /MsRtcOAuth href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1] ?? '';
    for (const username of [alice.username, 'MEETNOW\\alice', 'sip:alice@meetnow.test']) {
      const token = await ucwa.request('POST', tokenHref, {
        body: new URLSearchParams({ grant_type: 'password', username, password: alice.password }).toString(),
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      });
      assert.equal(token.status, 200, username);
      assert.match(token.json.access_token, /^cwt=/);
      assert.equal(token.json.token_type, 'Bearer');
      assert.equal(token.json.expires_in, 28800);
      assert.equal(token.headers.get('cache-control'), 'no-store');
    }
  });

  it('refuses a wrong password with the documented OAuth error, and other grants as unsupported', async () => {
    const challenge = await ucwa.get(await userHref());
    const tokenHref =
      /MsRtcOAuth href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1] ?? '';
    const post = (form: Record<string, string>) =>
      ucwa.request('POST', tokenHref, {
        body: new URLSearchParams(form).toString(),
        contentType: 'application/x-www-form-urlencoded',
      });
    const wrong = await post({ grant_type: 'password', username: alice.username, password: 'nope' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error, 'invalid_grant');
    assert.ok(wrong.headers.get('x-ms-diagnostics'));
    assert.equal(wrong.json.error_description, undefined, 'the documented body is {"error": …} only');
    // The windows grant is an HTTP Negotiate handshake on IIS: a bare POST is challenged.
    const windows = await post({ grant_type: 'urn:microsoft.rtc:windows' });
    assert.equal(windows.status, 401);
    assert.match(windows.headers.get('www-authenticate') ?? '', /Negotiate/);
    const passive = await post({ grant_type: 'urn:microsoft.rtc:passive' });
    assert.equal(passive.json.error, 'unsupported_grant_type');
    assert.match(passive.headers.get('x-ms-diagnostics') ?? '', /^28029;.*Authentication type not allowed/);
    const missing = await post({ username: 'x' });
    assert.equal(missing.json.error, 'invalid_request');
  });

  it('gives the applications link once authenticated', async () => {
    await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
    const user = await ucwa.get(await userHref());
    assert.equal(user.status, 200);
    assert.match(user.json._links.applications.href, /\/ucwa\/oauth\/v1\/applications$/);
  });

  it('keeps tokens per pool: a token from one pool is challenged on another', async () => {
    const { RawUcwa } = await import('../helpers/raw-ucwa.js');
    const fresh = new RawUcwa(sim.caPem);
    await fresh.signIn(sim.discoverUrl, alice.username, alice.password);
    const root1 = `${sim.origin(1)}/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=meetnow.test`;
    const foreign = await fresh.request('GET', root1, { auth: true });
    assert.equal(foreign.status, 401);
  });
});

describe('simulator §2 pools and redirects', () => {
  it('redirects at root level to another pool when configured, and sign-in completes there', async () => {
    const { sim, ucwa } = await startSim({ rootRedirect: true });
    try {
      const root = await ucwa.get(sim.discoverUrl);
      assert.equal(root.json._links.user, undefined);
      assert.ok(root.json._links.redirect.href.startsWith(sim.origin(1)));
      const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      assert.equal(sim.applications()[0]?.pool, 1);
      assert.ok(app._links.self.href);
    } finally {
      await sim.close();
    }
  });

  it('redirects after authentication when the user is homed on another pool', async () => {
    const { defaultDirectory } = await import('../../src/simulator/directory.js');
    const base = defaultDirectory();
    const directory = {
      ...base,
      users: base.users.map((user) => (user.sip === alice.sip ? { ...user, pool: 1 } : user)),
    };
    const { sim, ucwa } = await startSim({ directory });
    try {
      const userHref = (await ucwa.get(sim.discoverUrl)).json._links.user.href;
      const challenge = await ucwa.get(userHref);
      const tokenHref =
        /MsRtcOAuth href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1] ?? '';
      const token = await ucwa.request('POST', tokenHref, {
        body: `grant_type=password&username=${encodeURIComponent(alice.username)}&password=${alice.password}`,
        contentType: 'application/x-www-form-urlencoded',
      });
      ucwa.setToken(sim.origin(0), token.json.access_token);
      const user = await ucwa.get(userHref);
      assert.equal(user.status, 200);
      assert.ok(user.json._links.redirect.href.startsWith(sim.origin(1)));
      assert.equal(user.json._links.applications, undefined);
      // The strict walker follows the redirect, takes a new token from pool 1 and lands there.
      await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      assert.equal(sim.applications()[0]?.pool, 1);
    } finally {
      await sim.close();
    }
  });

  it('can send the challenge as two WWW-Authenticate headers', async () => {
    const { sim, ucwa } = await startSim({ splitChallenge: true });
    try {
      const userHref = (await ucwa.get(sim.discoverUrl)).json._links.user.href;
      const response = await ucwa.get(userHref);
      // fetch joins repeated headers with ", "; both challenges are there, Bearer first.
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer .*, MsRtcOAuth href=/);
      assert.equal(typeof response.headers.getSetCookie, 'function');
    } finally {
      await sim.close();
    }
  });
});
