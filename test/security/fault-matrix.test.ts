import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import type { RouteKind } from '../../src/simulator/context.js';
import { type FaultRule, parseFaultSpec } from '../../src/simulator/faults.js';
import type { SimulatorOptions } from '../../src/simulator/server.js';
import { clientAndSim } from '../helpers/client-fixture.js';
import { alice } from '../helpers/sim-fixture.js';

/**
 * Faults × phases. Each row says what must happen: `ok` (recovered: one meeting, an invitation,
 * a clean leave) or the kind of the one clear error. Every row also checks that nothing was
 * lost or doubled: never more meetings than starts, no request to an unadvertised URL.
 */
type Expected = 'ok' | UcwaError['kind'];
interface Row {
  phase: string;
  fault: string;
  rule?: FaultRule;
  sim?: SimulatorOptions;
  expected: Expected;
}

const fault = (kind: RouteKind, action: string, times: number | 'inf' = 1): FaultRule => ({
  ...parseFaultSpec(`${kind}:${action}:${times === 'inf' ? 'inf' : times}`),
});

const rows: Row[] = [
  // discovery
  { phase: 'discovery', fault: 'connection reset', rule: fault('root', 'drop'), expected: 'network' },
  { phase: 'discovery', fault: '503', rule: fault('root', '503'), expected: 'server-busy' },
  { phase: 'discovery', fault: 'HTML error page', rule: fault('root', 'html'), expected: 'network' },
  { phase: 'discovery', fault: 'malformed JSON', rule: fault('root', 'malformed'), expected: 'protocol' },
  { phase: 'discovery', fault: 'truncated body', rule: fault('root', 'truncate'), expected: 'network' },
  { phase: 'discovery', fault: 'oversized body', rule: fault('root', 'oversize'), expected: 'protocol' },
  { phase: 'discovery', fault: 'redirect loop', sim: { rootRedirectUrl: 'SELF' }, expected: 'protocol' },
  {
    phase: 'discovery',
    fault: 'redirect to a foreign domain',
    sim: { rootRedirectUrl: 'https://evil.example.invalid/Autodiscover/AutodiscoverService.svc/root' },
    expected: 'untrusted-host',
  },
  {
    phase: 'discovery',
    fault: 'http:// downgrade',
    sim: { rootRedirectUrl: 'http://lync.meetnow.test/Autodiscover/AutodiscoverService.svc/root' },
    expected: 'insecure-url',
  },
  // token
  { phase: 'token', fault: 'connection reset', rule: fault('token', 'drop'), expected: 'network' },
  { phase: 'token', fault: '503', rule: fault('token', '503'), expected: 'server-busy' },
  { phase: 'token', fault: 'HTML error page', rule: fault('token', 'html'), expected: 'http' },
  { phase: 'token', fault: 'malformed JSON', rule: fault('token', 'malformed'), expected: 'protocol' },
  {
    phase: 'token',
    fault: 'a server that trickles',
    rule: { kinds: ['token'], action: { type: 'trickle', chunkBytes: 8, intervalMs: 2 } },
    expected: 'ok',
  },
  // application
  {
    phase: 'application',
    fault: '401 challenge (token revoked)',
    rule: fault('applications', 'challenge'),
    expected: 'ok',
  },
  {
    phase: 'application',
    fault: '401 every time',
    rule: fault('applications', 'challenge', 'inf'),
    expected: 'credentials',
  },
  // POST applications is safe to retry (the endpointId names the application): a one-off 503 or
  // reset recovers; one that lasts ends in a clear error.
  { phase: 'application', fault: '503 once', rule: fault('applications', '503'), expected: 'ok' },
  {
    phase: 'application',
    fault: '503 always',
    rule: fault('applications', '503', 'inf'),
    expected: 'server-busy',
  },
  {
    phase: 'application',
    fault: 'connection reset once',
    rule: fault('applications', 'drop'),
    expected: 'ok',
  },
  {
    phase: 'application',
    fault: 'connection reset always',
    rule: fault('applications', 'drop', 'inf'),
    expected: 'network',
  },
  {
    phase: 'application',
    fault: 'oversized body',
    rule: fault('applications', 'oversize'),
    expected: 'protocol',
  },
  // event channel
  ...(['503', 'html', 'drop', 'truncate', 'malformed', 'oversize', '500'] as const).map(
    (action): Row => ({
      phase: 'event channel',
      fault: action,
      rule: fault('events', action, 2),
      expected: 'ok',
    }),
  ),
  {
    phase: 'event channel',
    fault: '401 challenge (token revoked)',
    rule: fault('events', 'challenge', 1),
    expected: 'ok',
  },
  // A fresh token refused again: one renewal, one retry, then a clear error (never a loop).
  {
    phase: 'event channel',
    fault: '401 after renewal too',
    rule: fault('events', 'challenge', 'inf'),
    expected: 'credentials',
  },
  {
    phase: 'event channel',
    fault: '404/410 application gone',
    rule: {
      kinds: ['events'],
      times: 1,
      action: { type: 'status', status: 410, code: 'Gone', subcode: 'InactiveApplicationExpired' },
    },
    expected: 'ok',
  },
  {
    phase: 'event channel',
    fault: '409 PGetReplaced (another client)',
    rule: {
      kinds: ['events'],
      times: 1,
      action: { type: 'status', status: 409, code: 'Conflict', subcode: 'PGetReplaced' },
    },
    expected: 'protocol',
  },
  // startOnlineMeeting
  {
    phase: 'startOnlineMeeting',
    fault: '500 CallbackChannelError',
    rule: fault('startOnlineMeeting', 'callback'),
    expected: 'ok',
  },
  {
    phase: 'startOnlineMeeting',
    fault: '503 once',
    rule: fault('startOnlineMeeting', '503'),
    expected: 'ok',
  },
  {
    phase: 'startOnlineMeeting',
    fault: '503 always',
    rule: fault('startOnlineMeeting', '503', 'inf'),
    expected: 'server-busy',
  },
  {
    phase: 'startOnlineMeeting',
    fault: 'HTML 502 once (proxy)',
    rule: fault('startOnlineMeeting', 'html'),
    expected: 'ok',
  },
  {
    phase: 'startOnlineMeeting',
    fault: 'reset before the answer',
    rule: fault('startOnlineMeeting', 'drop'),
    expected: 'ok',
  },
  {
    phase: 'startOnlineMeeting',
    fault: 'answer cut after the server acted',
    rule: fault('startOnlineMeeting', 'truncate'),
    expected: 'ok',
  },
  {
    phase: 'startOnlineMeeting',
    fault: '401 challenge',
    rule: fault('startOnlineMeeting', 'challenge'),
    expected: 'ok',
  },
  {
    phase: 'startOnlineMeeting',
    fault: '404 application gone',
    rule: {
      kinds: ['startOnlineMeeting'],
      times: 1,
      action: { type: 'status', status: 404, code: 'NotFound', subcode: 'ApplicationNotFound' },
    },
    expected: 'ok',
  },
  // addParticipant
  { phase: 'addParticipant', fault: '503', rule: fault('addParticipant', '503'), expected: 'server-busy' },
  {
    phase: 'addParticipant',
    fault: 'HTML error page',
    rule: fault('addParticipant', 'html'),
    expected: 'http',
  },
  {
    phase: 'addParticipant',
    fault: '401 challenge',
    rule: fault('addParticipant', 'challenge'),
    expected: 'ok',
  },
  // leave
  // Leaving: the DELETE of the conversation. A server error still leaves locally (the server
  // ends the conversation with the application at sign-out); a dead connection is reported.
  {
    phase: 'leave',
    fault: '503',
    rule: { ...fault('conversation', '503'), method: 'DELETE' },
    expected: 'ok',
  },
  {
    phase: 'leave',
    fault: 'connection reset',
    rule: { ...fault('conversation', 'drop'), method: 'DELETE' },
    expected: 'network',
  },
];

