import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createIpcDispatcher } from '../../src/main/app/ipc-handlers.js';
import type { AppView } from '../../src/shared/ipc-contract.js';
import { type AppHarness, appHarness } from './app-fixture.js';

const rendererDir = join(process.cwd(), 'dist', 'renderer');

/**
 * The preload contract implemented over HTTP for tests in plain Chromium: window.meetNow calls
 * POST /bridge/invoke, and pushes arrive by server-sent events. Behind it are the real
 * controller, session and client against the simulator (only the desktop is a fake).
 */
const bridgeScript = `
(() => {
  const viewListeners = new Set();
  const navigateListeners = new Set();
  const events = new EventSource('/bridge/events');
  events.addEventListener('view', (event) => { const view = JSON.parse(event.data); for (const l of viewListeners) l(view); });
  events.addEventListener('navigate', (event) => { const route = JSON.parse(event.data); for (const l of navigateListeners) l(route); });
  window.meetNow = Object.freeze({
    invoke: (channel, payload) => fetch('/bridge/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, payload }) }).then((r) => r.json()),
    onView: (listener) => { viewListeners.add(listener); return () => viewListeners.delete(listener); },
    onNavigate: (listener) => { navigateListeners.add(listener); return () => navigateListeners.delete(listener); },
  });
})();
`;

export interface UiBridge {
  url: string;
  harness: AppHarness;
  close(): Promise<void>;
}

export async function startUiBridge(options: Parameters<typeof appHarness>[0] = {}): Promise<UiBridge> {
  const harness = await appHarness(options);
  const dispatch = createIpcDispatcher(harness.controller);
  const streams = new Set<import('node:http').ServerResponse>();
  const send = (event: string, data: unknown) => {
    for (const stream of streams) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  harness.controller.onView((view: AppView) => send('view', view));
  const showWindow = harness.desktop.showWindow.bind(harness.desktop);
  harness.desktop.showWindow = (view) => {
    showWindow(view);
    send('navigate', view);
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/bridge/invoke' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', async () => {
        const { channel, payload } = JSON.parse(body) as { channel: string; payload: unknown };
        const result = await dispatch(channel, payload);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      });
      return;
    }
    if (path === '/bridge/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (path === '/test-bridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bridgeScript);
      return;
    }
    const file = path === '/' ? 'index.html' : path.slice(1);
    if (!['index.html', 'main.js', 'styles.css'].includes(file)) {
      res.writeHead(404).end();
      return;
    }
    let text = readFileSync(join(rendererDir, file), 'utf8');
    if (file === 'index.html') {
      // The one change for tests: the bridge script first, and connect-src 'self' for it.
      text = text
        .replace("connect-src 'none'", "connect-src 'self'")
        .replace(
          '<script src="main.js" defer></script>',
          '<script src="test-bridge.js"></script>\n    <script src="main.js" defer></script>',
        );
    }
    const type = file.endsWith('.html')
      ? 'text/html; charset=utf-8'
      : file.endsWith('.js')
        ? 'text/javascript'
        : 'text/css';
    res.writeHead(200, { 'content-type': type });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    harness,
    close: async () => {
      for (const stream of streams) stream.end();
      // A request still waiting on the app must not hold the test's teardown.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
    },
  };
}
