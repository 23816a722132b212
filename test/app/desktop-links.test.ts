import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIpcDispatcher } from '../../src/main/app/ipc-handlers.js';
import type { TrayMenuItem } from '../../src/main/app/tray-model.js';
import { assignedMeetingOf } from '../../src/simulator/online-meetings-dashboard.js';
import type { RequestRecord } from '../../src/simulator/request-pipeline.js';
import { type AppHarness, appHarness } from '../helpers/app-fixture.js';
import { alice, waitUntil } from '../helpers/sim-fixture.js';

const signInAlice = (harness: AppHarness) =>
  harness.controller.signIn({
    sipAddress: alice.username,
    password: alice.password,
    remember: true,
    discoverUrl: harness.sim.discoverUrl,
  });

async function withHarness(
  options: Parameters<typeof appHarness>[0],
  test: (harness: AppHarness) => Promise<void>,
): Promise<void> {
  const harness = await appHarness(options);
  try {
    await test(harness);
  } finally {
    await harness.close();
  }
}

const commands = (log: readonly RequestRecord[]) => log.filter((record) => record.kind !== 'events');
const describeLog = (log: readonly RequestRecord[]) =>
  log.map((record) => `${record.method} ${record.kind} ${record.status}`).join('\n');
const myLinkOf = (harness: AppHarness) => {
  const user = harness.sim.directory.users.find((entry) => entry.sip === alice.sip);
  assert.ok(user);
  return assignedMeetingOf(user, `${new URL(harness.sim.discoverUrl).origin}/meet`).joinUrl;
};

describe('desktop cold start over the remembered route', () => {
  it('a launch by meetnow://start with saved credentials is 4 requests to the link; my link is fetched after, once', async () => {
    const first = await appHarness();
    try {
      await first.controller.start();
      assert.equal((await signInAlice(first)).status, 'ready');
      const saved = first.settings.get();
      assert.equal(saved.cachedRoute?.sipAddress, alice.username);
      assert.match(saved.cachedRoute?.tokenUrl ?? '', /\/WebTicket\/oauthtoken$/);
      assert.match(saved.cachedRoute?.applicationsUrl ?? '', /\/ucwa\/oauth\/v1\/applications$/);
      assert.ok(!JSON.stringify(first.backend.store).includes(alice.password), 'no secret in settings');
      await first.controller.dispose();

      // A second launch of the app: the same settings file and keychain, a new process.
      const second = await appHarness({
        simulator: first.sim,
        settings: { ...first.backend.store },
        credentials: first.credentials,
      });
      try {
        first.sim.requestLog.length = 0;
        let atCopy: RequestRecord[] = [];
        const copy = second.desktop.copyText.bind(second.desktop);
        second.desktop.copyText = (text) => {
          if (atCopy.length === 0) atCopy = [...first.sim.requestLog];
          copy(text);
        };
        const launch = second.controller.start();
        await second.controller.deepLinks.open('meetnow://start?subject=Cold%20start');
        await launch;
        assert.equal(second.desktop.clipboard, first.sim.meetings()[0]?.joinUrl);
        assert.deepEqual(
          commands(atCopy).map((record) => `${record.method} ${record.kind}`),
          ['POST token', 'POST applications', 'POST startOnlineMeeting', 'GET onlineMeeting'],
          describeLog(atCopy),
        );
        const ready = second.desktop.notifications.filter((n) => n.kind === 'meetingReady');
        assert.equal(ready[0]?.title, 'Meeting ready', 'the same notification as the shortcut');
        const myLinkGets = () =>
          first.sim.requestCount((record) => record.kind === 'myAssignedOnlineMeeting');
        await waitUntil(() => myLinkGets() === 1);
        await second.controller.copyMyLink();
        await second.controller.copyMyLink();
        assert.equal(second.desktop.clipboard, myLinkOf(second));
        assert.equal(myLinkGets(), 1, 'asked twice after the prefetch: no further request');
      } finally {
        await second.close();
      }
    } finally {
      await first.sim.close();
    }
  });

  it('drops a malformed or foreign route with a log line and discovers; another account or a forgetting sign-out clears it', async () => {
    const lines: string[] = [];
    const roots = (harness: AppHarness) => harness.sim.requestCount((record) => record.kind === 'root');
    await withHarness({ log: (line) => lines.push(line) }, async (harness) => {
      harness.settings.update({
        accountSipAddress: alice.username,
        discoverUrl: harness.sim.discoverUrl,
        cachedRoute: { sipAddress: alice.username, userUrl: 'javascript:alert(1)', tokenUrl: 'x' },
      });
      assert.equal((await signInAlice(harness)).status, 'ready');
      assert.equal(roots(harness), 1, 'a malformed route is not used: discovery');
      assert.ok(
        lines.some((line) => /cached route dropped/.test(line)),
        lines.join('\n'),
      );
      assert.equal(harness.settings.get().cachedRoute?.sipAddress, alice.username, 'the new route is kept');
      await harness.controller.signOut(false);
      harness.settings.update({
        cachedRoute: {
          sipAddress: 'mallory@meetnow.test',
          userUrl: 'https://evil.example/user',
          tokenUrl: 'https://evil.example/token',
          applicationsUrl: 'https://evil.example/applications',
        },
      });
      assert.equal((await signInAlice(harness)).status, 'ready');
      assert.equal(
        lines.filter((line) => /cached route dropped/.test(line)).length,
        2,
        "another account's route is not used either",
      );
      assert.equal(harness.settings.get().cachedRoute?.sipAddress, alice.username);
      await harness.controller.signIn({
        sipAddress: 'bob@meetnow.test',
        password: 'bob-demo-pass',
        remember: false,
        discoverUrl: harness.sim.discoverUrl,
      });
      assert.notEqual(harness.settings.get().cachedRoute?.sipAddress, alice.username, 'another account');
      await signInAlice(harness);
      assert.ok(harness.settings.get().cachedRoute);
      await harness.controller.signOut(true);
      assert.equal(harness.settings.get().cachedRoute, null);
      assert.equal(harness.settings.get().cachedUserUrl, '');
    });
  });
});

