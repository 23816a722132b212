import type { WindowView } from '../shared/channels.js';
import type { AppView } from '../shared/ipc-contract.js';
import { bridge, call } from './api.js';
import { el } from './dom.js';
import { confirmBar } from './views/confirm.js';
import { homeScreen, startingScreen } from './views/home.js';
import { meetingScreen } from './views/meeting.js';
import { settingsScreen } from './views/settings.js';
import { signInScreen } from './views/sign-in.js';
import type { Navigator, Screen } from './views/view.js';

type Route = WindowView | 'starting';

/** The window: one screen at a time, chosen from the pushed view and from navigation. */
class App implements Navigator {
  private view: AppView | undefined;
  private route: Route = 'home';
  private screen: Screen | undefined;
  private screenRoute: Route | undefined;

  private readonly confirm = confirmBar();
  private readonly screenHost = el('div', { class: 'screen-host' });

  public constructor(container: HTMLElement) {
    container.replaceChildren(this.confirm.root, this.screenHost);
  }

  public go(route: Route): void {
    this.route = route;
    this.render(true);
  }

  public setView(view: AppView): void {
    this.view = view;
    this.render(false);
  }

  /** Where to be, given the state: signed out always means sign-in; a live meeting shows its card. */
  private effectiveRoute(): Route {
    const view = this.view;
    if (!view) return this.route;
    const signedIn = view.session.status === 'ready' || view.session.status === 'reconnecting';
    if (!signedIn && this.route !== 'settings') return 'sign-in';
    if (signedIn && this.route === 'sign-in') return view.meeting?.state === 'live' ? 'meeting' : 'home';
    if (this.route === 'home' && view.meeting?.state === 'starting') return 'starting';
    if ((this.route === 'home' || this.route === 'invite') && view.meeting?.state === 'live')
      return 'meeting';
    return this.route;
  }

  private render(moveFocus: boolean): void {
    const route = this.effectiveRoute();
    if (route !== this.screenRoute) {
      this.screen?.dispose?.();
      this.screen = this.create(route);
      this.screenRoute = route;
      this.screenHost.replaceChildren(this.screen.root);
      moveFocus = true;
    }
    if (this.view) this.screen?.update(this.view);
    if (this.view) this.confirm.update(this.view);
    if (moveFocus && this.confirm.root.hidden) this.screen?.focusTarget.focus();
    document.title = `Meet Now · ${titles[route]}`;
  }

  private create(route: Route): Screen {
    switch (route) {
      case 'sign-in':
        return signInScreen();
      case 'starting':
        return startingScreen(this);
      case 'meeting':
      case 'invite':
        return meetingScreen(this);
      case 'settings':
        return settingsScreen(this);
      default:
        return homeScreen(this);
    }
  }
}

const titles: Record<Route, string> = {
  home: 'Home',
  'sign-in': 'Sign in',
  starting: 'Starting',
  meeting: 'Meeting',
  invite: 'Meeting',
  settings: 'Settings',
};

async function boot(): Promise<void> {
  const container =
    document.getElementById('app') ?? document.body.appendChild(el('div', { attrs: { id: 'app' } }));
  const app = new App(container);
  const api = bridge();
  api.onView((view) => app.setView(view));
  api.onNavigate((route) => app.go(route));
  const first = await call('meetnow:state:get');
  if (first.ok) app.setView(first.value);
  else container.replaceChildren(el('p', { class: 'error', attrs: { role: 'alert' } }, first.error.message));
  // Escape in Settings goes back (the other screens handle Escape themselves).
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented && document.querySelector('main.settings'))
      app.go('home');
  });
}

void boot();
