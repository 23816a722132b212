/** sysexits(3) codes the CLI uses, so scripts can tell failures apart. */
export const ExitCode = {
  ok: 0,
  usage: 64,
  unavailable: 69,
  software: 70,
  tempFail: 75,
  protocol: 76,
  noPermission: 77,
  config: 78,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad command-line input: exit 64 with the message and no stack trace. */
export class UsageError extends Error {
  public override readonly name = 'UsageError';
}
