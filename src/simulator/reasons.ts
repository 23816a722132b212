/** Reason blocks of failed operations and server-initiated changes (§7.3; code/subcode pairing [rec]). */
export const reasons = {
  Declined: { code: 'RemoteFailure', subcode: 'Declined', message: 'The person declined the invitation.' },
  Timeout: { code: 'Timeout', subcode: 'Timeout', message: 'The person did not answer.' },
  Busy: { code: 'RemoteFailure', subcode: 'Busy', message: 'The person is busy.' },
  DoNotDisturb: {
    code: 'RemoteFailure',
    subcode: 'DoNotDisturb',
    message: 'The person does not want to be disturbed.',
  },
  Unreachable: { code: 'RemoteFailure', subcode: 'Unreachable', message: 'The person could not be reached.' },
  DestinationNotFound: { code: 'NotFound', subcode: 'DestinationNotFound', message: 'No such person.' },
  Denied: { code: 'Forbidden', subcode: 'Denied', message: 'The organizer did not admit the person.' },
  Canceled: { code: 'LocalFailure', subcode: 'Canceled', message: 'The invitation was cancelled.' },
  Ejected: { code: 'Informational', subcode: 'Ejected', message: 'Removed from the meeting by a leader.' },
  Ended: { code: 'Informational', subcode: 'Ended', message: 'The meeting has ended.' },
} as const;
