/**
 * An AbortSignal that fires when any of the given ones does, and lets go of them afterwards.
 * AbortSignal.any() keeps every derived signal reachable from a long-lived source until that
 * source is collected, which grows memory in a long-running event loop; this one removes its
 * listeners on dispose().
 */
export function linkedSignal(...sources: Array<AbortSignal | undefined>): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const listeners: Array<[AbortSignal, () => void]> = [];
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = () => controller.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    listeners.push([source, onAbort]);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [source, onAbort] of listeners) source.removeEventListener('abort', onAbort);
      listeners.length = 0;
    },
  };
}