describe('fault matrix: every fault in every phase ends recovered or in one clear error', () => {
  for (const row of rows) {
    it(`${row.phase} × ${row.fault} → ${row.expected}`, async () => {
      const session = await clientAndSim(row.sim?.rootRedirectUrl === 'SELF' ? {} : (row.sim ?? {}));
      if (row.sim?.rootRedirectUrl === 'SELF')
        (session.sim as unknown as { options: SimulatorOptions }).options.rootRedirectUrl =
          session.sim.discoverUrl;
      if (row.rule) session.sim.faults.add(row.rule);
      let outcome: Expected = 'ok';
      let starts = 0;
      try {
        await session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl });
        starts += 1;
        const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
        const invitation = await meeting.invite('sip:bob@meetnow.test');
        if (!invitation.ok) throw new UcwaError('meeting-failed', invitation.message);
        await meeting.leave();
      } catch (error) {
        assert.ok(UcwaError.is(error), `an untyped error escaped: ${String(error)}`);
        outcome = error.kind;
        assert.ok(error.message.length > 0 && error.message.length < 400, 'one readable line');
        assert.doesNotMatch(error.message, new RegExp(alice.password));
      } finally {
        await session.close();
      }
      assert.equal(outcome, row.expected);
      assert.ok(
        session.sim.conferencesCreated <= starts,
        `meetings created ${session.sim.conferencesCreated} for ${starts} start(s)`,
      );
      assert.deepEqual(session.sim.advertised.violations, []);
    });
  }
});
