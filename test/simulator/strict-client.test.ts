import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedIn, startMeeting } from '../helpers/sim-fixture.js';

/**
 * The "done when" of the simulator: a strict client that follows only links can sign in, start a
 * meeting, read its join URL, invite, admit from the lobby, leave and delete its application,
 * and the simulator saw no request to a URL it had not advertised.
 */
async function fullFlow(scrambledPaths: boolean) {
  const session = await signedIn({ scrambledPaths });
  try {
    const { conversation, onlineMeeting } = await startMeeting(session, 'Strict client');
    assert.match(onlineMeeting.joinUrl, /^https:\/\//);
    const search = await session.ucwa.get(
      `${session.ucwa.resolve(session.app._embedded.people._links.search.href)}?query=bob&limit=5`,
    );
    const bob = search.json._embedded.contact[0];
    const invited = await session.ucwa.post(conversation._links.addParticipant.href, {
      to: bob.uri,
      operationId: 'strict-bob',
    });
    assert.equal(invited.status, 201);
    await session.loop.waitFor(
      (event) =>
        event.link.rel === 'participantInvitation' &&
        event.type === 'completed' &&
        event.status === 'Success',
    );
    await session.ucwa.post(conversation._links.addParticipant.href, {
      to: 'sip:carol@meetnow.test',
      operationId: 'strict-carol',
    });
    const lobbyEvent = await session.loop.waitFor((event) => event.in?.rel === 'lobby');
    const carol = await session.ucwa.get(lobbyEvent.link.href);
    assert.equal((await session.ucwa.post(carol.json._links.admit.href)).status, 204);
    await session.loop.waitFor(
      (event) =>
        event.link.rel === 'participantInvitation' &&
        event.type === 'completed' &&
        event._embedded.participantInvitation.operationId === 'strict-carol',
    );
    assert.equal((await session.ucwa.request('DELETE', conversation._links.self.href)).status, 204);
    await session.loop.waitFor((event) => event.link.rel === 'conversation' && event.type === 'deleted');
    assert.equal((await session.ucwa.request('DELETE', session.app._links.self.href)).status, 204);
    return {
      violations: [...session.sim.advertised.violations],
      conversationHref: conversation._links.self.href as string,
      session,
    };
  } finally {
    await session.close();
  }
}

describe('simulator hypermedia discipline', () => {
  it('serves the whole flow to a link-following client with no unadvertised request', async () => {
    const { violations, conversationHref } = await fullFlow(false);
    assert.deepEqual(violations, []);
    assert.match(conversationHref, /\/communication\/conversations\//);
  });

  it('serves the same flow with scrambled paths, which URL-building clients cannot follow', async () => {
    const { violations, conversationHref } = await fullFlow(true);
    assert.deepEqual(violations, []);
    assert.doesNotMatch(conversationHref, /\/communication\//);
  });

  it('records a request to a URL the server never advertised', async () => {
    const session = await signedIn();
    try {
      const built = `${session.ucwa.resolve(session.app._links.self.href)}/communication/conversations`;
      await session.ucwa.get(built);
      const guessed = session.ucwa.resolve(session.app._links.self.href).replace(/\d+$/, '1');
      await session.ucwa.get(guessed);
      assert.equal(session.sim.advertised.violations.length, 2);
      assert.match(session.sim.advertised.violations[1] ?? '', /applications\/1$/);
    } finally {
      await session.close();
    }
  });

  it('sends UCWA response hygiene: JSON charset, no-cache, no version header and \\/Date()\\/ dates', async () => {
    const session = await signedIn();
    try {
      const { conversation } = await startMeeting(session);
      const raw = await session.ucwa.get(conversation._links.self.href);
      assert.equal(raw.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(raw.headers.get('cache-control'), 'no-cache');
      assert.equal(raw.headers.get('expires'), '-1');
      assert.equal(raw.headers.get('x-ms-ucwaversion'), null, 'captures 03–08 carry no version header');
      assert.match(raw.text, /"created":"\\\/Date\(\d+\)\\\/"/);
      assert.match(raw.json.created, /^\/Date\(\d+\)\/$/);
      for (const resource of [raw.json, session.app, session.app._embedded.me]) {
        assert.ok(resource.rel, 'every resource has rel');
        assert.ok(resource._links.self.href, 'every resource has self');
      }
    } finally {
      await session.close();
    }
  });
});
