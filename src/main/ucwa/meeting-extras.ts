import type { ApplicationLinks } from './application.js';
import type { UcwaHttp } from './auth.js';
import { UcwaError } from './errors.js';
import { formatInvitation, type Invitation, type InvitationMeeting } from './invitation.js';
import {
  type DialIn,
  type InvitationCustomization,
  type MyMeeting,
  readCustomization,
  readDialIn,
  readMyMeeting,
} from './online-meetings.js';
import type { Logger } from './transport.js';

/** Runs a request on the current application (re-created once if the server dropped it). */
export type OnApplication = <T>(run: (app: ApplicationLinks) => Promise<T>) => Promise<T>;

/**
 * The onlineMeetings dashboard's extras: the user's static meeting link and what an invitation
 * adds (dial-in numbers, the organisation's customization). Each is fetched at most once per
 * sign-in and kept in memory (none is a secret, none changes during a session); concurrent asks
 * share one request, and a failed fetch is asked again next time.
 */
export class MeetingExtras {
  private myMeetingValue: Promise<MyMeeting> | undefined;
  private dialInValue: Promise<DialIn | undefined> | undefined;
  private customizationValue: Promise<InvitationCustomization | undefined> | undefined;

  public constructor(
    private readonly http: UcwaHttp,
    private readonly onApplication: OnApplication,
    private readonly logger: Logger,
  ) {}

  public myMeeting(signal?: AbortSignal): Promise<MyMeeting> {
    this.myMeetingValue ??= this.onApplication(async (app) => {
      if (!app.myAssignedOnlineMeeting)
        throw new UcwaError(
          'not-allowed',
          'This server offers no personal meeting link (no myAssignedOnlineMeeting).',
        );
      const response = await this.http.request('GET', app.myAssignedOnlineMeeting, signal ? { signal } : {});
      return readMyMeeting(response.json);
    }).catch((error: unknown) => {
      this.myMeetingValue = undefined;
      throw error;
    });
    return this.myMeetingValue;
  }

  /** Starts the fetch in the background (after sign-in); a failure is only logged. */
  public prefetchMyMeeting(): void {
    this.myMeeting().catch((error: unknown) =>
      this.logger.warn(`my meeting link: ${(error as Error).message}`),
    );
  }

  public async invitation(meeting: InvitationMeeting): Promise<Invitation> {
    this.dialInValue ??= this.optional(
      'dial-in information',
      (app) => app.phoneDialInInformation,
      readDialIn,
      () => {
        this.dialInValue = undefined;
      },
    );
    this.customizationValue ??= this.optional(
      'invitation customization',
      (app) => app.onlineMeetingInvitationCustomization,
      readCustomization,
      () => {
        this.customizationValue = undefined;
      },
    );
    const [dialIn, customization] = await Promise.all([this.dialInValue, this.customizationValue]);
    return formatInvitation(meeting, dialIn, customization);
  }

  /**
   * A part of the invitation the server may not offer: absent, it is left out (and not asked
   * again); failing, it is left out this time and asked again next time.
   */
  private optional<T>(
    what: string,
    linkOf: (app: ApplicationLinks) => URL | undefined,
    read: (json: unknown) => T,
    forget: () => void,
  ): Promise<T | undefined> {
    return this.onApplication(async (app) => {
      const url = linkOf(app);
      if (!url) return undefined;
      const response = await this.http.request('GET', url);
      return read(response.json);
    }).catch((error: unknown) => {
      forget();
      this.logger.warn(`${what} left out of the invitation: ${(error as Error).message}`);
      return undefined;
    });
  }

  public clear(): void {
    this.myMeetingValue = undefined;
    this.dialInValue = undefined;
    this.customizationValue = undefined;
  }
}
