import { UcwaError } from './errors.js';
import { embeddedList, isResource, type Resource, requireResource, stringProp } from './resource.js';

/** The user's public meeting (myAssignedOnlineMeeting_ref.md): coordinates that never change. */
export interface MyMeeting {
  joinUrl: string;
  onlineMeetingUri: string | undefined;
  conferenceId: string | undefined;
}

export interface DialInRegion {
  name: string;
  number: string;
  languages: string[];
}

/** phoneDialInInformation_ref.md, as far as an invitation needs it. */
export interface DialIn {
  regions: DialInRegion[];
  defaultRegion: string | undefined;
  /** The web page with every number (the external one: invitations leave the company). */
  directoryUrl: string | undefined;
  /** An audio conference provider's numbers and pass code, when the deployment uses one. */
  provider:
    | { tollNumber: string | undefined; tollFreeNumbers: string[]; passCode: string | undefined }
    | undefined;
}

/** onlineMeetingInvitationCustomization_ref.md. */
export interface InvitationCustomization {
  footerText: string | undefined;
  helpUrl: string | undefined;
  legalUrl: string | undefined;
  logoUrl: string | undefined;
}

/** Server text is capped: an invitation line is never a megabyte. */
const maxText = 2000;
const text = (resource: Resource | undefined, name: string): string | undefined => {
  const value = stringProp(resource, name)?.trim();
  return value ? value.slice(0, maxText) : undefined;
};
const textList = (resource: Resource | undefined, name: string): string[] => {
  const value = resource?.[name];
  return Array.isArray(value)
    ? value
        .filter((item): item is string => typeof item === 'string' && item.trim() !== '')
        .map((item) => item.trim().slice(0, maxText))
        .slice(0, 50)
    : [];
};

/** A join link is only ever an https URL (http on loopback, the simulator); anything else is refused. */
export function safeWebUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url.href;
    // The docs' own examples use http:// help pages: shown as text, never as a link.
    return undefined;
  } catch {
    return undefined;
  }
}

export function readMyMeeting(json: unknown): MyMeeting {
  const meeting = requireResource(json, 'assigned meeting');
  const joinUrl = safeWebUrl(text(meeting, 'joinUrl'));
  if (!joinUrl) throw new UcwaError('protocol', 'The assigned meeting has no web join link.');
  return {
    joinUrl,
    onlineMeetingUri: text(meeting, 'onlineMeetingUri'),
    conferenceId: text(meeting, 'conferenceId'),
  };
}

export function readDialIn(json: unknown): DialIn {
  const info = requireResource(json, 'dial-in information');
  const regions = embeddedList(info, 'dialInRegion')
    .map((region) => ({
      name: text(region, 'name') ?? '',
      number: (text(region, 'number') ?? '').replace(/^tel:/i, ''),
      languages: textList(region, 'languages'),
    }))
    .filter((region) => region.number !== '')
    .slice(0, 50);
  const provider =
    info.isAudioConferenceProviderEnabled === true
      ? {
          tollNumber: text(info, 'tollNumber'),
          tollFreeNumbers: textList(info, 'tollFreeNumbers'),
          passCode: text(info, 'participantPassCode'),
        }
      : undefined;
  return {
    regions,
    defaultRegion: text(info, 'defaultRegion'),
    directoryUrl: text(info, 'externalDirectoryUri') ?? text(info, 'internalDirectoryUri'),
    provider,
  };
}

export function readCustomization(json: unknown): InvitationCustomization {
  const custom = isResource(json) ? json : undefined;
  if (!custom) throw new UcwaError('protocol', "The server's invitation customization is not a JSON object.");
  return {
    footerText: text(custom, 'invitationFooterText'),
    helpUrl: text(custom, 'invitationHelpUrl') ?? text(custom, 'enterpriseHelpUrl'),
    legalUrl: text(custom, 'invitationLegalUrl'),
    logoUrl: text(custom, 'invitationLogoUrl'),
  };
}

/** Whether a dial-in answer has anything a participant could dial. */
export function hasNumbers(dialIn: DialIn | undefined): dialIn is DialIn {
  if (!dialIn) return false;
  const provider = dialIn.provider;
  return (
    dialIn.regions.length > 0 ||
    (provider !== undefined && (provider.tollNumber !== undefined || provider.tollFreeNumbers.length > 0))
  );
}
