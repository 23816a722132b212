import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Conf from 'conf';
import { createIpcDispatcher, isTrustedSender } from '../../src/main/app/ipc-handlers.js';
import {
  MemorySettingsBackend,
  migrateSettings,
  SettingsStore,
  settingsVersion,
} from '../../src/main/app/settings-store.js';
import { isValidAccelerator } from '../../src/main/app/shortcut-service.js';
import { trayModel } from '../../src/main/app/tray-model.js';
import { describeProblemFacts } from '../../src/shared/error-catalog.js';
import { defaultSettings } from '../../src/shared/settings.js';
import { appHarness } from '../helpers/app-fixture.js';
import { alice, waitUntil } from '../helpers/sim-fixture.js';

describe('IPC: sender checks and payload validation', () => {
  it('trusts only the main frame of the app:// window', () => {
    assert.ok(isTrustedSender('app://meetnow/index.html', true));
    assert.ok(!isTrustedSender('app://meetnow/index.html', false), 'subframes are refused');
    assert.ok(!isTrustedSender('file:///tmp/index.html', true));
    assert.ok(!isTrustedSender('https://evil.example/', true));
    assert.ok(!isTrustedSender('app://meetnow.evil/', true));
    assert.ok(!isTrustedSender(undefined, true));
    assert.ok(!isTrustedSender('not a url', true));
  });

  it('answers malformed payloads and unknown channels with typed errors, never a throw', async () => {
    const harness = await appHarness();
    try {
      const dispatch = createIpcDispatcher(harness.controller);
      const cases: Array<[string, unknown, string]> = [
        ['meetnow:nope', undefined, 'unknown-channel'],
        ['constructor', undefined, 'unknown-channel'],
        ['meetnow:session:sign-in', { sipAddress: 'not an address', remember: true }, 'invalid-payload'],
        ['meetnow:session:sign-in', { sipAddress: alice.username, remember: 'yes' }, 'invalid-payload'],
        [
          'meetnow:session:sign-in',
          { sipAddress: alice.username, remember: true, extra: 1 },
          'invalid-payload',
        ],
        [
          'meetnow:session:sign-in',
          { sipAddress: alice.username, remember: true, discoverUrl: 'javascript:alert(1)' },
          'invalid-payload',
        ],
        ['meetnow:meeting:invite', { sipUris: [] }, 'invalid-payload'],
        ['meetnow:meeting:invite', { sipUris: Array(21).fill('bob@meetnow.test') }, 'invalid-payload'],
        ['meetnow:people:search', { query: 'x'.repeat(257) }, 'invalid-payload'],
        ['meetnow:settings:update', { endpointId: 'stolen' }, 'invalid-payload'],
        ['meetnow:settings:update', { shortcut: 5 }, 'invalid-payload'],
        ['meetnow:state:get', { unexpected: true }, 'invalid-payload'],
        ['meetnow:meeting:start', { subject: 's'.repeat(251) }, 'invalid-payload'],
      ];
      for (const [channel, payload, code] of cases) {
        const result = await dispatch(channel, payload);
        assert.equal(result.ok, false, `${channel} ${JSON.stringify(payload)?.slice(0, 60)}`);
        assert.equal(result.ok === false && result.error.code, code);
      }
      const notSignedIn = await dispatch('meetnow:meeting:start', {});
      assert.deepEqual(notSignedIn, {
        ok: false,
        error: { code: 'credentials', message: 'Sign in before starting a meeting.' },
      });
      const view = await dispatch('meetnow:state:get', undefined);
      assert.equal(view.ok && (view.value as { session: { status: string } }).session.status, 'signedOut');
    } finally {
      await harness.close();
    }
  });

  it('runs the whole flow through the dispatcher, and the view never carries a password or token', async () => {
    const harness = await appHarness();
    try {
      const dispatch = createIpcDispatcher(harness.controller);
      const pushed: string[] = [];
      harness.controller.onView((view) => pushed.push(JSON.stringify(view)));
      const signIn = await dispatch('meetnow:session:sign-in', {
        sipAddress: alice.username,
        password: alice.password,
        remember: true,
        discoverUrl: harness.sim.discoverUrl,
      });
      assert.equal(signIn.ok && (signIn.value as { status: string }).status, 'ready');
      const started = await dispatch('meetnow:meeting:start', { subject: 'Via IPC' });
      assert.ok(started.ok);
      const search = await dispatch('meetnow:people:search', { query: 'bob' });
      assert.equal(search.ok && (search.value as Array<{ uri: string }>)[0]?.uri, 'sip:bob@meetnow.test');
      const invite = await dispatch('meetnow:meeting:invite', { sipUris: ['bob@meetnow.test'] });
      // The call answers at once with the invitation ringing; the result arrives in the view.
      assert.deepEqual(invite, {
        ok: true,
        value: [
          { to: 'sip:bob@meetnow.test', name: 'Bob Berg', status: 'ringing', text: 'Bob Berg · Ringing…' },
        ],
      });
      await waitUntil(() => harness.controller.view().invitees[0]?.status === 'joined');
      const traffic = pushed.join('\n') + JSON.stringify(await dispatch('meetnow:state:get', undefined));
      assert.doesNotMatch(traffic, new RegExp(alice.password));
      assert.doesNotMatch(traffic, /cwt=/);
      assert.doesNotMatch(
        JSON.stringify(harness.backend.store),
        new RegExp(alice.password),
        'not in settings either',
      );
      assert.doesNotMatch(JSON.stringify(harness.backend.store), /cwt=/);
    } finally {
      await harness.close();
    }
  });
});

