import type { CatalogEntry } from '../../shared/error-catalog.js';
import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { checkbox, el, field } from '../dom.js';
import { ipcProblem, logo, showProblem } from '../problem.js';
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
  const error = el('div', { class: 'error', attrs: { role: 'alert', hidden: true } });
  const busy = el('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const waiting = el('section', { class: 'signing-in card', attrs: { 'aria-live': 'polite', hidden: true } });
  const waitingText = el('p', {});
  const cancelPending = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: { click: () => void call('meetnow:meeting:cancel') },
    },
    'Cancel',
  );
  waiting.append(
    el('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }),
    waitingText,
    cancelPending,
  );
  const fields = { sip, password, discover } as const;
  /** Shows a problem, marks the field at fault (aria-invalid) and puts the focus there. */
  const fail = (entry: CatalogEntry | undefined) => {
    for (const input of Object.values(fields)) input.removeAttribute('aria-invalid');
    showProblem(error, entry);
    if (!entry) return;
    const at =
      entry.field === 'discover' && !discover.value ? sip : entry.field ? fields[entry.field] : undefined;
    if (at) {
      at.setAttribute('aria-invalid', 'true');
      if (at === discover)
        (discover.closest('details') as HTMLDetailsElement | null)?.setAttribute('open', '');
      at.setAttribute('aria-errormessage', error.id);
      at.focus();
    }
  };
  error.id = 'sign-in-error';
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
          fail(undefined);
          if (!sip.value.includes('@')) {
            fail({
              kind: 'usage',
              title: 'Enter your sign-in address.',
              detail: 'It looks like name@company.com.',
              action: '',
              retry: false,
              field: 'sip',
            });
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
          // What was typed stays; the password only goes when it was the password that was wrong.
          if (!result.ok) fail(ipcProblem(result.error));
          else if (result.value.status === 'error' && result.value.problem.kind !== 'untrusted-host') {
            if (result.value.problem.kind === 'credentials') password.value = '';
            fail(result.value.problem);
          }
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
    fail(undefined);
    setBusy('Starting the demo server…');
    const result = await call('meetnow:session:sign-in-demo');
    setBusy('');
    if (!result.ok) fail(ipcProblem(result.error));
  });
  heading.id = 'sign-in-title';

  const root = el(
    'main',
    { class: 'screen sign-in' },
    el('header', { class: 'brand' }, logo(), heading),
    el('p', { class: 'lead' }, 'Use your Skype for Business account.'),
    waiting,
    trust,
    form,
    el(
      'div',
      { class: 'demo' },
      el('p', {}, 'Just trying Meet Now? Use the demo server (no account needed).'),
      demo,
    ),
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
      renderTrust(trust, view, discover.value);
      const signingIn = view.session.status === 'signingIn';
      waiting.hidden = !signingIn;
      form.hidden = signingIn && busy.textContent === '';
      if (view.session.status === 'signingIn')
        waitingText.textContent = view.pendingStart
          ? `Signing in as ${view.session.account}. Your meeting will start when you're signed in.`
          : `Signing in as ${view.session.account}…`;
      cancelPending.hidden = !view.pendingStart;
      if (view.session.status === 'error' && view.session.problem.kind !== 'untrusted-host' && error.hidden)
        fail(view.session.problem);
    },
  };
}

function renderTrust(container: HTMLElement, view: AppView, typedDiscover: string): void {
  const prompt = view.trustPrompt;
  if (!prompt) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  if (!container.hidden && container.dataset.host === prompt.host) return;
  container.dataset.host = prompt.host;
  const approve = (always: boolean) => () =>
    void call('meetnow:server:approve', { host: prompt.host, always });
  // Cancel and Trust once weigh the same; Always trust is the quieter choice.
  const cancel = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: { click: () => void call('meetnow:server:reject') },
    },
    'Cancel',
  );
  const once = el(
    'button',
    { class: 'secondary', attrs: { type: 'button' }, on: { click: approve(false) } },
    'Trust once',
  );
  const always = el(
    'button',
    { class: 'link', attrs: { type: 'button' }, on: { click: approve(true) } },
    'Always trust this server',
  );
  let typedHost = prompt.domain;
  try {
    if (typedDiscover) typedHost = new URL(typedDiscover).hostname;
  } catch {
    // what was typed is not a URL: name the domain instead
  }
  container.replaceChildren(
    el('h2', { attrs: { id: 'trust-title' } }, 'Trust this server?'),
    el(
      'p',
      { attrs: { id: 'trust-text' } },
      'Your password would be sent to ',
      el('strong', {}, prompt.server),
      `, which is not part of ${prompt.domain}. `,
      `The discovery server at ${typedHost} pointed Meet Now to ${prompt.server}. Trusting it trusts every server in `,
      el('strong', {}, prompt.host),
      '. Continue only if your IT department uses these servers.',
    ),
    el('p', { class: 'hint' }, 'Meet Now will continue with the password you entered.'),
    el('div', { class: 'actions equal' }, cancel, once),
    el('div', { class: 'actions' }, always),
  );
  container.onkeydown = (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      void call('meetnow:server:reject');
    }
  };
  container.hidden = false;
  once.focus();
}
