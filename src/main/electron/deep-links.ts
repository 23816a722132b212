import { resolve } from 'node:path';
import { deepLinkScheme, findDeepLink } from '../app/deep-link.js';

/** What the wiring needs of Electron's `app` (a typed fake in tests). */
export interface DeepLinkApp {
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

export interface DeepLinkHandlers {
  /** A `meetnow://` link (the router parses it strictly). */
  open(link: string): void;
  /** A second launch with no link: bring the window up. */
  showWindow(): void;
}

export interface DeepLinkWiring {
  /** The app is started: what arrived before is handled now, in order, and later links at once. */
  ready(handlers: DeepLinkHandlers): void;
}

/**
 * `meetnow://` from the OS: registered as the scheme's handler, the first launch's own argument,
 * a second launch's arguments (the single-instance lock forwards them) and macOS's `open-url`.
 * Wired before the app is ready (macOS sends `open-url` that early); links wait until `ready`.
 */
export function wireDeepLinks(
  app: DeepLinkApp,
  launch: {
    argv: readonly string[];
    execPath: string /** `electron .` in development */;
    defaultApp: boolean;
  },
): DeepLinkWiring {
  // In development the OS must start Electron with the app's folder, or it opens Electron's own.
  const entry = launch.argv[1];
  if (launch.defaultApp && entry)
    app.setAsDefaultProtocolClient(deepLinkScheme, launch.execPath, [resolve(entry)]);
  else app.setAsDefaultProtocolClient(deepLinkScheme);
  let handlers: DeepLinkHandlers | undefined;
  const waiting: string[] = [];
  const open = (link: string) => (handlers ? handlers.open(link) : waiting.push(link));
  const first = findDeepLink(launch.argv);
  if (first) waiting.push(first);
  app.on('second-instance', (_event, argv) => {
    const link = findDeepLink(argv);
    if (link) open(link);
    else handlers?.showWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    open(url);
  });
  return {
    ready: (given) => {
      handlers = given;
      for (const link of waiting.splice(0)) given.open(link);
    },
  };
}
