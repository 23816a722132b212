import { z } from 'zod';
import { defaultShortcut } from './accelerator.js';

/** What a tray click does (a setting, since Linux trays often cannot tell clicks apart). */
export const trayClickActions = ['startMeeting', 'openWindow'] as const;

export const panelColours = ['auto', 'dark', 'light'] as const;

export const notificationKinds = ['meetingReady', 'failures', 'participants', 'lobby'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Non-secret settings (electron-store). Passwords live in the keychain, tokens only in memory. */
export const settingsSchema = z.object({
  accountSipAddress: z.string().max(256).default(''),
  accountUsername: z.string().max(256).default(''),
  discoverUrl: z.string().max(2048).default(''),
  /** The account signs in with single sign-on (the computer's Kerberos sign-in), not a password. */
  accountSso: z.boolean().default(false),
  /**
   * Domains or hosts outside the SIP domain the user allowed credentials to go to ("approve
   * always"); each covers its subdomains, so one approval serves every pool of a split domain.
   */
  approvedHosts: z.array(z.string().max(253)).max(50).default([]),
  /**
   * Domains an administrator deployed as trusted for sign-in (suffix match), e.g. the DNS domain
   * of split-domain pools. Set in the settings file, never from the window.
   */
  trustedDomains: z.array(z.string().max(253)).max(50).default([]),
  /** Remembered discovery result (revalidated on failure). */
  cachedUserUrl: z.string().max(2048).default(''),
  /**
   * The rest of the remembered route (token endpoint, applications URL; no secret), for a
   * 4-request cold start; read with readCachedRoute, which drops anything malformed.
   */
  cachedRoute: z.record(z.string(), z.string().max(2048)).nullable().default(null),
  /** Keep the recent-meetings list (the last 20 this app started; never a token). */
  recentMeetingsEnabled: z.boolean().default(true),
  /** Entries are validated one by one by recent-meetings.ts, so one bad entry loses only itself. */
  recentMeetings: z.array(z.unknown()).max(100).default([]),
  endpointId: z.string().max(100).default(''),
  shortcut: z.string().max(100).default(defaultShortcut),
  trayClickAction: z.enum(trayClickActions).default('startMeeting'),
  copyLinkWhenReady: z.boolean().default(true),
  notifications: z
    .object({
      meetingReady: z.boolean().default(true),
      failures: z.boolean().default(true),
      participants: z.boolean().default(true),
      lobby: z.boolean().default(true),
    })
    .default({ meetingReady: true, failures: true, participants: true, lobby: true }),
  defaultSubject: z.string().max(250).default(''),
  launchAtLogin: z.boolean().default(false),
  /** The signed-in account uses the built-in demo server. */
  demoMode: z.boolean().default(false),
  /**
   * The colour of the panel the tray icon sits on. "auto": Windows says (taskbar theme), GNOME and
   * most Linux panels are dark, macOS uses template images.
   */
  panel: z.enum(panelColours).default('auto'),
  /** The one-time "You're set" card was dismissed. */
  welcomeDone: z.boolean().default(false),
  /** The first tray click explained the click choice; later clicks just do it. */
  trayClickExplained: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

/** The settings the window may change; account, endpoint and cache are the main process's own. */
export const settingsPatchSchema = settingsSchema
  .pick({
    shortcut: true,
    trayClickAction: true,
    copyLinkWhenReady: true,
    defaultSubject: true,
    launchAtLogin: true,
    panel: true,
    welcomeDone: true,
    trayClickExplained: true,
    recentMeetingsEnabled: true,
  })
  .extend({ notifications: settingsSchema.shape.notifications.unwrap().partial() })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});
