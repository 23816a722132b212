import type { NotificationConstructorOptions } from 'electron';
import type { NotificationRequest } from '../app/ports.js';

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  show(): void;
}

/**
 * Shows a desktop notification. Action buttons exist on macOS (and Windows with an
 * AppUserModelID); Linux notifications have none, which is why the window offers the same actions.
 */
export function showNotification(
  create: (options: NotificationConstructorOptions) => NotificationLike,
  platform: NodeJS.Platform,
  request: NotificationRequest,
): NotificationLike {
  const withActions = platform === 'darwin' && request.actions && request.actions.length > 0;
  const notification = create({
    title: request.title,
    body: request.body,
    silent: request.kind !== 'lobby' && request.kind !== 'failures',
    ...(withActions
      ? {
          actions: (request.actions ?? []).map((action) => ({ type: 'button' as const, text: action.label })),
        }
      : {}),
  });
  if (request.onClick) notification.on('click', request.onClick);
  if (withActions) notification.on('action', (_event, index) => request.actions?.[index]?.run());
  notification.show();
  return notification;
}
