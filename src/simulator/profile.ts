/**
 * Which documented behaviour the simulator shows wherever the UCWA docs or real servers allow more
 * than one. One object, read at the point where behaviour differs; the default follows the real
 * Lync 2013 captures (test/fixtures/real-traffic/). Every variant cites its source; where the docs
 * are silent the comment says so, and the harsher choice for the client is the default.
 */
export interface ServerProfile {
  /**
   * How lyncdiscoverinternal.<domain> answers when the simulator serves named hosts
   * (RootURL.md step 3: the internal attempt "will fail if … Connection error … HTTP 302 redirect
   * to a domain different from the domain of the autodiscovery service"; real networks add
   * black holes, wildcard DNS with a foreign certificate and captive portals).
   */
  internalDiscovery: InternalDiscovery;
  /** How lyncdiscover.<domain> answers: the root itself, or a same-domain HTTP 302 to it (RootURL.md). */
  externalDiscovery: 'root' | 'same-domain-302';
  /** The root answers `redirect` to the pool's root instead of `user` (root_ref.md, RootURL.md step 5). */
  rootRedirect: boolean;
  /**
   * What the user resource shows a user homed on another pool (user_ref.md: "redirect … the user is
   * homed on a different server"; its example carries `redirect` beside `applications`).
   * `none`: every user is homed on the pool they reach.
   */
  userRedirect: 'none' | 'redirect-only' | 'redirect-with-applications';
  /** How many pools a user redirect passes through before the home pool (a chain, redirect_ref.md). */
  redirectHops: 1 | 2;
  /**
   * What a user `redirect` points at: the home pool's anonymous root (real hybrid redirects), the
   * home pool's redirect resource that needs that pool's token (redirect_ref.md's example GET
   * carries `Authorization: Bearer`; "Credentials might need to be resubmitted"), or a host
   * outside every trusted domain (which a client must refuse before sending anything).
   */
  redirectTarget: 'root' | 'redirect-resource' | 'foreign-host';
  /** Pool hosts in the SIP domain, or in another DNS domain (split-domain, protocol audit C8). */
  poolDomain: 'sip-domain' | 'split-domain';
  /** The first POST applications fails once this way (RootURL.md caching; ErrorsAndInformationalMessages.md proxies). */
  applicationsFirstAnswer: 'ok' | 'iis-500' | '503-retry-after' | 'reset' | '502' | '403';
  /**
   * A second POST applications with the same endpointId: MultiTabSupport.md says instances "with the
   * same culture, endpointId, type, and userAgent will internally be the same application
   * resource" (`same-application`); `replaces` ends the first one, the harsher reading.
   */
  sameEndpoint: 'same-application' | 'replaces';
  /** Hypermedia.md: "The absence of a link indicates that the client is not allowed to access that resource … policies". */
  startOnlineMeetingLink: 'present' | 'hidden-by-policy';
  /** The challenge's grant_type list (AuthenticationInUCWA.md); `no-password` offers windows and anonmeeting only. */
  grants: 'with-password' | 'no-password';
  /** One combined WWW-Authenticate value (capture 04) or two headers (RFC 7235 allows both). */
  challenge: 'combined' | 'split';
  /**
   * The Windows grant (AuthenticationInUCWA.md: `urn:microsoft.rtc:windows`, "used when Integrated
   * Windows Authentication (IWA) is used"). `negotiate`: offered, and the token endpoint answers a
   * bare windows-grant POST with `401 WWW-Authenticate: Negotiate` and `NTLM` (IIS's default
   * provider list), accepting a Kerberos token; `ntlm-only`: IIS offers only NTLM (the web
   * services' UseWindowsAuth setting of Set-CsWebServiceConfiguration chooses the protocol);
   * `not-offered`: the challenge leaves the grant out and a windows-grant POST gets
   * `unsupported_grant_type` (28029, the docs' "Error conditions"). The simulator does no NTLM.
   */
  windowsGrant: 'negotiate' | 'ntlm-only' | 'not-offered';
  /**
   * Content-Type of JSON answers. `as-captured`: plain `application/json` on autodiscovery (captures
   * 03, 06) and `; charset=utf-8` on UCWA resources (capture 07); or one of the two everywhere.
   */
  jsonContentType: 'as-captured' | 'plain' | 'charset';
  /**
   * A startOnlineMeeting POST repeating an operationId: OperationResource.md says the id lets a
   * client match events to its request, nothing more, so by default a repeat is another meeting;
   * `deduplicate` (409 AlreadyExists) only as a variant (protocol audit S1).
   */
  repeatedOperationId: 'new-meeting' | 'deduplicate';
  /**
   * Admitting from the lobby: lobby_ref.md ("Deleted: a participant was removed from the lobby.
   * For example, the participant was admitted") and attendees_ref.md ("Added"); their order is
   * not documented, so both.
   */
  admitEvents: 'deleted-then-added' | 'added-then-deleted';
  /** Participant links: `empty` titles and nothing embedded (captures 09, 10), or the name as title. */
  participantTitles: 'empty' | 'names';
  /**
   * A promotion or demotion (leaders_ref.md, attendees_ref.md): `deleted` from one list and `added`
   * to the other, in an order the docs do not give. Default: the harsher, `deleted` last.
   */
  roleChangeEvents: 'deleted-then-added' | 'added-then-deleted';
  /**
   * Whether a conference ends when its last participant leaves: undocumented (PROTOCOL.md A13),
   * so it lives on by default (a client must not assume its link died) and ending is a variant.
   */
  conferenceEnd: 'lives-on' | 'ends-when-empty';
  /**
   * The first startOnlineMeeting POST, once: answered, its answer lost after the server acted, a
   * first-attempt 409 AlreadyExists ("Please wait and try again", ErrorsAndInformationalMessages.md),
   * 500 CallbackChannelError (startOnlineMeeting_ref.md), or 404 because the application expired.
   */
  startFirstAnswer:
    | 'ok'
    | 'lost-answer'
    | '409-already-exists'
    | 'callback-channel-error'
    | 'application-gone';
  /**
   * The user's public meeting: myAssignedOnlineMeeting_ref.md "might not be available based on
   * admin policies" (OnlineMeetingsDashboard.md: "if the deployment supports it"); capture 07 has
   * the link. `not-available`: the link is absent (Hypermedia.md).
   */
  assignedMeeting: 'present' | 'not-available';
  /**
   * phoneDialInInformation_ref.md: `regions` (its example: dialInRegion embedded), an
   * `audio-conference-provider` (isAudioConferenceProviderEnabled with toll numbers and a pass
   * code), `not-configured` (every optional number absent), or `no-link` (Hypermedia.md).
   */
  dialIn: 'regions' | 'audio-conference-provider' | 'not-configured' | 'no-link';
  /**
   * onlineMeetingInvitationCustomization_ref.md: `set` (its example's footer, help, legal and logo),
   * `unset` (an organisation that customised nothing: no property), or `no-link` (Hypermedia.md).
   */
  invitationCustomization: 'set' | 'unset' | 'no-link';
}

