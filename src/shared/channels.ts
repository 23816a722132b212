/**
 * The IPC channel names, with no dependencies, so the sandboxed preload can bundle them. The
 * contract (ipc-contract.ts) gives each its payload schema and result type; a test keeps the
 * two lists equal.
 */
export const invokeChannelNames = [
  'meetnow:state:get',
  'meetnow:session:sign-in',
  'meetnow:session:sign-in-demo',
  'meetnow:session:sign-out',
  'meetnow:server:approve',
  'meetnow:server:reject',
  'meetnow:meeting:start',
  'meetnow:meeting:cancel',
  'meetnow:meeting:end',
  'meetnow:meeting:end-for-everyone',
  'meetnow:meeting:copy-link',
  'meetnow:meeting:open-link',
  'meetnow:meeting:copy-invitation',
  'meetnow:my-link:copy',
  'meetnow:recent:copy-link',
  'meetnow:recent:join',
  'meetnow:recent:copy-invitation',
  'meetnow:meeting:invite',
  'meetnow:meeting:admit',
  'meetnow:meeting:deny',
  'meetnow:people:search',
  'meetnow:settings:update',
  'meetnow:settings:revoke-host',
  'meetnow:shortcut:trial',
  'meetnow:confirm:answer',
] as const;

export type InvokeChannelName = (typeof invokeChannelNames)[number];

/** Main → window pushes. */
export const viewChannel = 'meetnow:view';
export const navigateChannel = 'meetnow:navigate';

export const windowViews = ['home', 'meeting', 'settings', 'sign-in', 'invite'] as const;
export type WindowView = (typeof windowViews)[number];
