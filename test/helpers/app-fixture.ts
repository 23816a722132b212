import { AppController } from '../../src/main/app/app-controller.js';
import type { DesktopPorts, NotificationRequest } from '../../src/main/app/ports.js';
import { MemorySettingsBackend, SettingsStore } from '../../src/main/app/settings-store.js';
import { type ShortcutRegistrar, ShortcutService } from '../../src/main/app/shortcut-service.js';
import type { TrayModel } from '../../src/main/app/tray-model.js';
import { type CredentialStore, InMemoryCredentialStore } from '../../src/main/secrets/credential-store.js';
import { type AccountSettings, SessionService } from '../../src/main/session/session-service.js';
import { UcwaClient, type UcwaClientOptions } from '../../src/main/ucwa/client.js';
import { createNodeFetch } from '../../src/node/fetch.js';
import { type SimulatorOptions, startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { fastTiming } from './raw-ucwa.js';

/** A desktop that records what the app asked of it. */
export class FakeDesktop implements DesktopPorts {
  public clipboard = '';
  /** The HTML part of the last rich copy ('' after a plain-text copy). */
  public clipboardHtml = '';
  public notifications: NotificationRequest[] = [];
  public trays: TrayModel[] = [];
  public windows: string[] = [];
  public opened: string[] = [];
  public launchAtLogin = false;
  public quitCalled = false;
  public notify(request: NotificationRequest): void {
    this.notifications.push(request);
  }
  public copyText(text: string): void {
    this.clipboard = text;
    this.clipboardHtml = '';
  }
  public copyRich(content: { text: string; html: string }): void {
    this.clipboard = content.text;
    this.clipboardHtml = content.html;
  }
  public async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
  public renderTray(model: TrayModel): void {
    this.trays.push(model);
  }
  public showWindow(view: 'home' | 'meeting' | 'settings' | 'sign-in' | 'invite'): void {
    this.windows.push(view);
  }
  public async setLaunchAtLogin(enabled: boolean): Promise<void> {
    this.launchAtLogin = enabled;
  }
  public quit(): void {
    this.quitCalled = true;
  }
  public get tray(): TrayModel | undefined {
    return this.trays.at(-1);
  }
}

/** globalShortcut as a fake: accelerators in `taken` belong to another application. */
export class FakeShortcuts implements ShortcutRegistrar {
  public readonly registered = new Map<string, () => void>();
  public constructor(public taken: string[] = []) {}
  public register(accelerator: string, callback: () => void): boolean {
    if (this.taken.includes(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  public unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
  public press(accelerator: string): void {
    const callback = this.registered.get(accelerator);
    if (!callback) throw new Error(`${accelerator} is not registered`);
    callback();
  }
}

export interface AppHarness {
  sim: UcwaSimulator;
  controller: AppController;
  desktop: FakeDesktop;
  shortcuts: FakeShortcuts;
  settings: SettingsStore;
  backend: MemorySettingsBackend;
  credentials: CredentialStore;
  session: SessionService;
  close(): Promise<void>;
}

/** The real controller, session and client against the simulator, with a fake desktop. */
export async function appHarness(
  options: {
    sim?: SimulatorOptions;
    /** Where the controller's log lines go. */
    log?: (line: string) => void;
    /** Run against this simulator (a second launch of the app); it is left running on close. */
    simulator?: UcwaSimulator;
    taken?: string[];
    settings?: Record<string, unknown>;
    credentials?: CredentialStore;
    /** More client options for a sign-in, e.g. single sign-on when the account chose it. */
    clientOptions?: (account: AccountSettings) => Partial<UcwaClientOptions>;
  } = {},
): Promise<AppHarness> {
  const sim =
    options.simulator ??
    (await startSimulator({ ...options.sim, timing: { ...fastTiming, ...options.sim?.timing } }));
  const node = createNodeFetch({
    ...(sim.caPem ? { extraCaPems: [sim.caPem] } : {}),
    ...(sim.connectTo.length > 0 ? { connectTo: sim.connectTo } : {}),
  });
  const credentials = options.credentials ?? new InMemoryCredentialStore();
  const backend = new MemorySettingsBackend(options.settings);
  const settings = new SettingsStore(backend);
  const desktop = new FakeDesktop();
  const shortcuts = new FakeShortcuts(options.taken);
  const session = new SessionService({
    credentials,
    createClient: (source, account) =>
      new UcwaClient({
        fetch: node.fetch,
        credentials: source,
        userAgent: 'MeetNowTest/1',
        endpointId: settings.get().endpointId || 'harness',
        random: () => 0.5,
        discoveryStaggerMs: 200,
        ...options.clientOptions?.(account),
      }),
  });
  let controller!: AppController;
  const shortcut = new ShortcutService(shortcuts, () => controller.onShortcutPress(), undefined, 'linux');
  controller = new AppController({
    session,
    settings,
    credentials,
    shortcut,
    desktop,
    demoServer: async () => ({
      discoverUrl: sim.discoverUrl,
      sipAddress: 'alice@meetnow.test',
      password: 'alice-demo-pass',
      caPem: sim.caPem,
    }),
    randomId: () => 'endpoint-fixed',
    platform: 'linux',
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    sim,
    controller,
    desktop,
    shortcuts,
    settings,
    backend,
    credentials,
    session,
    close: async () => {
      await controller.dispose();
      await node.close();
      if (!options.simulator) await sim.close();
    },
  };
}
