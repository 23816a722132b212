import type { UcwaEvent } from './events.js';
import type { Meeting } from './meeting.js';

/**
 * The meetings on the current application, and the dispatch of the event channel's batches to
 * them: each event goes to the meeting that owns it, and a meeting that has ended leaves the set.
 */
export class ActiveMeetings {
  private readonly meetings = new Set<Meeting>();

  public constructor(
    /** Resolves once the event channel has processed the batch in hand. */
    private readonly drained: () => Promise<void>,
  ) {}

  public add(meeting: Meeting): void {
    this.meetings.add(meeting);
  }

  public delete(meeting: Meeting): void {
    this.meetings.delete(meeting);
  }

  /** One batch of events: handled in order, then each changed roster published once. */
  public dispatch(events: readonly UcwaEvent[]): void {
    for (const event of events) {
      for (const meeting of this.meetings) {
        if (meeting.owns(event)) meeting.handle(event);
      }
    }
    for (const meeting of [...this.meetings]) {
      meeting.flushRoster();
      if (meeting.state === 'ended' || meeting.state === 'failed') this.meetings.delete(meeting);
    }
  }

  public onReset(kind: 'resume' | 'resync'): void {
    // `resume` is used like `next` with the parameters sent again (EventChannelDetails.md): the
    // same response may carry the events of a start in flight, so nothing is given up here. Once
    // this batch is processed, each meeting asks the server whether its conversation survived.
    // After `resync` we may have missed events: transient caches go.
    const meetings = [...this.meetings];
    if (kind === 'resync') for (const meeting of meetings) meeting.forgetTransientState();
    if (kind === 'resume')
      void Promise.resolve()
        .then(() => this.drained())
        .then(() => Promise.all(meetings.map((meeting) => meeting.revalidate())))
        .catch(() => {});
  }

  /** The application under them is gone, and their conversations with it. */
  public loseAll(reason: string, cause: 'connection' | 'application-replaced' = 'connection'): void {
    for (const meeting of this.meetings) meeting.lost(reason, cause);
    this.meetings.clear();
  }

  /** Sign-out: leaves each meeting, best effort. */
  public async leaveAll(): Promise<void> {
    for (const meeting of [...this.meetings]) {
      try {
        await meeting.leave();
      } catch {
        // The DELETE of the application after this ends every conversation anyway.
      }
    }
    this.meetings.clear();
  }
}