describe('settings store', () => {
  it('fills defaults, repairs bad values, drops unknown keys and writes its version', () => {
    const backend = new MemorySettingsBackend({
      schemaVersion: 2,
      shortcut: 42,
      trayClickAction: 'explode',
      unknown: 'x',
      copyLinkWhenReady: false,
    });
    const store = new SettingsStore(backend);
    assert.equal(store.get().shortcut, defaultSettings.shortcut);
    assert.equal(store.get().trayClickAction, 'startMeeting');
    assert.equal(store.get().copyLinkWhenReady, false);
    assert.equal(backend.store.unknown, undefined);
    assert.equal(backend.store.schemaVersion, settingsVersion);
  });

  it('migrates a version-1 file (one notification switch, "leftClick")', () => {
    const migrated = migrateSettings({
      notificationsEnabled: false,
      leftClick: 'window',
      accountSipAddress: 'a@b.test',
    });
    assert.deepEqual(migrated, {
      accountSipAddress: 'a@b.test',
      notifications: { meetingReady: false, failures: true, participants: false, lobby: false },
      trayClickAction: 'openWindow',
      schemaVersion: 2,
    });
  });

  it('persists through conf (what electron-store wraps) and rejects invalid updates', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'meetnow-settings-'));
    const conf = new Conf<Record<string, unknown>>({ cwd, projectName: 'meetnow-test' });
    const store = new SettingsStore(conf);
    store.update({ shortcut: 'CommandOrControl+Shift+K', notifications: { lobby: false } });
    const reread = new SettingsStore(new Conf<Record<string, unknown>>({ cwd, projectName: 'meetnow-test' }));
    assert.equal(reread.get().shortcut, 'CommandOrControl+Shift+K');
    assert.equal(reread.get().notifications.lobby, false);
    assert.equal(reread.get().notifications.meetingReady, true);
    assert.throws(() => store.update({ defaultSubject: 'x'.repeat(300) }));
    const file = JSON.parse(readFileSync(join(cwd, 'config.json'), 'utf8'));
    assert.deepEqual(
      Object.keys(file).sort(),
      [...Object.keys(defaultSettings), 'schemaVersion'].sort(),
      'only schema keys reach the file',
    );
  });
});

describe('tray model and accelerators', () => {
  const shortcut = {
    accelerator: 'CommandOrControl+Alt+M',
    display: 'Ctrl+Alt+M',
    status: 'registered' as const,
  };
  it('has an icon for each state and enables items only when they apply', () => {
    const signedOut = trayModel({ status: 'signedOut' }, undefined, defaultSettings, shortcut);
    assert.equal(signedOut.icon, 'signed-out');
    assert.equal(signedOut.menu.find((i) => i.command === 'startMeeting')?.enabled, false);
    assert.ok(signedOut.menu.some((i) => i.command === 'signIn'));
    const ready = { status: 'ready' as const, account: 'a@b.test', displayName: 'A' };
    assert.equal(
      trayModel({ status: 'signingIn', account: 'a@b.test' }, undefined, defaultSettings, shortcut).icon,
      'signing-in',
    );
    assert.equal(trayModel(ready, undefined, defaultSettings, shortcut).icon, 'ready');
    assert.equal(
      trayModel({ ...ready, status: 'reconnecting' }, undefined, defaultSettings, shortcut).icon,
      'reconnecting',
    );
    assert.equal(
      trayModel(
        {
          status: 'error',
          account: 'a',
          problem: { ...describeProblemFacts({ kind: 'network', cause: 'gone' }), message: 'gone' },
        },
        undefined,
        defaultSettings,
        shortcut,
      ).icon,
      'error',
    );
    const starting = trayModel(
      ready,
      {
        state: 'starting',
        joinUrl: undefined,
        conferenceId: undefined,
        subject: undefined,
        participants: [],
      },
      defaultSettings,
      shortcut,
    );
    assert.equal(starting.icon, 'starting');
    assert.equal(starting.menu.find((i) => i.command === 'startMeeting')?.enabled, false);
    const live = trayModel(
      ready,
      { state: 'live', joinUrl: 'https://x', conferenceId: '1', subject: 's', participants: [] },
      defaultSettings,
      shortcut,
    );
    assert.equal(live.icon, 'in-meeting');
    for (const command of ['startMeeting', 'openMeeting', 'invite', 'endMeeting'] as const)
      assert.ok(live.menu.find((i) => i.command === command)?.enabled, command);
    assert.equal(
      live.menu[0]?.label,
      'Copy meeting link',
      'while live the top item copies, no second meeting',
    );
    assert.equal(live.menu.find((i) => i.command === 'endMeeting')?.label, 'Leave meeting');
    assert.ok(live.tooltip.length < 128, 'Windows limits tooltips to 127 characters');
  });

  it('validates accelerators the way Electron parses them', () => {
    for (const good of ['CommandOrControl+Alt+M', 'Ctrl+Shift+F12', 'Super+Space', 'Alt+Plus'])
      assert.ok(isValidAccelerator(good), good);
    for (const bad of ['M', 'Banana', 'Ctrl+', 'Ctrl+Ctrl+M', 'Ctrl+Alt+MM', ''])
      assert.ok(!isValidAccelerator(bad), bad);
  });
});
