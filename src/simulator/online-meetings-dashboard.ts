import type { Route, RouteKind, SimContext } from './context.js';
import type { DirectoryUser } from './directory.js';
import { resource } from './resources.js';
import { ucwaError } from './wire.js';

/** What the dashboard needs from its application. */
export interface DashboardHost {
  readonly user: DirectoryUser;
  readonly ctx: SimContext;
  path(...segments: string[]): string;
  register(path: string, route: Route): void;
}

/**
 * The onlineMeetings dashboard (OnlineMeetingsDashboard.md) with the links capture 07 shows:
 * myOnlineMeetings, myAssignedOnlineMeeting (the user's public meeting, whose coordinates never
 * change), phoneDialInInformation and onlineMeetingInvitationCustomization, each as its _ref.md
 * documents it. The profile decides which the deployment offers.
 */
export class OnlineMeetingsDashboard {
  private readonly assigned: AssignedMeeting;

  public constructor(private readonly host: DashboardHost) {
    this.assigned = assignedMeetingOf(host.user, host.ctx.meetBase);
  }

  private get profile() {
    return this.host.ctx.profile;
  }

  /** Paths as capture 07 names them (customInvitation, myOnlineMeetings/<id>). */
  private href(which: 'self' | 'mine' | 'assigned' | 'dialIn' | 'customization'): string {
    const path = this.host.path.bind(this.host);
    switch (which) {
      case 'self':
        return path('onlineMeetings');
      case 'mine':
        return path('onlineMeetings', 'myOnlineMeetings');
      case 'assigned':
        return path('onlineMeetings', 'myOnlineMeetings', this.assigned.onlineMeetingId);
      case 'dialIn':
        return path('onlineMeetings', 'phoneDialInInformation');
      case 'customization':
        return path('onlineMeetings', 'customInvitation');
    }
  }

  private get offersAssigned(): boolean {
    return this.profile.assignedMeeting === 'present';
  }

  public resource(): Record<string, unknown> {
    return resource(
      'onlineMeetings',
      this.href('self'),
      {},
      {
        myOnlineMeetings: this.href('mine'),
        // myAssignedOnlineMeeting_ref.md: "might not be available based on admin policies".
        myAssignedOnlineMeeting: this.offersAssigned ? this.href('assigned') : undefined,
        onlineMeetingInvitationCustomization:
          this.profile.invitationCustomization === 'no-link' ? undefined : this.href('customization'),
        phoneDialInInformation: this.profile.dialIn === 'no-link' ? undefined : this.href('dialIn'),
      },
    );
  }

  public registerRoutes(): void {
    const getOnly = (kind: RouteKind, render: () => unknown): Route => ({
      kind,
      handle: (ctx) => {
        if (ctx.method !== 'GET') throw ucwaError(405, 'MethodNotAllowed');
        return { status: 200, json: render() };
      },
    });
    this.host.register(
      this.href('self'),
      getOnly('onlineMeetings', () => this.resource()),
    );
    this.host.register(
      this.href('mine'),
      getOnly('myOnlineMeetings', () => this.myOnlineMeetings()),
    );
    if (this.offersAssigned)
      this.host.register(
        this.href('assigned'),
        getOnly('myAssignedOnlineMeeting', () => this.assignedResource('myAssignedOnlineMeeting')),
      );
    if (this.profile.dialIn !== 'no-link')
      this.host.register(
        this.href('dialIn'),
        getOnly('phoneDialInInformation', () => this.dialInResource()),
      );
    if (this.profile.invitationCustomization !== 'no-link')
      this.host.register(
        this.href('customization'),
        getOnly('onlineMeetingInvitationCustomization', () => this.customizationResource()),
      );
  }

  /** myOnlineMeetings_ref.md: no properties; the assigned meeting embedded; no scheduled meetings here. */
  private myOnlineMeetings(): Record<string, unknown> {
    return resource(
      'myOnlineMeetings',
      this.href('mine'),
      {},
      { myAssignedOnlineMeeting: this.offersAssigned ? this.href('assigned') : undefined },
      this.offersAssigned
        ? { myAssignedOnlineMeeting: [this.assignedResource('myAssignedOnlineMeeting')] }
        : undefined,
    );
  }