const myLinkItem = (harness: AppHarness) =>
  harness.desktop.tray?.menu.find((entry) => entry.command === 'copyMyLink');

describe('my personal meeting link on the desktop', () => {
  it('the tray item copies it, in a group of its own away from the live meeting, and says it is always the same', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      assert.equal(myLinkItem(harness)?.label, 'Copy my personal meeting link');
      assert.equal(myLinkItem(harness)?.enabled, true);
      await harness.controller.onTrayCommand('copyMyLink');
      assert.equal(harness.desktop.clipboard, myLinkOf(harness));
      assert.equal(harness.sim.meetings().length, 0, 'nothing created');
      assert.deepEqual(harness.desktop.notifications.at(-1), {
        ...harness.desktop.notifications.at(-1),
        title: 'Personal meeting link copied',
        body: 'Your personal meeting link (always the same) is on your clipboard.',
      });

      await harness.controller.startMeetingNow('Design review');
      const menu = harness.desktop.tray?.menu ?? [];
      const index = menu.findIndex((entry) => entry.command === 'copyMyLink');
      assert.equal(menu[index]?.label, 'Copy my personal meeting link (not this meeting)');
      assert.equal(menu[index - 1]?.command, 'separator', 'a separator above it');
      assert.equal(menu[index + 1]?.command, 'separator', 'and below it');
      const liveItems = menu.slice(
        0,
        menu.findIndex((entry) => entry.command === 'separator'),
      );
      assert.deepEqual(
        liveItems.map((entry) => entry.command),
        ['startMeeting', 'openMeeting', 'invite', 'endMeeting'],
        'the live meeting has its group; the personal link is not in it',
      );
    });
  });

  it('a server without one: its own catalog words, and the button and tray item disabled for that sign-in without asking again', async () => {
    await withHarness({ sim: { profile: { assignedMeeting: 'not-available' } } }, async (harness) => {
      await signInAlice(harness);
      const dispatch = createIpcDispatcher(harness.controller);
      const result = await dispatch('meetnow:my-link:copy', undefined);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, 'no-personal-link');
      const failure = harness.desktop.notifications.find((n) => n.kind === 'failures');
      assert.equal(failure?.title, "Your organisation doesn't give you a personal meeting link.");
      assert.equal(failure?.body, 'Use Start meeting now instead; ask IT if you need a standing link.');
      assert.equal(harness.desktop.clipboard, '');
      const unavailable = harness.controller.view().myLinkUnavailable;
      assert.equal(unavailable?.kind, 'no-personal-link');
      assert.equal(unavailable?.action, 'Use Start meeting now instead; ask IT if you need a standing link.');
      assert.equal(myLinkItem(harness)?.enabled, false);
      assert.equal(
        myLinkItem(harness)?.label,
        'Copy my personal meeting link (your organisation gives none)',
      );
      const requests = harness.sim.requestLog.length;
      assert.equal((await dispatch('meetnow:my-link:copy', undefined)).ok, false);
      assert.equal(harness.sim.requestLog.length, requests, 'the answer holds for the sign-in: no request');

      // A new sign-in asks again (the policy may have changed).
      await harness.controller.signOut(false);
      assert.equal(harness.controller.view().myLinkUnavailable, undefined);
      await signInAlice(harness);
      await waitUntil(() => harness.controller.view().myLinkUnavailable !== undefined);
      assert.equal(myLinkItem(harness)?.enabled, false, 'the background fetch learnt it again');
    });
  });
});