/** The variants read while a meeting runs (the rest shape sign-in): switchable between presses. */
export const meetingVariants = [
  'repeatedOperationId',
  'admitEvents',
  'participantTitles',
  'roleChangeEvents',
  'conferenceEnd',
  'startFirstAnswer',
] as const satisfies readonly (keyof ServerProfile)[];
export type MeetingVariant = (typeof meetingVariants)[number];

export type InternalDiscovery =
  | 'root' // the internal name answers the root (on the corporate network)
  | 'refused' // nothing listens: connection refused
  | 'black-hole' // accepts the connection and never answers
  | 'tls-mismatch' // a certificate for another name (wildcard DNS, NXDOMAIN hijacking)
  | 'foreign-302' // 302 to a host outside the domain (a web filter)
  | 'not-found' // 404 (capture 01: a proxy answers 404 for lyncdiscoverinternal)
  | 'captive-portal'; // 200 with an HTML page

/** The behaviour of the real Lync 2013 captures, and of the docs where the captures are silent. */
export const defaultProfile: ServerProfile = Object.freeze({
  internalDiscovery: 'not-found', // capture 01/02: lyncdiscoverinternal answered 404 through the proxy
  externalDiscovery: 'root', // capture 03
  rootRedirect: false,
  userRedirect: 'none',
  redirectHops: 1,
  redirectTarget: 'root',
  poolDomain: 'sip-domain',
  applicationsFirstAnswer: 'ok',
  sameEndpoint: 'same-application',
  startOnlineMeetingLink: 'present',
  grants: 'with-password',
  challenge: 'combined', // capture 04
  windowsGrant: 'negotiate', // capture 04 and the docs' example offer urn:microsoft.rtc:windows
  jsonContentType: 'as-captured',
  repeatedOperationId: 'new-meeting',
  admitEvents: 'deleted-then-added',
  participantTitles: 'empty', // captures 09 and 10
  roleChangeEvents: 'added-then-deleted', // the docs are silent on the order: the harsher one
  conferenceEnd: 'lives-on',
  startFirstAnswer: 'ok',
  assignedMeeting: 'present', // capture 07 has the link
  dialIn: 'regions', // the docs' example
  invitationCustomization: 'set', // the docs' example
});

