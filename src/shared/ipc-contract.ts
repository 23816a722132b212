import { z } from 'zod';
import type { Platform } from './accelerator.js';
import type { InvokeChannelName, WindowView } from './channels.js';
import type { CatalogEntry } from './error-catalog.js';
import type { Settings, SettingsPatch } from './settings.js';
import { settingsPatchSchema } from './settings.js';

/**
 * THE IPC contract between the window and the main process: channel names, payload schemas,
 * results and push events. The preload exposes exactly this; main validates every payload.
 */

/** Errors cross IPC as data (prototypes do not survive it). */
export interface IpcError {
  code: string;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** A session as the window sees it: no tokens, no passwords. */
export type SessionView =
  | { status: 'signedOut' }
  | { status: 'signingIn'; account: string }
  | { status: 'ready'; account: string; displayName: string | undefined }
  | { status: 'reconnecting'; account: string; displayName: string | undefined }
  | { status: 'error'; account: string | undefined; problem: CatalogEntry & { message: string } };

export interface ParticipantView {
  id: string;
  name: string;
  uri: string | undefined;
  inLobby: boolean;
  role: string;
  anonymous: boolean;
}

export interface MeetingView {
  state: 'starting' | 'live' | 'ending' | 'ended' | 'failed';
  joinUrl: string | undefined;
  conferenceId: string | undefined;
  subject: string | undefined;
  participants: ParticipantView[];
  reason?: string;
  /** Why a start failed, in the error catalog's words. */
  problem?: CatalogEntry;
  /** How the meeting went, for the ended summary (epoch ms; most people at once, you included). */
  startedAt?: number;
  endedAt?: number;
  peakPeople?: number;
  /** The organizer ended it for everyone (rather than leaving). */
  endedForEveryone?: boolean;
}

export interface ShortcutView {
  accelerator: string;
  /** The accelerator in the platform's words ("Ctrl+Alt+M", "⌥⌘M"); never "CommandOrControl". */
  display: string;
  status: 'registered' | 'conflict' | 'unsupported' | 'invalid' | 'off';
  message?: string;
  problem?: CatalogEntry;
}

/** One invitee, pushed as their invitation settles (ringing → joined, declined, busy…). */
export interface InviteeView {
  to: string;
  name: string;
  status: 'ringing' | 'joined' | 'lobby' | 'declined' | 'busy' | 'noAnswer' | 'failed';
  /** Neutral words for what happened ("Frank Fischer is busy"). */
  text: string;
}

/** Everything the window renders, pushed on every change. */
export interface AppView {
  session: SessionView;
  meeting: MeetingView | undefined;
  settings: Pick<
    Settings,
    | 'shortcut'
    | 'trayClickAction'
    | 'copyLinkWhenReady'
    | 'notifications'
    | 'defaultSubject'
    | 'launchAtLogin'
    | 'approvedHosts'
    | 'demoMode'
    | 'panel'
    | 'welcomeDone'
    | 'trayClickExplained'
    | 'recentMeetingsEnabled'
  >;
  /** Set once the server said this sign-in has no personal meeting link: why, in the catalog's words. */
  myLinkUnavailable: CatalogEntry | undefined;
  /** The last meetings this app started, newest first (empty when the setting is off). */
  recentMeetings: RecentMeetingView[];
  /** Whose words to use for keys and menus. */
  platform: Platform;
  account: { sipAddress: string; username: string; discoverUrl: string; hasStoredPassword: boolean };
  shortcut: ShortcutView;
  /** Set when sign-in stopped at a host outside the domain: the window asks the user. */
  /** `host` is what an approval covers (the server's parent domain where safe); `server` asked. */
  trustPrompt: { host: string; server: string; domain: string } | undefined;
  keychainAvailable: boolean;
  /** Invitations of the current meeting, each updated as it settles. */
  invitees: InviteeView[];
  /** A press (shortcut, tray, button) waits for the sign-in under way: the meeting starts after. */
  pendingStart: boolean;
  /** While Settings is open the shortcut is tried, not obeyed: how many presses arrived. */
  shortcutTrial: { active: boolean; presses: number };
  /** The window should confirm before this (sign out or quit during a meeting, a link that invites). */
  confirm: ConfirmRequest | undefined;
}

/**
 * What the window asks before going ahead; `id` names the question, so an answer to an earlier
 * one (replaced meanwhile) is ignored.
 */
export type ConfirmRequest =
  | { id: number; action: 'signOut' | 'quit'; subject: string }
  /**
   * A `meetnow://start` link that would invite people: started only when the user says so. While
   * `live` (the subject of the meeting the user is in) nothing is started or sent; the window only
   * says so.
   */
  | { id: number; action: 'linkStart'; subject: string; invite: string[]; live: string | undefined };

/** One meeting this app started (no token: the settings store keeps exactly this). */
export interface RecentMeetingView {
  subject: string;
  /** ISO 8601 times. */
  startedAt: string;
  endedAt?: string | undefined;
  /** The organizer ended it for everyone: its join link no longer works. */
  endedForEveryone?: boolean | undefined;
  /** The names seen in it. */
  participants: string[];
  joinUrl: string;
  conferenceId?: string | undefined;
}

export interface ContactView {
  uri: string;
  name: string;
  email: string | undefined;
  title: string | undefined;
  department: string | undefined;
}

export type InvitationView = { to: string; ok: true } | { to: string; ok: false; message: string };

const sip = z
  .string()
  .trim()
  .min(3)
  .max(256)
  .regex(/^(sip:)?[^@\s]+@[^@\s]+\.[^@\s]+$/, 'a sign-in address like name@company.com');

/** A recent meeting is named by its join link (main acts only on a link in its own list). */
const recentMeeting = z.object({ joinUrl: z.string().min(1).max(2048) }).strict();

/** Payload schemas: every handler parses with these before doing anything. */
export const payloadSchemas = {
  'meetnow:state:get': z.undefined(),
  'meetnow:session:sign-in': z
    .object({
      sipAddress: sip,
      username: z.string().max(256).optional(),
      password: z.string().min(1).max(1024).optional(),
      remember: z.boolean(),
      discoverUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2048)]).optional(),
      sso: z.boolean().optional(),
    })
    .strict(),
  'meetnow:session:sign-in-demo': z.undefined(),
  'meetnow:session:sign-out': z.object({ forget: z.boolean() }).strict(),
  'meetnow:server:approve': z.object({ host: z.string().min(1).max(253), always: z.boolean() }).strict(),
  'meetnow:server:reject': z.undefined(),
  'meetnow:meeting:start': z.object({ subject: z.string().max(250).optional() }).strict(),
  'meetnow:meeting:cancel': z.undefined(),
  'meetnow:meeting:end': z.undefined(),
  'meetnow:meeting:end-for-everyone': z.undefined(),
  'meetnow:meeting:copy-link': z.undefined(),
  'meetnow:meeting:open-link': z.undefined(),
  'meetnow:meeting:copy-invitation': z.undefined(),
  'meetnow:my-link:copy': z.undefined(),
  'meetnow:recent:copy-link': recentMeeting,
  'meetnow:recent:join': recentMeeting,
  'meetnow:recent:copy-invitation': recentMeeting,
  'meetnow:meeting:invite': z.object({ sipUris: z.array(sip).min(1).max(20) }).strict(),
  'meetnow:meeting:admit': z.object({ participantId: z.string().min(1).max(2048) }).strict(),
  'meetnow:meeting:deny': z.object({ participantId: z.string().min(1).max(2048) }).strict(),
  'meetnow:people:search': z.object({ query: z.string().max(256) }).strict(),
  'meetnow:settings:update': settingsPatchSchema,
  'meetnow:settings:revoke-host': z.object({ host: z.string().min(1).max(253) }).strict(),
  'meetnow:shortcut:trial': z.object({ active: z.boolean() }).strict(),
  /** `invite`: a link's start goes ahead with its invitations (absent: without them). */
  'meetnow:confirm:answer': z
    .object({ id: z.number().int().nonnegative(), proceed: z.boolean(), invite: z.boolean().optional() })
    .strict(),
} as const;

