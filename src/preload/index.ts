import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import {
  invokeChannelNames,
  navigateChannel,
  viewChannel,
  type WindowView,
  windowViews,
} from '../shared/channels.js';
import type { AppView, MeetNowApi } from '../shared/ipc-contract.js';

// The whole bridge: exactly the contract's channels, and listeners that unsubscribe. No
// ipcRenderer, no generic send, no Node objects reach the page.
const allowed = new Set<string>(invokeChannelNames);

const api: MeetNowApi = {
  invoke: ((channel: string, payload?: unknown) => {
    if (!allowed.has(channel))
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: 'No such request.' } });
    return ipcRenderer.invoke(channel, payload);
  }) as MeetNowApi['invoke'],
  onView: (listener) => {
    const wrapped = (_event: IpcRendererEvent, view: AppView) => listener(view);
    ipcRenderer.on(viewChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(viewChannel, wrapped);
    };
  },
  onNavigate: (listener) => {
    const wrapped = (_event: IpcRendererEvent, view: WindowView) => {
      if ((windowViews as readonly string[]).includes(view)) listener(view);
    };
    ipcRenderer.on(navigateChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(navigateChannel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('meetNow', Object.freeze(api));
