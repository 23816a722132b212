import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampZoom, zoomStep } from '../../src/main/electron/zoom.js';

describe('zoom keys in a window without a menu', () => {
  const key = (
    k: string,
    mods: Partial<{ control: boolean; meta: boolean; alt: boolean }> = { control: true },
  ) => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    alt: false,
    ...mods,
  });
  it('Ctrl+= / Ctrl++ zoom in, Ctrl+- out, Ctrl+0 resets (⌘ on a Mac)', () => {
    assert.equal(zoomStep(key('=')), 0.5);
    assert.equal(zoomStep(key('+')), 0.5);
    assert.equal(zoomStep(key('-')), -0.5);
    assert.equal(zoomStep(key('0')), 0);
    assert.equal(zoomStep(key('=', { meta: true })), 0.5);
  });
  it('leaves every other key alone (typing, AltGr, key-up)', () => {
    assert.equal(zoomStep(key('=', {})), undefined);
    assert.equal(zoomStep(key('m')), undefined);
    assert.equal(zoomStep(key('=', { control: true, alt: true })), undefined);
    assert.equal(zoomStep({ ...key('='), type: 'keyUp' }), undefined);
  });
  it('stays between 50 % and 300 %', () => {
    assert.equal(clampZoom(10), 6);
    assert.equal(clampZoom(-10), -3.8);
    assert.equal(clampZoom(1), 1);
  });
});
