import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appHarness } from '../helpers/app-fixture.js';
import { alice, waitUntil } from '../helpers/sim-fixture.js';

const signInAlice = async (harness: Awaited<ReturnType<typeof appHarness>>) =>
  harness.controller.signIn({
    sipAddress: alice.username,
    password: alice.password,
    remember: true,
    discoverUrl: harness.sim.discoverUrl,
  });

describe('AppController: the shortcut and tray flows on the real services', () => {
  it('press the shortcut → exactly one meeting → link on the clipboard → notification → tray "in a meeting"', async () => {
    const harness = await appHarness();
    try {
      await harness.controller.start();
      assert.equal(harness.desktop.tray?.icon, 'signed-out');
      assert.equal((await signInAlice(harness)).status, 'ready');
      assert.equal(harness.desktop.tray?.icon, 'ready');
      assert.equal(
        harness.desktop.tray?.menu[0]?.accelerator,
        'CommandOrControl+Alt+M',
        'the menu shows the shortcut',
      );
      harness.shortcuts.press('CommandOrControl+Alt+M');
      harness.shortcuts.press('CommandOrControl+Alt+M'); // a second press during the start
      await waitUntil(() => harness.desktop.clipboard !== '');
      await waitUntil(() => harness.desktop.tray?.icon === 'in-meeting');
      const meetings = harness.sim.meetings();
      assert.equal(meetings.length, 1, 'two presses, one meeting');
      assert.equal(harness.desktop.clipboard, meetings[0]?.joinUrl);
      const ready = harness.desktop.notifications.filter((n) => n.kind === 'meetingReady');
      assert.equal(ready.length, 1);
      assert.match(ready[0]?.body ?? '', /clipboard/);
      assert.deepEqual(
        ready[0]?.actions?.map((a) => a.label),
        ['Open', 'Copy link'],
      );
      ready[0]?.onClick?.();
      assert.equal(harness.desktop.windows.at(-1), 'meeting');
      assert.ok(harness.desktop.trays.some((tray) => tray.icon === 'starting'));
      const menu = harness.desktop.tray?.menu ?? [];
      assert.equal(menu[0]?.label, 'Copy meeting link', 'while live the top item copies the link again');
      assert.ok(menu.find((item) => item.command === 'endMeeting')?.enabled);
      assert.match(harness.desktop.tray?.tooltip ?? '', /alice@meetnow\.test · in a meeting/);
    } finally {
      await harness.close();
    }
  });

  it('a tray click starts a meeting or opens the window, as the setting says', async () => {
    const harness = await appHarness();
    try {
      await signInAlice(harness);
      await harness.controller.updateSettings({ trayClickAction: 'openWindow' });
      harness.controller.onTrayClick();
      assert.equal(harness.desktop.windows.at(-1), 'home');
      assert.equal(harness.sim.meetings().length, 0);
      await harness.controller.updateSettings({ trayClickAction: 'startMeeting' });
      harness.controller.onTrayClick();
      await waitUntil(() => harness.sim.meetings().length === 1);
    } finally {
      await harness.close();
    }
  });

  it('asks for sign-in instead of failing when the shortcut is pressed while signed out', async () => {
    const harness = await appHarness();
    try {
      await harness.controller.start();
      harness.shortcuts.press('CommandOrControl+Alt+M');
      assert.equal(harness.desktop.windows.at(-1), 'sign-in');
      assert.equal(harness.sim.meetings().length, 0);
    } finally {
      await harness.close();
    }
  });

  it('announces a failed start with the reason and a Retry that works', async () => {
    const harness = await appHarness();
    try {
      await signInAlice(harness);
      harness.sim.queueMeetingOutcome({
        kind: 'fail',
        reason: {
          code: 'ServiceFailure',
          subcode: 'Unavailable',
          message: 'No conferencing server is available.',
        },
      });
      await assert.rejects(harness.controller.startMeetingNow());
      const failure = harness.desktop.notifications.find((n) => n.kind === 'failures');
      assert.equal(failure?.title, 'No conferencing server is available.', 'the catalog words the subcode');
      assert.match(failure?.body ?? '', /Try again/);
      assert.equal(harness.desktop.clipboard, '');
      failure?.actions?.find((a) => a.label === 'Retry')?.run();
      await waitUntil(() => harness.desktop.clipboard !== '');
    } finally {
      await harness.close();
    }
  });

  it('reports a shortcut taken by another application, in the view and a notification, and re-registers on change', async () => {
    const harness = await appHarness({ taken: ['CommandOrControl+Alt+M'] });
    try {
      await harness.controller.start();
      assert.equal(harness.controller.view().shortcut.status, 'conflict');
      assert.match(harness.controller.view().shortcut.message ?? '', /Ctrl\+Alt\+M is used by another app/);
      assert.ok(harness.desktop.notifications.some((n) => n.title === 'The shortcut is not available.'));
      assert.equal(
        harness.desktop.tray?.menu[0]?.accelerator,
        undefined,
        'no shortcut shown that does not work',
      );
      await harness.controller.updateSettings({ shortcut: 'CommandOrControl+Shift+J' });
      assert.equal(harness.controller.view().shortcut.status, 'registered');
      assert.ok(harness.shortcuts.registered.has('CommandOrControl+Shift+J'));
      await assert.rejects(harness.controller.updateSettings({ shortcut: 'Banana' }), /not a shortcut/);
      await assert.rejects(harness.controller.updateSettings({ shortcut: 'CommandOrControl+C' }), /Copy/);
      assert.equal(harness.controller.view().shortcut.status, 'registered', 'the working one stays');
      assert.ok(harness.shortcuts.registered.has('CommandOrControl+Shift+J'));
    } finally {
      await harness.close();
    }
  });

  it('copies, opens only https links from the server, ends the meeting and signs out', async () => {
    const harness = await appHarness();
    try {
      await signInAlice(harness);
      await harness.controller.startMeetingNow('Open me');
      harness.desktop.clipboard = '';
      harness.controller.copyLink();
      assert.equal(harness.desktop.clipboard, harness.sim.meetings()[0]?.joinUrl);
      await harness.controller.openMeeting();
      assert.deepEqual(harness.desktop.opened, [harness.sim.meetings()[0]?.joinUrl]);
      await harness.controller.onTrayCommand('endMeeting');
      await waitUntil(() => harness.controller.view().meeting?.state === 'ended');
      await harness.controller.onTrayCommand('signOut');
      assert.equal(harness.controller.view().session.status, 'signedOut');
      assert.equal(harness.desktop.tray?.icon, 'signed-out');
    } finally {
      await harness.close();
    }
  });

  it('notifies participants joining and leaving and someone waiting in the lobby, with an Admit that works', async () => {
    const harness = await appHarness();
    try {
      await signInAlice(harness);
      await harness.controller.startMeetingNow();
      assert.deepEqual(await harness.controller.invite(['sip:bob@meetnow.test']), [
        { to: 'sip:bob@meetnow.test', ok: true },
      ]);
      await waitUntil(() => harness.desktop.notifications.some((n) => n.title === 'Bob Berg joined'));
      const [meeting] = harness.sim.meetings();
      harness.sim.guestJoins(meeting?.onlineMeetingId ?? '', 'Guest Gina');
      await waitUntil(() => harness.desktop.notifications.some((n) => n.kind === 'lobby'));
      const lobby = harness.desktop.notifications.find((n) => n.kind === 'lobby');
      assert.equal(lobby?.title, 'Guest Gina is waiting in the lobby', 'the name in the title');
      lobby?.actions?.find((a) => a.label === 'Admit')?.run();
      await waitUntil(
        () =>
          harness.controller.view().meeting?.participants.every((p) => !p.inLobby) === true &&
          harness.controller.view().meeting?.participants.length === 2,
      );
      harness.sim.participantLeaves(meeting?.onlineMeetingId ?? '', 'sip:bob@meetnow.test');
      await waitUntil(() => harness.desktop.notifications.some((n) => n.title === 'Bob Berg left'));
    } finally {
      await harness.close();
    }
  });

  it('groups a burst of arrivals into one notification with the subject', async () => {
    const harness = await appHarness();
    try {
      await signInAlice(harness);
      await harness.controller.startMeetingNow('Town hall');
      harness.sim.crowdJoins(harness.sim.meetings()[0]?.onlineMeetingId ?? '', 5);
      await waitUntil(() => harness.controller.view().meeting?.participants.length === 5);
      await waitUntil(() => harness.desktop.notifications.some((n) => n.kind === 'participants'));
      const joined = harness.desktop.notifications.filter((n) => n.kind === 'participants');
      assert.equal(joined.length, 1, `one notification for the burst: ${joined.map((n) => n.title)}`);
      assert.equal(joined[0]?.title, '5 people joined');
      assert.match(joined[0]?.body ?? '', /Attendee 1, Attendee 2, Attendee 3 and 2 more joined “Town hall”/);
    } finally {
      await harness.close();
    }
  });

  it('respects the switches that turn each kind of notification off', async () => {
    const harness = await appHarness();
    try {
      await signInAlice(harness);
      await harness.controller.updateSettings({
        notifications: { meetingReady: false, participants: false },
      });
      await harness.controller.startMeetingNow();
      await harness.controller.invite(['sip:bob@meetnow.test']);
      assert.deepEqual(
        harness.desktop.notifications.map((n) => n.kind),
        [],
      );
      assert.notEqual(harness.desktop.clipboard, '', 'the link is still copied');
    } finally {
      await harness.close();
    }
  });

  it('signs in again at start from the keychain, and revalidates after resume', async () => {
    const harness = await appHarness();
    try {
      await signInAlice(harness);
      await harness.controller.signOut(false);
      await harness.controller.start();
      assert.equal(harness.controller.view().session.status, 'ready', 'remembered password used at start');
      assert.equal(harness.controller.view().account.hasStoredPassword, true);
      harness.sim.faults.add({ kinds: ['events'], times: 1, action: { type: 'drop' } });
      harness.sim.injectResync();
      await waitUntil(() => harness.desktop.trays.some((tray) => tray.icon === 'reconnecting'));
      harness.controller.revalidate(); // what powerMonitor 'resume' and a network change call
      await waitUntil(() => harness.desktop.tray?.icon === 'ready');
    } finally {
      await harness.close();
    }
  });

  it('stops at a host outside the domain, asks, and signs in once approved (once or always)', async () => {
    const harness = await appHarness();
    try {
      const view = await harness.controller.signIn({
        sipAddress: alice.username,
        password: alice.password,
        remember: false,
        discoverUrl: harness.sim.discoverUrl.replace('127.0.0.1', 'localhost'),
      });
      assert.equal(view.status, 'error');
      assert.deepEqual(harness.controller.view().trustPrompt, {
        host: '127.0.0.1',
        server: '127.0.0.1',
        domain: 'meetnow.test',
      });
      const approved = await harness.controller.approveServer('127.0.0.1', true);
      assert.equal(approved.status, 'ready');
      assert.deepEqual(harness.settings.get().approvedHosts, ['127.0.0.1']);
      assert.equal(harness.controller.view().trustPrompt, undefined);
      harness.controller.revokeHost('127.0.0.1');
      assert.deepEqual(harness.settings.get().approvedHosts, []);
    } finally {
      await harness.close();
    }
  });

  it('asks once for a split-domain deployment: one approval of its domain covers every pool', async () => {
    const harness = await appHarness({ sim: { preset: 'split-domain', namedHosts: true } });
    try {
      const view = await harness.controller.signIn({
        sipAddress: alice.username,
        password: alice.password,
        remember: false,
      });
      assert.equal(view.status, 'error');
      assert.deepEqual(harness.controller.view().trustPrompt, {
        host: 'sfb.meetnow-corp.example',
        server: 'pool1.sfb.meetnow-corp.example',
        domain: 'meetnow.test',
      });
      const approved = await harness.controller.approveServer('sfb.meetnow-corp.example', true);
      assert.equal(approved.status, 'ready', 'pool 1 redirected to pool 2 with no second prompt');
      assert.equal(harness.controller.view().trustPrompt, undefined);
      assert.deepEqual(harness.settings.get().approvedHosts, ['sfb.meetnow-corp.example']);
      assert.equal(harness.sim.applications().find((app) => app.state === 'active')?.pool, 1);
    } finally {
      await harness.close();
    }
  });

  it('signs in with no prompt where the administrator deployed the domain as trusted', async () => {
    const harness = await appHarness({
      sim: { preset: 'split-domain', namedHosts: true },
      settings: { trustedDomains: ['sfb.meetnow-corp.example'] },
    });
    try {
      const view = await harness.controller.signIn({
        sipAddress: alice.username,
        password: alice.password,
        remember: false,
      });
      assert.equal(view.status, 'ready');
      assert.equal(harness.controller.view().trustPrompt, undefined);
      assert.deepEqual(harness.settings.get().approvedHosts, [], 'nothing approved by the user');
    } finally {
      await harness.close();
    }
  });

  it('"Use the demo server" signs in to the built-in simulator', async () => {
    const harness = await appHarness();
    try {
      const view = await harness.controller.signInDemo();
      assert.equal(view.status, 'ready');
      assert.equal(harness.controller.view().settings.demoMode, true);
      await harness.controller.startMeetingNow();
      assert.equal(harness.sim.meetings().length, 1);
    } finally {
      await harness.close();
    }
  });
});