const recentSubmenu = (harness: AppHarness): TrayMenuItem[] =>
  harness.desktop.tray?.menu.find((entry) => entry.label === 'Recent meetings')?.submenu ?? [];

describe('recent meetings on the desktop', () => {
  it('records each meeting (subject, times, people admitted, link, conference ID) and offers Copy link / Open in the tray', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      await harness.controller.startMeetingNow('Weekly sync');
      const meeting = harness.sim.meetings()[0];
      assert.ok(meeting);
      // Gina is admitted from the lobby; Larry only waits there and is denied: he never joined.
      harness.sim.guestJoins(meeting.onlineMeetingId, 'Gina Guest');
      harness.sim.guestJoins(meeting.onlineMeetingId, 'Larry Lobby');
      const waiting = (name: string) =>
        harness.controller.view().meeting?.participants.find((p) => p.name === name && p.inLobby);
      await waitUntil(() => waiting('Gina Guest') !== undefined && waiting('Larry Lobby') !== undefined);
      assert.deepEqual(harness.controller.view().recentMeetings[0]?.participants, [], 'nobody in the lobby');
      await harness.controller.admit(waiting('Gina Guest')?.id ?? '');
      await harness.controller.deny(waiting('Larry Lobby')?.id ?? '');
      await waitUntil(() => harness.controller.view().recentMeetings[0]?.participants.length === 1);
      await harness.controller.endMeeting();
      await waitUntil(() => harness.controller.view().recentMeetings[0]?.endedAt !== undefined);
      const [entry] = harness.controller.view().recentMeetings;
      assert.equal(entry?.subject, 'Weekly sync');
      assert.equal(entry?.joinUrl, meeting.joinUrl);
      assert.ok(entry?.conferenceId);
      assert.deepEqual(entry?.participants, ['Gina Guest']);
      assert.ok(Date.parse(entry?.endedAt ?? '') >= Date.parse(entry?.startedAt ?? ''));
      assert.ok(
        !JSON.stringify(harness.backend.store.recentMeetings).match(/cwt=|Bearer|token/i),
        'no token kept',
      );

      const [row] = recentSubmenu(harness);
      assert.match(row?.label ?? '', /^\u2068Weekly sync\u2069 · /, 'the subject isolated from the date');
      assert.deepEqual(
        row?.submenu?.map((item) => [item.label, item.command, item.argument]),
        [
          ['Copy link', 'copyRecentLink', meeting.joinUrl],
          ['Open in Skype for Business', 'joinRecent', meeting.joinUrl],
        ],
      );
      harness.desktop.clipboard = '';
      await harness.controller.onTrayCommand('copyRecentLink', meeting.joinUrl);
      assert.equal(harness.desktop.clipboard, meeting.joinUrl);
      await harness.controller.onTrayCommand('joinRecent', meeting.joinUrl);
      assert.deepEqual(harness.desktop.opened, [meeting.joinUrl]);

      const dispatch = createIpcDispatcher(harness.controller);
      const unknown = await dispatch('meetnow:recent:join', { joinUrl: 'https://evil.example/meet' });
      assert.equal(!unknown.ok && unknown.error.code, 'recent-missing', 'only a link in the list is opened');
      assert.equal(harness.desktop.opened.length, 1);

      // The invitation of a meeting started earlier: text and HTML on the clipboard.
      assert.deepEqual(await dispatch('meetnow:recent:copy-invitation', { joinUrl: meeting.joinUrl }), {
        ok: true,
        value: null,
      });
      assert.match(harness.desktop.clipboard, /Weekly sync/);
      assert.ok(harness.desktop.clipboard.includes(meeting.joinUrl));
      assert.match(harness.desktop.clipboardHtml, /<a href="https:\/\//);
    });
  });

  it('remembers a meeting ended for everyone and offers nothing that would hand out its dead link', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      await harness.controller.startMeetingNow('Left early');
      await harness.controller.endMeeting();
      await harness.controller.startMeetingNow('Board review');
      const ended = harness.sim.meetings()[1];
      assert.equal((await harness.controller.endForEveryone()).failed, 0);
      const [last, left] = harness.controller.view().recentMeetings;
      assert.equal(last?.subject, 'Board review');
      assert.equal(last?.endedForEveryone, true);
      assert.ok(last?.endedAt);
      assert.equal(left?.endedForEveryone, undefined, 'a meeting you only left keeps its link');
      assert.deepEqual(
        recentSubmenu(harness)[0]?.submenu?.map((item) => [item.label, item.enabled, item.argument]),
        [['Ended for everyone — link no longer works', false, undefined]],
      );
      harness.desktop.clipboard = '';
      const dispatch = createIpcDispatcher(harness.controller);
      for (const channel of [
        'meetnow:recent:copy-link',
        'meetnow:recent:join',
        'meetnow:recent:copy-invitation',
      ]) {
        const result = await dispatch(channel, { joinUrl: ended?.joinUrl });
        assert.equal(!result.ok && result.error.code, 'recent-ended', channel);
      }
      assert.equal(harness.desktop.clipboard, '');
      assert.deepEqual(harness.desktop.opened, []);
      assert.equal(
        (harness.backend.store.recentMeetings as Array<{ endedForEveryone?: boolean }>)[0]?.endedForEveryone,
        true,
        'kept in the settings file',
      );
    });
  });

  it('keeps the last 20, forgets them when turned off or on a forgetting sign-out, and drops a hostile entry with a log line', async () => {
    const lines: string[] = [];
    const good = {
      subject: '<img src=x onerror=alert(1)>',
      startedAt: '2026-11-30T09:00:00.000Z',
      participants: [],
      joinUrl: 'https://meet.meetnow.test/alice/OLD1',
    };
    const hostile = { ...good, joinUrl: 'javascript:alert(1)', token: 'cwt=secret' };
    await withHarness(
      { log: (line) => lines.push(line), settings: { recentMeetings: [hostile, good, 'garbage'] } },
      async (harness) => {
        assert.deepEqual(
          harness.controller.view().recentMeetings.map((entry) => entry.joinUrl),
          [good.joinUrl],
          'the hostile entry and the garbage are gone; the odd subject stays text',
        );
        assert.equal(harness.controller.view().recentMeetings[0]?.subject, good.subject);
        assert.ok(!JSON.stringify(harness.backend.store).includes('cwt=secret'));
        await signInAlice(harness);
        for (let index = 0; index < 21; index += 1) {
          await harness.controller.startMeetingNow(`Meeting ${index}`);
          await harness.controller.endMeeting();
        }
        const listed = harness.controller.view().recentMeetings;
        assert.equal(listed.length, 20);
        assert.equal(listed[0]?.subject, 'Meeting 20', 'newest first');
        assert.equal(recentSubmenu(harness).length, 20);
        await harness.controller.updateSettings({ recentMeetingsEnabled: false });
        assert.deepEqual(harness.controller.view().recentMeetings, []);
        assert.deepEqual(harness.backend.store.recentMeetings, [], 'off forgets what was kept');
        await harness.controller.startMeetingNow('Not kept');
        await harness.controller.endMeeting();
        assert.deepEqual(harness.backend.store.recentMeetings, []);
        assert.equal(recentSubmenu(harness).length, 0);
        await harness.controller.updateSettings({ recentMeetingsEnabled: true });
        await harness.controller.startMeetingNow('Kept');
        await waitUntil(() => harness.controller.view().recentMeetings.length === 1);
        await harness.controller.signOut(false);
        assert.equal(harness.controller.view().recentMeetings.length, 1, 'a plain sign-out keeps the list');
        await signInAlice(harness);
        await harness.controller.signOut(true);
        assert.deepEqual(harness.backend.store.recentMeetings, [], 'sign out and forget clears it');
      },
    );
    assert.ok(
      lines.some((line) => /entry 0 dropped/.test(line)),
      lines.join('\n'),
    );
    assert.ok(!lines.join('\n').includes('alert'), 'the log names fields, not the hostile text');
  });
});

