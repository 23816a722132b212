import { RawEventLoop, RawUcwa } from '../test/helpers/raw-ucwa.js';

/**
 * The flow public UCWA samples use, for comparison: a fresh sign-in per click, then after the
 * events arrive GET the invitation, GET the conversation and GET the onlineMeeting.
 */
export async function naiveStartMeeting(
  caPem: string | undefined,
  discoverUrl: string,
  username: string,
  password: string,
): Promise<{ joinUrl: string; requests: number }> {
  const ucwa = new RawUcwa(caPem);
  const app = await ucwa.signIn(discoverUrl, username, password, `naive-${Math.random()}`);
  const loop = new RawEventLoop(ucwa, app._links.events.href);
  try {
    // The samples wait for the first P-GET to be sent, then post.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const operationId = `naive-${Math.random().toString(36).slice(2)}`;
    const created = await ucwa.post(app._embedded.communication._links.startOnlineMeeting.href, {
      operationId,
      subject: 'naive',
    });
    if (created.status !== 201) throw new Error(`naive start ${created.status}`);
    await loop.waitFor(
      (event) => event.link.rel === 'onlineMeetingInvitation' && event.type === 'completed',
      30_000,
    );
    const invitation = await ucwa.get(created.headers.get('location') ?? '');
    const conversation = await ucwa.get(invitation.json._links.conversation.href);
    const onlineMeeting = await ucwa.get(conversation.json._links.onlineMeeting.href);
    // Command requests only, like ours: the event channel's GETs are counted apart.
    return { joinUrl: onlineMeeting.json.joinUrl, requests: ucwa.requests - loop.polls };
  } finally {
    loop.stop();
  }
}
