import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedIn } from '../helpers/sim-fixture.js';

describe('simulator: the onlineMeetings dashboard (OnlineMeetingsDashboard.md, capture 07)', () => {
  it('links myOnlineMeetings, myAssignedOnlineMeeting, dial-in and customization as capture 07 does', async () => {
    const session = await signedIn();
    try {
      const links = session.app._embedded.onlineMeetings._links;
      assert.match(links.myOnlineMeetings.href, /\/onlineMeetings\/myOnlineMeetings$/);
      assert.match(links.myAssignedOnlineMeeting.href, /\/onlineMeetings\/myOnlineMeetings\/[A-Z0-9]{8}$/);
      assert.match(links.phoneDialInInformation.href, /\/onlineMeetings\/phoneDialInInformation$/);
      assert.match(links.onlineMeetingInvitationCustomization.href, /\/onlineMeetings\/customInvitation$/);
      const mine = (await session.ucwa.get(links.myOnlineMeetings.href)).json;
      assert.equal(mine.rel, 'myOnlineMeetings');
      const embedded = mine._embedded.myAssignedOnlineMeeting[0];
      const assigned = (await session.ucwa.get(links.myAssignedOnlineMeeting.href)).json;
      assert.equal(assigned.rel, 'myAssignedOnlineMeeting');
      assert.equal(embedded.joinUrl, assigned.joinUrl);
      for (const property of [
        'joinUrl',
        'conferenceId',
        'onlineMeetingId',
        'onlineMeetingUri',
        'organizerUri',
      ])
        assert.equal(typeof assigned[property], 'string', property);
      assert.equal(assigned.onlineMeetingRel, 'myOnlineMeetings');
      const dialIn = (await session.ucwa.get(links.phoneDialInInformation.href)).json;
      assert.equal(dialIn.rel, 'phoneDialInInformation');
      assert.equal(dialIn.isAudioConferenceProviderEnabled, false);
      assert.ok(dialIn._embedded.dialInRegion.length >= 1);
      assert.match(dialIn._embedded.dialInRegion[0].number, /^tel:\+\d+$/);
      const custom = (await session.ucwa.get(links.onlineMeetingInvitationCustomization.href)).json;
      assert.equal(custom.rel, 'onlineMeetingInvitationCustomization');
      assert.equal(typeof custom.invitationFooterText, 'string');
      const put = await session.ucwa.request('POST', links.myAssignedOnlineMeeting.href, { json: {} });
      assert.equal(put.status, 405);
    } finally {
      await session.close();
    }
  });

  it('leaves the links out where the profile says the deployment offers none', async () => {
    const session = await signedIn({
      profile: { assignedMeeting: 'not-available', dialIn: 'no-link', invitationCustomization: 'no-link' },
    });
    try {
      const links = session.app._embedded.onlineMeetings._links;
      assert.deepEqual(Object.keys(links).sort(), ['myOnlineMeetings', 'self']);
      const mine = (await session.ucwa.get(links.myOnlineMeetings.href)).json;
      assert.equal(mine._embedded, undefined);
    } finally {
      await session.close();
    }
  });
});
