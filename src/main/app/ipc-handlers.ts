import {
  type InvokeChannel,
  type InvokeResults,
  type IpcResult,
  payloadSchemas,
} from '../../shared/ipc-contract.js';
import { KeychainUnavailableError } from '../secrets/credential-store.js';
import { UcwaError } from '../ucwa/errors.js';
import type { SignInRequest } from './account-memory.js';
import type { AppController } from './app-controller.js';
import { AppError } from './app-errors.js';
import { ShortcutRefusedError } from './shortcut-service.js';

/** The only origin whose frames may call the main process: the app's own window. */
export const appOrigin = 'app://meetnow';

/** Main frame of our own window, served from app:// (never file:// or a web page). */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    const url = new URL(frameUrl);
    return `${url.protocol}//${url.host}` === appOrigin;
  } catch {
    return false;
  }
}

type Handlers = { [C in InvokeChannel]: (payload: never) => Promise<InvokeResults[C]> | InvokeResults[C] };

function handlersFor(controller: AppController): Handlers {
  return {
    'meetnow:state:get': () => controller.view(),
    'meetnow:session:sign-in': (payload: SignInRequest) =>
      controller.signIn({
        sipAddress: payload.sipAddress,
        remember: payload.remember,
        ...(payload.username ? { username: payload.username } : {}),
        ...(payload.password !== undefined ? { password: payload.password } : {}),
        ...(payload.discoverUrl ? { discoverUrl: payload.discoverUrl } : {}),
        ...(payload.sso ? { sso: true } : {}),
      }),
    'meetnow:session:sign-in-demo': () => controller.signInDemo(),
    'meetnow:session:sign-out': async (payload: { forget: boolean }) => {
      await controller.requestSignOut(payload.forget);
      return null;
    },
    'meetnow:server:approve': (payload: { host: string; always: boolean }) =>
      controller.approveServer(payload.host, payload.always),
    'meetnow:server:reject': () => {
      controller.rejectServer();
      return null;
    },
    'meetnow:meeting:start': async (payload: { subject?: string }) => {
      const view = await controller.startMeetingNow(payload.subject);
      if (!view) throw new UcwaError('credentials', 'Sign in before starting a meeting.');
      return view;
    },
    'meetnow:meeting:cancel': () => {
      controller.cancelStart();
      return null;
    },
    'meetnow:meeting:end': async () => {
      await controller.endMeeting();
      return null;
    },
    'meetnow:meeting:end-for-everyone': () => controller.endForEveryone(),
    'meetnow:shortcut:trial': (payload: { active: boolean }) => {
      controller.setShortcutTrial(payload.active);
      return null;
    },
    'meetnow:confirm:answer': async (payload: { id: number; proceed: boolean; invite?: boolean }) => {
      await controller.answerConfirm(payload);
      return null;
    },
    'meetnow:meeting:copy-link': () => {
      controller.copyLink();
      return null;
    },
    'meetnow:meeting:open-link': async () => {
      await controller.openMeeting();
      return null;
    },
    'meetnow:meeting:copy-invitation': async () => {
      await controller.copyInvitation();
      return null;
    },
    'meetnow:my-link:copy': async () => {
      await controller.copyMyLink();
      return null;
    },
    'meetnow:recent:copy-link': (payload: { joinUrl: string }) => {
      controller.recent.copyLink(payload.joinUrl);
      return null;
    },
    'meetnow:recent:join': async (payload: { joinUrl: string }) => {
      await controller.recent.join(payload.joinUrl);
      return null;
    },
    'meetnow:recent:copy-invitation': async (payload: { joinUrl: string }) => {
      await controller.recent.copyInvitation(payload.joinUrl);
      return null;
    },
    'meetnow:meeting:invite': (payload: { sipUris: string[] }) => controller.startInvites(payload.sipUris),
    'meetnow:meeting:admit': async (payload: { participantId: string }) => {
      await controller.admit(payload.participantId);
      return null;
    },
    'meetnow:meeting:deny': async (payload: { participantId: string }) => {
      await controller.deny(payload.participantId);
      return null;
    },
    'meetnow:people:search': (payload: { query: string }) => controller.searchPeople(payload.query),
    'meetnow:settings:update': (payload: Parameters<AppController['updateSettings']>[0]) =>
      controller.updateSettings(payload),
    'meetnow:settings:revoke-host': (payload: { host: string }) => {
      controller.revokeHost(payload.host);
      return null;
    },
  } as Handlers;
}

/**
 * One entry point for every IPC call: the channel must be in the contract, the payload must
 * parse, and any failure comes back as `{ ok: false, error }` with a stable code, never a throw
 * and never a stack or secret.
 */
export function createIpcDispatcher(
  controller: AppController,
): (channel: string, payload: unknown) => Promise<IpcResult<unknown>> {
  const handlers = handlersFor(controller);
  return async (channel, payload) => {
    if (!Object.hasOwn(payloadSchemas, channel))
      return {
        ok: false,
        error: { code: 'unknown-channel', message: `No such request: ${String(channel).slice(0, 80)}` },
      };
    const schema = payloadSchemas[channel as InvokeChannel];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: {
          code: 'invalid-payload',
          message:
            `Invalid request${issue ? `: ${issue.path.join('.') || 'payload'} ${issue.message}` : ''}`.slice(
              0,
              300,
            ),
        },
      };
    }
    try {
      const handler = handlers[channel as InvokeChannel] as (payload: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data)) ?? null };
    } catch (error) {
      if (UcwaError.is(error)) return { ok: false, error: { code: error.kind, message: error.message } };
      if (error instanceof ShortcutRefusedError || error instanceof AppError)
        return { ok: false, error: { code: error.kind, message: error.message } };
      if (KeychainUnavailableError.is(error))
        return { ok: false, error: { code: 'keychain-unavailable', message: error.message } };
      return { ok: false, error: { code: 'internal', message: 'Something went wrong inside Meet Now.' } };
    }
  };
}
