import type {
  AppView,
  InvokeChannel,
  InvokeResults,
  IpcResult,
  MeetNowApi,
  Payload,
} from '../shared/ipc-contract.js';

declare global {
  interface Window {
    meetNow?: MeetNowApi;
  }
}

export function bridge(): MeetNowApi {
  const api = window.meetNow;
  if (!api) throw new Error('Meet Now bridge missing');
  return api;
}

/** Calls the main process; a failure comes back as a message to show, never as a throw. */
export async function call<C extends InvokeChannel>(
  channel: C,
  ...payload: Payload<C> extends undefined ? [] : [Payload<C>]
): Promise<IpcResult<InvokeResults[C]>> {
  try {
    return await bridge().invoke(channel, ...payload);
  } catch {
    return { ok: false, error: { code: 'ipc', message: 'Meet Now did not answer. Try again.' } };
  }
}

export type { AppView };
