import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIpcDispatcher } from '../../src/main/app/ipc-handlers.js';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import { parseFaultSpec } from '../../src/simulator/faults.js';
import { appHarness } from '../helpers/app-fixture.js';
import { clientAndSim } from '../helpers/client-fixture.js';
import { alice } from '../helpers/sim-fixture.js';

function assertNoSecret(text: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `${where} contains a secret (${secret.slice(0, 8)}…)`);
    // Tokens also must not leak as their distinctive tail.
    if (secret.startsWith('cwt='))
      assert.ok(!text.includes(secret.slice(10, 40)), `${where} contains part of a token`);
  }
}

describe('secrets never leave where they belong', () => {
  it('no password or token in client logs (debug level) or error messages, through faults and renewals', async () => {
    const lines: string[] = [];
    const session = await clientAndSim(
      {},
      { logger: { debug: (line) => lines.push(line), warn: (line) => lines.push(line) } },
    );
    const messages: string[] = [];
    try {
      await session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl });
      session.sim.revokeTokens();
      session.sim.faults.add(parseFaultSpec('events:malformed'));
      session.sim.faults.add(parseFaultSpec('search:oversize'));
      await session.client
        .searchPeople('bob')
        .catch((error: unknown) =>
          messages.push(String((error as Error).message), String((error as Error).stack)),
        );
      const meeting = await session.client.startMeeting();
      await meeting.invite('sip:dave@meetnow.test');
      session.sim.faults.add(parseFaultSpec('startOnlineMeeting:503:inf'));
      await session.client.startMeeting().catch((error: unknown) => {
        assert.ok(UcwaError.is(error));
        messages.push(error.message, String(error.stack), JSON.stringify(error));
      });
    } finally {
      await session.close();
    }
    const secrets = [alice.password, ...session.sim.tokens.allIssued()];
    assert.ok(session.sim.tokens.allIssued().length >= 2, 'a renewal happened');
    assert.ok(lines.length > 10, 'the logger saw the traffic');
    assertNoSecret(lines.join('\n'), secrets, 'the log');
    assertNoSecret(messages.join('\n'), secrets, 'error messages');
  });

  it('no password or token in the settings file or anything sent to the window', async () => {
    const harness = await appHarness();
    const pushed: string[] = [];
    try {
      harness.controller.onView((view) => pushed.push(JSON.stringify(view)));
      const dispatch = createIpcDispatcher(harness.controller);
      const answers: string[] = [];
      const call = async (channel: string, payload?: unknown) =>
        answers.push(JSON.stringify(await dispatch(channel, payload)));
      await call('meetnow:session:sign-in', {
        sipAddress: alice.username,
        password: 'wrong-password',
        remember: true,
        discoverUrl: harness.sim.discoverUrl,
      });
      await call('meetnow:session:sign-in', {
        sipAddress: alice.username,
        password: alice.password,
        remember: true,
        discoverUrl: harness.sim.discoverUrl,
      });
      await call('meetnow:meeting:start', {});
      await call('meetnow:people:search', { query: 'bob' });
      await call('meetnow:meeting:invite', { sipUris: ['sip:bob@meetnow.test'] });
      harness.sim.revokeTokens();
      await call('meetnow:people:search', { query: 'carol' });
      await call('meetnow:state:get');
      const secrets = [alice.password, 'wrong-password', ...harness.sim.tokens.allIssued()];
      assertNoSecret(pushed.join('\n'), secrets, 'pushed views');
      assertNoSecret(answers.join('\n'), secrets, 'IPC answers');
      assertNoSecret(JSON.stringify(harness.backend.store), secrets, 'the settings file');
      assertNoSecret(
        harness.desktop.notifications.map((n) => `${n.title} ${n.body}`).join('\n'),
        secrets,
        'notifications',
      );
    } finally {
      await harness.close();
    }
  });
});
