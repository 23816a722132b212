import { UcwaError } from './errors.js';
import type { UcwaEvent } from './events.js';
import type { MeetingRequests } from './meeting-requests.js';
import { embeddedList, link, type Resource, requireResource, stringProp } from './resource.js';
import { resolveHref } from './urls.js';

export interface Participant {
  /** The participant's href: their identity in this conversation. */
  id: string;
  name: string;
  uri: string | undefined;
  inLobby: boolean;
  role: 'Leader' | 'Attendee' | 'Unknown';
  anonymous: boolean;
}

/** What the roster needs of its meeting: requests are the meeting's (and counted there). */
export interface RosterDeps {
  requests: Pick<MeetingRequests, 'get' | 'post'>;
  /** A link of the conversation, read again from the server when the cached one lacks it. */
  conversationLink(rel: string): Promise<URL>;
  /** The application's href, which event hrefs are relative to. */
  base(): string;
  /** The signed-in user, who is never listed among the others. */
  localUri: string | undefined;
  /** Called with the roster each time a changed one is published. */
  onChange(participants: readonly Participant[]): void;
}

/**
 * The people of one meeting as participant events describe them: membership (lobby, leaders,
 * attendees), names fetched when the events leave them out, and the admit/deny/remove links.
 * Changes are published once per event batch, not once per event.
 */
export class MeetingRoster {
  private readonly participants = new Map<string, Participant>();
  private readonly participantActions = new Map<string, Resource>();
  /** Participants whose name was fetched once already (C6: links with neither name nor title). */
  private readonly namesAsked = new Set<string>();
  private readonly namesPending = new Set<string>();
  private resolvingNames = false;
  private resolveAgain = false;
  private dirty = false;
  /** How many roster updates were published (the event-storm benchmark counts them). */
  public updates = 0;

  public constructor(private readonly deps: RosterDeps) {}

  /** The people in the meeting; one whose name is still being fetched is left out until it is known. */
  public list(): Participant[] {
    return [...this.participants.values()].filter((participant) => !this.namesPending.has(participant.id));
  }

  public onParticipantEvent(event: UcwaEvent): void {
    const id = resolveHref(event.href, this.deps.base()).href;
    const previous = this.participants.get(id);
    // typingParticipants_ref.md: typing comes and goes; it says nothing about the roster.
    if (event.in?.rel === 'typingParticipants') return;
    if (event.type === 'deleted') {
      if (event.in) {
        // lobby_ref.md, attendees_ref.md, leaders_ref.md: `deleted` with `in` means "moved out of
        // that list" (admitted, promoted, demoted), not "left": only membership changes.
        if (previous && event.in.rel === 'lobby' && previous.inLobby) {
          this.participants.set(id, { ...previous, inLobby: false });
          this.markChanged();
        }
        return;
      }
      if (this.participants.delete(id)) this.markChanged();
      this.participantActions.delete(id);
      this.namesAsked.delete(id);
      this.namesPending.delete(id);
      return;
    }
    const embedded = event.embedded;
    if (embedded) this.participantActions.set(id, embedded);
    const inLobby =
      event.in?.rel === 'lobby'
        ? true
        : event.in && ['attendees', 'leaders'].includes(event.in.rel)
          ? false
          : typeof embedded?.inLobby === 'boolean'
            ? embedded.inLobby
            : (previous?.inLobby ?? false);
    const role =
      event.in?.rel === 'leaders'
        ? 'Leader'
        : event.in?.rel === 'attendees'
          ? 'Attendee'
          : ((stringProp(embedded, 'role') as Participant['role'] | undefined) ??
            previous?.role ??
            'Unknown');
    const next: Participant = {
      id,
      name:
        stringProp(embedded, 'name') ??
        (event.title !== undefined && event.title !== '' ? event.title : (previous?.name ?? '')),
      uri: stringProp(embedded, 'uri') ?? previous?.uri,
      inLobby,
      role,
      anonymous: embedded?.anonymous === true || previous?.anonymous === true,
    };
    if (next.uri !== undefined && next.uri === this.deps.localUri) return;
    this.participants.set(id, next);
    if (next.name === '' && !embedded && !this.namesAsked.has(id)) {
      // Shown once its name is known, so the lobby never flashes "Guest" for a colleague.
      this.namesPending.add(id);
      // After the whole batch: a burst of arrivals is resolved together.
      void Promise.resolve().then(() => this.resolveNames());
      return;
    }
    // A repeat `added` (membership) often changes nothing the roster shows: no update then.
    if (previous && samePerson(previous, next)) return;
    this.markChanged();
  }

