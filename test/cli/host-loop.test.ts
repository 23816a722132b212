import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runMeeting, type StartRequest } from '../../src/cli/start-command.js';
import { InMemoryCredentialStore } from '../../src/main/secrets/credential-store.js';
import type { UcwaSimulator } from '../../src/simulator/server.js';
import { fakeIo, startRequest, withSim } from '../helpers/cli-in-process.js';
import { waitUntil } from '../helpers/sim-fixture.js';

/** Runs `meetnow start` in-process until the link is printed, then does `then` to it. */
async function hostAndThen(
  sim: UcwaSimulator,
  io: ReturnType<typeof fakeIo>,
  then: () => void,
  extra: Partial<StartRequest> = {},
): Promise<number> {
  const run = runMeeting(startRequest(sim, extra), io, new InMemoryCredentialStore());
  await waitUntil(() => io.out.length > 0 || io.err.length > 0, 10_000);
  then();
  return run;
}

const lastLine = (io: ReturnType<typeof fakeIo>) => io.err.at(-1) ?? '';

describe('meetnow start: the host loop wakes on every way a session ends (audit H1, M7, M1)', () => {
  it('ends with 77 and one line when another client takes the event channel (409 PGetReplaced)', async () => {
    await withSim(async (sim) => {
      const io = fakeIo();
      const code = await hostAndThen(sim, io, () => {
        sim.faults.add({
          kinds: ['events'],
          times: 1,
          action: { type: 'status', status: 409, code: 'Conflict', subcode: 'PGetReplaced' },
        });
        sim.injectResync(); // release the parked P-GET, so the next one meets the 409
      });
      assert.equal(code, 77);
      assert.match(
        lastLine(io),
        /^meetnow: Signed in somewhere else\. Another program signed in with this device identity\.$/,
      );
    });
  });

  it('ends with 77 when the credentials stop working (a 401 that comes back after renewal)', async () => {
    await withSim(async (sim) => {
      const io = fakeIo();
      const code = await hostAndThen(sim, io, () => {
        sim.faults.add({ kinds: ['events'], times: Number.POSITIVE_INFINITY, action: { type: 'challenge' } });
        sim.injectResync();
      });
      assert.notEqual(code, 0);
      assert.ok([75, 76, 77].includes(code), `a sysexits code, not ${code}`);
      assert.match(lastLine(io), /^meetnow: /);
      assert.equal(lastLine(io).includes('\n'), false);
    });
  });

  it('a lost meeting is not a normal leave: 75 and "lost", where leaving is 0', async () => {
    await withSim(async (sim) => {
      const io = fakeIo();
      const code = await hostAndThen(sim, io, () => {
        sim.expireApplications();
        sim.injectResync();
      });
      assert.equal(code, 75);
      assert.match(lastLine(io), /^meetnow: The meeting was lost: /);
    });
    await withSim(async (sim) => {
      const io = fakeIo();
      const code = await hostAndThen(sim, io, () => io.signal());
      assert.equal(code, 0);
      assert.equal(lastLine(io), 'meeting ended: you left the meeting.');
    });
  });

  it('--once --invite returns as soon as the invitation is sent, not after its 90 s timer', async () => {
    // erin never answers: before the fix, the run returned but a 90 s invitation timer stayed armed
    // (the process lived on), and with the timer the only way out was "No answer".
    await withSim(
      async (sim) => {
        const io = fakeIo();
        const before = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
        const code = await runMeeting(
          startRequest(sim, { once: true, invite: ['erin@meetnow.test'] }),
          io,
          new InMemoryCredentialStore(),
        );
        assert.equal(code, 0);
        assert.ok(io.err.includes('invited sip:erin@meetnow.test: invitation sent'), io.err.join('\n'));
        assert.ok(!io.err.some((line) => /No answer/.test(line)), 'no "No answer" for an invitation we left');
        await sim.close(); // the simulator's own timers go with it
        const after = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
        assert.ok(after <= before, `no timer outlives the run (${before} → ${after})`);
      },
      { timing: { inviteNoAnswerMs: 600_000 } },
    );
  });

  it('--once --wait-invites waits for each answer and prints it', async () => {
    await withSim(async (sim) => {
      const io = fakeIo();
      const code = await runMeeting(
        startRequest(sim, {
          once: true,
          waitForInvites: true,
          invite: ['bob@meetnow.test', 'dave@meetnow.test'],
        }),
        io,
        new InMemoryCredentialStore(),
      );
      assert.equal(code, 0);
      assert.ok(io.err.includes('sip:bob@meetnow.test joined'), io.err.join('\n'));
      assert.ok(io.err.includes('sip:dave@meetnow.test declined'), io.err.join('\n'));
    });
  });

  it('leaving with an invitation pending is prompt: the invitation settles at once', async () => {
    await withSim(
      async (sim) => {
        const io = fakeIo();
        const run = runMeeting(
          startRequest(sim, { invite: ['erin@meetnow.test'] }),
          io,
          new InMemoryCredentialStore(),
        );
        await waitUntil(() => io.err.some((line) => /invitation sent/.test(line)), 10_000);
        io.signal();
        assert.equal(await run, 0);
        assert.equal(lastLine(io), 'meeting ended: you left the meeting.');
      },
      { timing: { inviteNoAnswerMs: 600_000 } },
    );
  });
});