export type InvokeChannel = keyof typeof payloadSchemas;
export type Payload<C extends InvokeChannel> = z.infer<(typeof payloadSchemas)[C]>;

/** What each channel answers (inside IpcResult). */
export interface InvokeResults {
  'meetnow:state:get': AppView;
  'meetnow:session:sign-in': SessionView;
  'meetnow:session:sign-in-demo': SessionView;
  'meetnow:session:sign-out': null;
  'meetnow:server:approve': SessionView;
  'meetnow:server:reject': null;
  'meetnow:meeting:start': MeetingView;
  'meetnow:meeting:cancel': null;
  'meetnow:meeting:end': null;
  'meetnow:meeting:end-for-everyone': { removed: number; failed: number };
  'meetnow:meeting:copy-link': null;
  'meetnow:meeting:open-link': null;
  'meetnow:meeting:copy-invitation': null;
  'meetnow:my-link:copy': null;
  'meetnow:recent:copy-link': null;
  'meetnow:recent:join': null;
  'meetnow:recent:copy-invitation': null;
  /** The invitations as sent (ringing); each result arrives later in the pushed view. */
  'meetnow:meeting:invite': InviteeView[];
  'meetnow:meeting:admit': null;
  'meetnow:meeting:deny': null;
  'meetnow:people:search': ContactView[];
  'meetnow:settings:update': AppView['settings'];
  'meetnow:settings:revoke-host': null;
  'meetnow:shortcut:trial': null;
  'meetnow:confirm:answer': null;
}

/** Main → window pushes. */
export interface PushEvents {
  'meetnow:view': AppView;
  'meetnow:navigate': WindowView;
}

export const invokeChannels = Object.keys(payloadSchemas) as InvokeChannel[];

// The dependency-free list the preload uses must name exactly these channels.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelListMatches: SameKeys<InvokeChannel, InvokeChannelName> = true;
void channelListMatches;

/** The API the preload exposes as `window.meetNow`; the renderer's test bridge implements it too. */
export interface MeetNowApi {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...payload: Payload<C> extends undefined ? [] : [Payload<C>]
  ): Promise<IpcResult<InvokeResults[C]>>;
  onView(listener: (view: AppView) => void): () => void;
  /** The main process asks the window to show a view (tray menu, notification click). */
  onNavigate(listener: (view: WindowView) => void): () => void;
}

export type { SettingsPatch, WindowView };