  /**
   * events_ref.md: "If the resource is not embedded, the application can fetch the resource if
   * needed." Captures 09/10 carry participant links with an empty title: their names are fetched
   * once, so the lobby never reads "Guest" for everyone (protocol audit C6). A burst is one GET of
   * the participants and lobby collections, not one GET per person (the 500-person storm).
   */
  private async resolveNames(): Promise<void> {
    if (this.resolvingNames) {
      this.resolveAgain = true;
      return;
    }
    this.resolvingNames = true;
    try {
      do {
        this.resolveAgain = false;
        const ids = [...this.namesPending].filter((id) => !this.namesAsked.has(id));
        for (const id of ids) this.namesAsked.add(id);
        if (ids.length === 1) await this.fillFrom([await this.fetchResource(ids[0] ?? '')]);
        else if (ids.length > 1) {
          const lists = await Promise.all(['participants', 'lobby'].map((rel) => this.fetchList(rel)));
          await this.fillFrom(lists.flat());
        }
        for (const id of ids) this.namesPending.delete(id);
      } while (this.resolveAgain);
    } finally {
      this.resolvingNames = false;
      // Outside an event batch: publish now rather than with the next one.
      this.markChanged();
      this.flush();
    }
  }

  private async fetchResource(id: string): Promise<Resource | undefined> {
    try {
      return requireResource((await this.deps.requests.get(new URL(id))).json, 'participant');
    } catch (error) {
      if (!UcwaError.is(error)) throw error;
      return undefined; // the roster keeps the person without a name; the UI says "Guest"
    }
  }

  private async fetchList(rel: string): Promise<Resource[]> {
    try {
      const url = await this.deps.conversationLink(rel);
      return embeddedList(requireResource((await this.deps.requests.get(url)).json, rel), 'participant');
    } catch (error) {
      if (!UcwaError.is(error)) throw error;
      return [];
    }
  }

  private async fillFrom(resources: ReadonlyArray<Resource | undefined>): Promise<void> {
    for (const resource of resources) {
      const self = link(resource, 'self', this.deps.base());
      const current = self ? this.participants.get(self.href) : undefined;
      if (!resource || !self || !current) continue;
      const uri = stringProp(resource, 'uri') ?? current.uri;
      if (uri !== undefined && uri === this.deps.localUri) {
        this.participants.delete(self.href);
        continue;
      }
      this.participantActions.set(self.href, resource);
      this.participants.set(self.href, {
        ...current,
        name: stringProp(resource, 'name') ?? current.name,
        uri,
        anonymous: resource.anonymous === true || current.anonymous,
      });
    }
  }

  /** Roster changes are collected per event batch and published once (a 500-person join is one update). */
  private markChanged(): void {
    this.dirty = true;
  }

  /** Publishes the roster if the last batch changed it; the client calls this after each batch. */
  public flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.updates += 1;
    this.deps.onChange(this.list());
  }

  /** After `resync`: forget transient caches (EventChannelDetails.md); events refill them. */
  public forgetTransientState(): void {
    this.participantActions.clear();
    this.namesAsked.clear();
  }

  /** POSTs a participant's admit, reject or eject link, fetching the participant when it is not known. */
  public async act(participantId: string, rel: 'admit' | 'reject' | 'eject'): Promise<void> {
    let resource = this.participantActions.get(participantId);
    let url = link(resource, rel, participantId);
    if (!url) {
      resource = requireResource((await this.deps.requests.get(new URL(participantId))).json, 'participant');
      this.participantActions.set(participantId, resource);
      url = link(resource, rel, participantId);
    }
    if (!url)
      throw new UcwaError('meeting-failed', `You cannot ${rel === 'reject' ? 'deny' : rel} this person now.`);
    await this.deps.requests.post(url);
    this.participantActions.delete(participantId);
  }
}

export function participantsFrom(resource: Resource): Resource[] {
  return embeddedList(resource, 'participant');
}

function samePerson(a: Participant, b: Participant): boolean {
  return (
    a.name === b.name &&
    a.uri === b.uri &&
    a.inLobby === b.inLobby &&
    a.role === b.role &&
    a.anonymous === b.anonymous
  );
}
