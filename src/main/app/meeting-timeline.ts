import type { MeetingView } from '../../shared/ipc-contract.js';
import type { MeetingSnapshot } from '../session/session-service.js';

/** What the ended summary says: when it started and ended, and the most people at once. */
export interface MeetingTimeline {
  startedAt?: number;
  endedAt?: number;
  peakPeople?: number;
  endedForEveryone?: boolean;
}

/** Follows consecutive snapshots of one meeting; a new start begins a new timeline. */
export class TimelineTracker {
  private value: MeetingTimeline = {};

  public constructor(private readonly now: () => number) {}

  public get current(): MeetingTimeline {
    return this.value;
  }

  public observe(snapshot: MeetingSnapshot | undefined): void {
    if (!snapshot || snapshot.state === 'starting') {
      this.value = {};
      return;
    }
    if (snapshot.state === 'live') {
      const people = snapshot.participants.filter((p) => !p.inLobby).length + 1;
      this.value = {
        ...this.value,
        startedAt: this.value.startedAt ?? this.now(),
        peakPeople: Math.max(this.value.peakPeople ?? 1, people),
      };
    }
    if (
      (snapshot.state === 'ended' || snapshot.state === 'failed') &&
      this.value.startedAt &&
      !this.value.endedAt
    )
      this.value = { ...this.value, endedAt: this.now() };
  }

  public markEndedForEveryone(): void {
    this.value = { ...this.value, endedForEveryone: true };
  }
}

/** A meeting's view with how it went (start, end, most people at once). */
export function withTimeline(
  meeting: MeetingView | undefined,
  timeline: MeetingTimeline,
): MeetingView | undefined {
  return meeting ? { ...meeting, ...timeline } : undefined;
}
