import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { type AppView, type IpcResult, invokeChannels } from '../../shared/ipc-contract.js';
import { isTrustedSender } from '../app/ipc-handlers.js';

export type Dispatch = (channel: string, payload: unknown) => Promise<IpcResult<unknown>>;

/** Whether an invoke came from our own window's main frame (checked on every call). */
export function senderIsTrusted(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  return isTrustedSender(frame.url, frame === event.sender.mainFrame);
}

/** One handler per contract channel; anything else is never registered, so it cannot be invoked. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!senderIsTrusted(event))
        return {
          ok: false,
          error: { code: 'forbidden', message: 'This request did not come from Meet Now.' },
        };
      return dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  };
}

export function pushView(
  contents: Pick<WebContents, 'send' | 'isDestroyed'> | undefined,
  view: AppView,
): void {
  if (contents && !contents.isDestroyed()) contents.send('meetnow:view', view);
}