/** Every value each variant may take, for --help, validation and the random generator. */
export const profileChoices: { readonly [K in keyof ServerProfile]: readonly ServerProfile[K][] } = {
  internalDiscovery: [
    'root',
    'refused',
    'black-hole',
    'tls-mismatch',
    'foreign-302',
    'not-found',
    'captive-portal',
  ],
  externalDiscovery: ['root', 'same-domain-302'],
  rootRedirect: [false, true],
  userRedirect: ['none', 'redirect-only', 'redirect-with-applications'],
  redirectHops: [1, 2],
  redirectTarget: ['root', 'redirect-resource', 'foreign-host'],
  poolDomain: ['sip-domain', 'split-domain'],
  applicationsFirstAnswer: ['ok', 'iis-500', '503-retry-after', 'reset', '502', '403'],
  sameEndpoint: ['same-application', 'replaces'],
  startOnlineMeetingLink: ['present', 'hidden-by-policy'],
  grants: ['with-password', 'no-password'],
  challenge: ['combined', 'split'],
  windowsGrant: ['negotiate', 'ntlm-only', 'not-offered'],
  jsonContentType: ['as-captured', 'plain', 'charset'],
  repeatedOperationId: ['new-meeting', 'deduplicate'],
  admitEvents: ['deleted-then-added', 'added-then-deleted'],
  participantTitles: ['empty', 'names'],
  roleChangeEvents: ['deleted-then-added', 'added-then-deleted'],
  conferenceEnd: ['lives-on', 'ends-when-empty'],
  startFirstAnswer: ['ok', 'lost-answer', '409-already-exists', 'callback-channel-error', 'application-gone'],
  assignedMeeting: ['present', 'not-available'],
  dialIn: ['regions', 'audio-conference-provider', 'not-configured', 'no-link'],
  invitationCustomization: ['set', 'unset', 'no-link'],
};

/** Named combinations for `meetnow sim --profile`. */
export const profilePresets: Record<string, Partial<ServerProfile>> = {
  'lync2013-capture': {},
  'multi-pool': { userRedirect: 'redirect-with-applications', redirectTarget: 'redirect-resource' },
  'split-domain': { poolDomain: 'split-domain', userRedirect: 'redirect-only' },
  'off-site': { internalDiscovery: 'black-hole', externalDiscovery: 'same-domain-302' },
  'hostile-redirect': { userRedirect: 'redirect-only', redirectTarget: 'foreign-host' },
  'flaky-front-end': { applicationsFirstAnswer: 'iis-500', internalDiscovery: 'captive-portal' },
  'no-meetings-policy': { startOnlineMeetingLink: 'hidden-by-policy' },
  'windows-only': { grants: 'no-password' },
  'no-dial-in': {
    dialIn: 'not-configured',
    invitationCustomization: 'unset',
    assignedMeeting: 'not-available',
  },
};

export class ProfileError extends Error {
  public override readonly name = 'ProfileError';
}

/** A full profile from a preset name and per-variant overrides; unknown names or values are refused. */
export function buildProfile(
  preset = 'lync2013-capture',
  overrides: Partial<ServerProfile> = {},
): ServerProfile {
  const base = profilePresets[preset];
  if (!base)
    throw new ProfileError(`unknown profile "${preset}" (one of ${Object.keys(profilePresets).join(', ')})`);
  const profile = { ...defaultProfile, ...base, ...overrides };
  for (const [key, value] of Object.entries(profile)) {
    const choices = profileChoices[key as keyof ServerProfile] as readonly unknown[] | undefined;
    if (!choices) throw new ProfileError(`unknown variant "${key}"`);
    if (!choices.includes(value))
      throw new ProfileError(`variant ${key} cannot be "${String(value)}" (one of ${choices.join(', ')})`);
  }
  return profile;
}

/** Parses `name=value` (as `meetnow sim --variant` takes it) into an override. */
export function parseVariant(text: string): Partial<ServerProfile> {
  const [name, value] = text.split('=', 2);
  const choices = profileChoices[name as keyof ServerProfile] as readonly unknown[] | undefined;
  if (!name || value === undefined || !choices)
    throw new ProfileError(
      `variant "${text}": expected NAME=VALUE with NAME one of ${Object.keys(profileChoices).join(', ')}`,
    );
  const parsed = choices.find((choice) => String(choice) === value);
  if (parsed === undefined)
    throw new ProfileError(`variant ${name} cannot be "${value}" (one of ${choices.join(', ')})`);
  return { [name]: parsed } as Partial<ServerProfile>;
}

/**
 * Values that end every sign-in or start in a refusal: drawn rarely, so that most seeds also
 * exercise everything after them.
 */
const refusals: Partial<Record<keyof ServerProfile, unknown>> = {
  grants: 'no-password',
  startOnlineMeetingLink: 'hidden-by-policy',
  redirectTarget: 'foreign-host',
};
const refusalChance = 0.12;

/** A seeded random valid profile: every variant drawn independently (mulberry32). */
export function randomProfile(seed: number): ServerProfile {
  const random = seededRandom(seed);
  const profile: Record<string, unknown> = {};
  for (const [key, choices] of Object.entries(profileChoices)) {
    const refusal = refusals[key as keyof ServerProfile];
    const others = (choices as readonly unknown[]).filter((choice) => choice !== refusal);
    profile[key] =
      refusal !== undefined && random() < refusalChance
        ? refusal
        : others[Math.floor(random() * others.length)];
  }
  return buildProfile('lync2013-capture', profile as Partial<ServerProfile>);
}

/** The variants that differ from the default, e.g. `userRedirect=redirect-only poolDomain=split-domain`. */
export function describeProfile(profile: ServerProfile): string {
  const changed = Object.entries(profile)
    .filter(([key, value]) => defaultProfile[key as keyof ServerProfile] !== value)
    .map(([key, value]) => `${key}=${String(value)}`);
  return changed.length > 0 ? changed.join(' ') : 'default';
}

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
