import { terminalBlock } from './terminal-text.js';

/** What a CLI command may touch of the process, passed in so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves on SIGINT or SIGTERM. */
  waitForSignal(): Promise<NodeJS.Signals>;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /**
   * The command has finished and cleaned up: timers still pending must not hold the process (the
   * process exits shortly after, with the code already set, unless it exits by itself first).
   */
  releaseWhenDone?(): void;
}

export function processIo(): CliIo {
  return {
    // The boundary guard: even a line someone forgot to make safe cannot drive the terminal.
    stdout: (text) => process.stdout.write(terminalBlock(text)),
    stderr: (text) => process.stderr.write(terminalBlock(text.endsWith('\n') ? text : `${text}\n`)),
    waitForSignal: () =>
      new Promise((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve(signal);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }),
    env: process.env,
    stdin: process.stdin,
    releaseWhenDone: () => {
      setTimeout(() => process.exit(), 1000).unref();
    },
  };
}
