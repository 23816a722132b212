/**
 * Failures of the app's own making (not the server's), with a kind the error catalog words and
 * that crosses IPC as the error code.
 */
export type AppErrorKind = 'no-meeting' | 'recent-missing' | 'recent-ended' | 'no-personal-link';

export class AppError extends Error {
  public constructor(
    public readonly kind: AppErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