describe('copy invitation from the meeting', () => {
  it('puts plain text and HTML (server text escaped) on the clipboard; without a meeting it says so', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      const dispatch = createIpcDispatcher(harness.controller);
      const none = await dispatch('meetnow:meeting:copy-invitation', undefined);
      assert.equal(!none.ok && none.error.code, 'no-meeting');
      await harness.controller.startMeetingNow('Plan <b>& ship</b>');
      assert.deepEqual(await dispatch('meetnow:meeting:copy-invitation', undefined), {
        ok: true,
        value: null,
      });
      const joinUrl = harness.sim.meetings()[0]?.joinUrl ?? '';
      assert.ok(harness.desktop.clipboard.includes('Plan <b>& ship</b>'), 'the text part is plain text');
      assert.ok(harness.desktop.clipboard.includes(joinUrl));
      assert.ok(harness.desktop.clipboardHtml.includes('Plan &lt;b&gt;&amp; ship&lt;/b&gt;'));
      assert.ok(!harness.desktop.clipboardHtml.includes('<b>'));
    });
  });
});

describe('meetnow:// deep links on the running app', () => {
  it('start takes a subject and invitees and nothing else; it never changes settings or signs in anywhere', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      const before = { ...harness.settings.get(), recentMeetings: [] };
      const requestsBefore = harness.sim.requestLog.length;
      await harness.controller.deepLinks.open(
        'meetnow://start?subject=From%20a%20link&invite=bob@meetnow.test&discoverUrl=https://evil.example/&password=x&shortcut=Ctrl%2BQ',
      );
      // A link that invites asks first, in the window: nothing is started or sent yet.
      assert.equal(harness.sim.meetings().length, 0, 'nothing started before the answer');
      const request = harness.controller.view().confirm;
      assert.deepEqual(request && { ...request, id: 0 }, {
        id: 0,
        action: 'linkStart',
        subject: 'From a link',
        invite: ['sip:bob@meetnow.test'],
        live: undefined,
      });
      assert.equal(harness.desktop.windows.at(-1), 'home', 'the window opens on the question');
      await harness.controller.answerConfirm({ id: request?.id ?? 0, proceed: true, invite: true });
      const meeting = harness.sim.meetings()[0];
      assert.equal(meeting?.subject, 'From a link');
      assert.equal(harness.desktop.clipboard, meeting?.joinUrl);
      await waitUntil(() =>
        harness.controller.view().invitees.some((invitee) => invitee.to === 'sip:bob@meetnow.test'),
      );
      assert.deepEqual({ ...harness.settings.get(), recentMeetings: [] }, before, 'settings unchanged');
      assert.equal(harness.sim.foreignRequests.length, 0);
      assert.ok(
        harness.sim.requestLog
          .slice(requestsBefore)
          .every((record) => record.kind !== 'root' && record.kind !== 'token'),
        'no new sign-in',
      );
    });
  });

  it('a link that invites never rings anyone unasked: Cancel and Start without inviting send nothing, a stale answer is ignored', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      const invited = () => harness.sim.requestCount((record) => record.kind === 'addParticipant');
      const link = 'meetnow://start?subject=Standup&invite=bob@meetnow.test,carol@meetnow.test';
      await harness.controller.deepLinks.open(link);
      const first = harness.controller.view().confirm;
      assert.equal(first?.action, 'linkStart');
      await harness.controller.answerConfirm({ id: first?.id ?? 0, proceed: false });
      assert.equal(harness.controller.view().confirm, undefined);
      assert.equal(harness.sim.meetings().length, 0, 'Cancel starts nothing');

      await harness.controller.deepLinks.open(link);
      const second = harness.controller.view().confirm;
      await harness.controller.answerConfirm({ id: first?.id ?? 0, proceed: true, invite: true });
      assert.equal(harness.sim.meetings().length, 0, 'an answer to an earlier question does nothing');
      assert.equal(harness.controller.view().confirm?.id, second?.id);
      await harness.controller.answerConfirm({ id: second?.id ?? 0, proceed: true });
      assert.equal(harness.sim.meetings()[0]?.subject, 'Standup', 'Start without inviting starts it');
      assert.equal(harness.controller.view().meeting?.state, 'live');
      assert.deepEqual(harness.controller.view().invitees, []);
      assert.equal(invited(), 0, 'and invites nobody');
    });
  });

  it('a link that invites, opened during a meeting, invites nobody into it and says so', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      await harness.controller.startMeetingNow('Board review (confidential)');
      const live = harness.sim.meetings()[0];
      const before = harness.sim.requestLog.length;
      await harness.controller.deepLinks.open('meetnow://start?subject=Standup&invite=bob@meetnow.test');
      const request = harness.controller.view().confirm;
      assert.equal(request?.action, 'linkStart');
      assert.equal(request?.action === 'linkStart' && request.live, 'Board review (confidential)');
      // Even an answer that says "go ahead" (a forged or stale one) adds no one to the live meeting.
      await harness.controller.answerConfirm({ id: request?.id ?? 0, proceed: true, invite: true });
      assert.equal(harness.sim.meetings().length, 1, 'no second meeting');
      assert.deepEqual(harness.controller.view().invitees, []);
      assert.deepEqual(
        commands(harness.sim.requestLog.slice(before)).map((record) => record.kind),
        [],
        'not one request to the server',
      );
      assert.deepEqual(harness.sim.meetings()[0]?.members, live?.members, 'nobody joined it');
      // A start link without invitees keeps the shortcut's one-click behaviour: the live link again.
      await harness.controller.deepLinks.open('meetnow://start?subject=Standup');
      assert.equal(harness.controller.view().confirm, undefined);
      assert.equal(harness.desktop.clipboard, live?.joinUrl);
      assert.equal(harness.desktop.notifications.at(-1)?.title, 'Link copied again');
    });
  });

  it('a question asked before a meeting started is asked again, naming that meeting, instead of inviting into it', async () => {
    await withHarness({}, async (harness) => {
      await signInAlice(harness);
      await harness.controller.deepLinks.open('meetnow://start?subject=Standup&invite=bob@meetnow.test');
      const asked = harness.controller.view().confirm;
      await harness.controller.startMeetingNow('Board review');
      await harness.controller.answerConfirm({ id: asked?.id ?? 0, proceed: true, invite: true });
      const again = harness.controller.view().confirm;
      assert.equal(again?.action === 'linkStart' && again.live, 'Board review');
      assert.notEqual(again?.id, asked?.id);
      assert.equal(harness.sim.meetings().length, 1);
      assert.deepEqual(harness.controller.view().invitees, []);
    });
  });

  it('copy-link copies the live link or says there is none; a link while signed out only asks to sign in', async () => {
    await withHarness({}, async (harness) => {
      await harness.controller.start();
      await harness.controller.deepLinks.open('meetnow://start');
      await harness.controller.deepLinks.open('meetnow://my-link');
      assert.equal(harness.sim.requestLog.length, 0, 'a link never signs in');
      assert.equal(harness.desktop.windows.at(-1), 'sign-in');
      await signInAlice(harness);
      await harness.controller.deepLinks.open('meetnow://copy-link');
      assert.equal(harness.desktop.notifications.at(-1)?.title, 'No meeting is running.');
      await harness.controller.deepLinks.open('meetnow://my-link');
      assert.equal(harness.desktop.clipboard, myLinkOf(harness));
      await harness.controller.startMeetingNow();
      harness.desktop.clipboard = '';
      await harness.controller.deepLinks.open('meetnow://copy-link');
      assert.equal(harness.desktop.clipboard, harness.sim.meetings()[0]?.joinUrl);
      await harness.controller.deepLinks.open('meetnow://settings?shortcut=x');
      await harness.controller.deepLinks.open('https://evil.example/');
      assert.equal(harness.sim.meetings().length, 1);
    });
  });
});
