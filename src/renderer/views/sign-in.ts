import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { checkbox, el, field } from '../dom.js';
import type { Screen } from './view.js';

/** Sign-in: address, optional logon name, password, remember me, advanced discovery URL, demo. */
export function signInScreen(): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Sign in');
  const sip = el('input', {
    attrs: {
      type: 'email',
      name: 'sip',
      autocomplete: 'username',
      required: true,
      placeholder: 'name@company.com',
      spellcheck: 'false',
    },
  });
  const username = el('input', {
    attrs: {
      type: 'text',
      name: 'username',
      autocomplete: 'off',
      placeholder: 'DOMAIN\\name or name@company.com',
      spellcheck: 'false',
    },
  });
  const password = el('input', {
    attrs: { type: 'password', name: 'password', autocomplete: 'current-password' },
  });
  const discover = el('input', {
    attrs: {
      type: 'url',
      name: 'discover',
      placeholder: 'https://lyncdiscover.company.com/',
      spellcheck: 'false',
    },
  });
  let remember = true;
  const rememberBox = checkbox('Remember my password (system keychain)', true, (value) => {
    remember = value;
  });
  const passwordField = field('Password', password);
  // Single sign-on: the Windows grant with the computer's own Kerberos sign-in, no password.
  let sso = false;
  const ssoBox = checkbox("Use my computer's sign-in", false, (value) => {
    sso = value;
    passwordField.hidden = value;
    rememberBox.hidden = value;
  });
  const error = el('p', { class: 'error', attrs: { role: 'alert', 'aria-live': 'assertive' } });
  const busy = el('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const submit = el('button', { class: 'primary', attrs: { type: 'submit' } }, 'Sign in');
  const demo = el('button', { class: 'secondary', attrs: { type: 'button' } }, 'Use the demo server');
  const trust = el('section', {
    class: 'trust',
    attrs: {
      role: 'alertdialog',
      'aria-labelledby': 'trust-title',
      'aria-describedby': 'trust-text',
      hidden: true,
    },
  });
  let prefilled = false;

  const setBusy = (text: string) => {
    busy.textContent = text;
    submit.disabled = text !== '';
    demo.disabled = text !== '';
  };

  const form = el(
    'form',
    {
      attrs: { novalidate: true, 'aria-labelledby': 'sign-in-title' },
      on: {
        submit: async (event) => {
          event.preventDefault();
          error.textContent = '';
          if (!sip.value.includes('@')) {
            error.textContent = 'Enter your sign-in address, like name@company.com.';
            sip.focus();
            return;
          }
          setBusy('Signing in…');
          const result = await call('meetnow:session:sign-in', {
            sipAddress: sip.value.trim(),
            remember,
            ...(username.value.trim() ? { username: username.value.trim() } : {}),
            ...(sso ? { sso: true } : password.value ? { password: password.value } : {}),
            ...(discover.value.trim() ? { discoverUrl: discover.value.trim() } : {}),
          });
          setBusy('');
          // What was typed stays, except the password.
          password.value = '';
          if (!result.ok) error.textContent = result.error.message;
          else if (result.value.status === 'error' && result.value.problem.kind !== 'untrusted-host')
            error.textContent = friendly(result.value.problem.kind, result.value.problem.message);
        },
      },
    },
    field('Sign-in address', sip),
    ssoBox,
    passwordField,
    rememberBox,
    el(
      'details',
      {},
      el('summary', {}, 'Advanced'),
      field('Logon name (if different)', username),
      field('Discovery URL', discover, 'Leave empty to find the server from your address.'),
    ),
    error,
    busy,
    el('div', { class: 'actions' }, submit),
  );
  demo.addEventListener('click', async () => {
    error.textContent = '';
    setBusy('Starting the demo server…');
    const result = await call('meetnow:session:sign-in-demo');
    setBusy('');
    if (!result.ok) error.textContent = result.error.message;
  });
  heading.id = 'sign-in-title';

  const root = el(
    'main',
    { class: 'screen sign-in' },
    el(
      'header',
      { class: 'brand' },
      el('span', { class: 'logo', attrs: { 'aria-hidden': 'true' } }),
      heading,
    ),
    el('p', { class: 'lead' }, 'Use your Skype for Business account.'),
    trust,
    form,
    el('div', { class: 'demo' }, el('p', {}, 'No server at hand?'), demo),
  );

  return {
    root,
    focusTarget: heading,
    update: (view: AppView) => {
      if (!prefilled && view.account.sipAddress) {
        sip.value = view.account.sipAddress;
        username.value = view.account.username;
        discover.value = view.account.discoverUrl;
        prefilled = true;
      }
      if (!view.keychainAvailable) {
        const input = rememberBox.querySelector('input');
        if (input) {
          input.checked = false;
          input.disabled = true;
        }
        remember = false;
        rememberBox
          .querySelector('label')
          ?.replaceChildren(
            'Remember my password (the system keychain is not available, so Meet Now will ask each time)',
          );
      }
      renderTrust(trust, view);
      if (
        view.session.status === 'error' &&
        view.session.problem.kind !== 'untrusted-host' &&
        !error.textContent
      ) {
        error.textContent = friendly(view.session.problem.kind, view.session.problem.message);
      }
    },
  };
}

function renderTrust(container: HTMLElement, view: AppView): void {
  const prompt = view.trustPrompt;
  if (!prompt) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  if (!container.hidden && container.dataset.host === prompt.host) return;
  container.dataset.host = prompt.host;
  const once = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: { click: () => void call('meetnow:server:approve', { host: prompt.host, always: false }) },
    },
    'Trust once',
  );
  const always = el(
    'button',
    {
      class: 'primary',
      attrs: { type: 'button' },
      on: { click: () => void call('meetnow:server:approve', { host: prompt.host, always: true }) },
    },
    'Always trust',
  );
  const cancel = el(
    'button',
    { class: 'link', attrs: { type: 'button' }, on: { click: () => void call('meetnow:server:reject') } },
    'Cancel',
  );
  container.replaceChildren(
    el('h2', { attrs: { id: 'trust-title' } }, 'Trust this server?'),
    el(
      'p',
      { attrs: { id: 'trust-text' } },
      'Your password would be sent to ',
      el('strong', {}, prompt.server),
      `, which is not part of ${prompt.domain}. Trusting it trusts every server in `,
      el('strong', {}, prompt.host),
      '. Continue only if your IT department uses these servers.',
    ),
    el('div', { class: 'actions' }, cancel, once, always),
  );
  container.hidden = false;
  once.focus();
}

/** Errors in words people use. */
export function friendly(kind: string, message: string): string {
  switch (kind) {
    case 'credentials':
      return 'The user name or password is not right.';
    case 'network':
      return 'The server could not be found or reached. Check the address and your network.';
    case 'tls':
      return "The server's certificate is not trusted, so Meet Now did not connect.";
    case 'server-busy':
      return 'The server is busy. Try again in a minute.';
    case 'keychain-unavailable':
      return 'The system keychain is not available. Untick "Remember my password" to sign in anyway.';
    default:
      return message;
  }
}
