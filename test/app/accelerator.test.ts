import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkShortcut, displayAccelerator } from '../../src/shared/accelerator.js';

describe('global shortcut rules and words', () => {
  it('takes Ctrl/⌘ or Alt with another modifier, or a modified function key', () => {
    for (const good of [
      'CommandOrControl+Alt+M',
      'CommandOrControl+Shift+J',
      'Alt+Shift+M',
      'Ctrl+F9',
      'F13',
    ])
      assert.deepEqual(checkShortcut(good, 'linux'), { ok: true }, good);
  });

  it('refuses editing and OS shortcuts by name, Shift+letter, lone keys and AltGr', () => {
    const cases: Array<[string, 'linux' | 'windows' | 'mac', RegExp]> = [
      ['CommandOrControl+C', 'linux', /^Ctrl\+C is Copy in every app/],
      ['CommandOrControl+C', 'mac', /^⌘C is Copy in every app/],
      ['CommandOrControl+V', 'windows', /Paste/],
      ['CommandOrControl+Shift+Z', 'linux', /Redo/],
      ['Alt+F4', 'windows', /closes the window/],
      ['Alt+Tab', 'linux', /switches between apps/],
      ['Command+Tab', 'mac', /switches between apps/],
      ['Command+Space', 'mac', /Spotlight/],
      ['Ctrl+Shift+Escape', 'windows', /Task Manager/],
      ['Super+L', 'linux', /locks the screen/],
      ['Shift+K', 'linux', /types a capital K/],
      ['K', 'linux', /alone types/],
      ['F5', 'linux', /alone is used by apps/],
      ['CommandOrControl+K', 'linux', /Add another modifier/],
      ['AltGr+E', 'linux', /AltGr types characters/],
      ['Banana', 'linux', /is not a shortcut/],
    ];
    for (const [accelerator, platform, reason] of cases) {
      const check = checkShortcut(accelerator, platform);
      assert.equal(check.ok, false, accelerator);
      assert.match(check.ok ? '' : check.reason, reason, `${accelerator} on ${platform}`);
    }
  });

  it("speaks each platform's words, never CommandOrControl", () => {
    assert.equal(displayAccelerator('CommandOrControl+Alt+M', 'linux'), 'Ctrl+Alt+M');
    assert.equal(displayAccelerator('CommandOrControl+Alt+M', 'windows'), 'Ctrl+Alt+M');
    assert.equal(displayAccelerator('CommandOrControl+Alt+M', 'mac'), '⌥⌘M');
    assert.equal(displayAccelerator('CommandOrControl+Shift+Up', 'linux'), 'Ctrl+Shift+↑');
    assert.equal(displayAccelerator('Super+M', 'windows'), 'Win+M');
  });
});