  /** myAssignedOnlineMeeting_ref.md's properties; the attributes are the admin's (fixed here). */
  private assignedResource(rel: string): Record<string, unknown> {
    const meeting = this.assigned;
    return resource(rel, this.href('assigned'), {
      accessLevel: 'SameEnterprise',
      attendees: [],
      automaticLeaderAssignment: 'SameEnterprise',
      conferenceId: meeting.conferenceId,
      description: '',
      entryExitAnnouncement: 'Unsupported',
      // The docs' JSON example: "\/Date(ms)\/"; the public meeting lives for years.
      expirationTime: `/Date(${Date.UTC(2036, 0, 1)})/`,
      joinUrl: meeting.joinUrl,
      leaders: [],
      lobbyBypassForPhoneUsers: 'Disabled',
      onlineMeetingId: meeting.onlineMeetingId,
      onlineMeetingRel: 'myOnlineMeetings',
      onlineMeetingUri: meeting.onlineMeetingUri,
      organizerUri: this.host.user.sip,
      phoneUserAdmission: 'Enabled',
      subject: '',
    });
  }

  /**
   * phoneDialInInformation_ref.md. `regions`: the docs' example (dialInRegion embedded, no ACP);
   * `audio-conference-provider`: isAudioConferenceProviderEnabled with the ACP's toll and
   * toll-free numbers and pass code; `not-configured`: every optional number left out.
   */
  private dialInResource(): Record<string, unknown> {
    const dialIn = this.profile.dialIn;
    const origin = new URL(this.host.ctx.meetBase).origin;
    const self = this.href('dialIn');
    const common = {
      conferenceId: this.assigned.conferenceId,
      externalDirectoryUri: `${origin}/dialin`,
      internalDirectoryUri: `${origin}/dialin`,
    };
    if (dialIn === 'audio-conference-provider')
      return resource('phoneDialInInformation', self, {
        ...common,
        isAudioConferenceProviderEnabled: true,
        participantPassCode: '246810',
        tollFreeNumbers: ['+1 800 555 0100'],
        tollNumber: '+1 425 555 0100',
      });
    if (dialIn === 'not-configured')
      return resource('phoneDialInInformation', self, { isAudioConferenceProviderEnabled: false });
    return resource(
      'phoneDialInInformation',
      self,
      { ...common, defaultRegion: 'Redmond', isAudioConferenceProviderEnabled: false },
      {},
      {
        dialInRegion: dialInRegions.map((region, index) =>
          resource('dialInRegion', `${self}/${index + 1}`, { ...region }),
        ),
      },
    );
  }

  /** onlineMeetingInvitationCustomization_ref.md; `unset`: the organisation customised nothing. */
  private customizationResource(): Record<string, unknown> {
    const self = this.href('customization');
    if (this.profile.invitationCustomization === 'unset')
      return resource('onlineMeetingInvitationCustomization', self, {});
    const origin = new URL(this.host.ctx.meetBase).origin;
    return resource('onlineMeetingInvitationCustomization', self, {
      enterpriseHelpUrl: `${origin}/help/first-time.html`,
      invitationFooterText: 'The information contained in this meeting invitation is confidential.',
      invitationHelpUrl: `${origin}/help`,
      invitationLegalUrl: `${origin}/legal/disclaimer.html`,
      invitationLogoUrl: `${origin}/logo.png`,
    });
  }
}

/** Fictional numbers (555 and the UK's drama range), as the docs' example region. */
const dialInRegions = [
  { languages: ['en-US', 'fr-FR'], name: 'Redmond', number: 'tel:+14255550001' },
  { languages: ['en-GB'], name: 'London', number: 'tel:+442079460001' },
];

export interface AssignedMeeting {
  onlineMeetingId: string;
  conferenceId: string;
  joinUrl: string;
  onlineMeetingUri: string;
}

/** The user's public meeting: derived from the SIP address, so every application sees the same one. */
export function assignedMeetingOf(user: DirectoryUser, meetBase: string): AssignedMeeting {
  let state = 0x811c9dc5;
  for (const char of user.sip.toLowerCase()) state = Math.imul(state ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let onlineMeetingId = '';
  let bits = state;
  for (let i = 0; i < 8; i += 1) {
    onlineMeetingId += alphabet[bits % alphabet.length];
    bits = Math.imul(bits ^ (bits >>> 13), 0x5bd1e995) >>> 0;
  }
  const local = user.sip.slice(4).split('@')[0] ?? 'user';
  return {
    onlineMeetingId,
    conferenceId: String(1_000_000 + (state % 9_000_000)),
    joinUrl: `${meetBase}/${encodeURIComponent(local)}/${onlineMeetingId}`,
    onlineMeetingUri: `${user.sip};gruu;opaque=app:conf:focus:id:${onlineMeetingId}`,
  };
}
