import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCliFailure } from '../../src/cli/failure.js';
import { toSessionView } from '../../src/main/app/app-view.js';
import { inviteeResult } from '../../src/main/app/invitees.js';
import { trayModel } from '../../src/main/app/tray-model.js';
import { describeProblem } from '../../src/main/session/session-service.js';
import { OperationFailedError, UcwaError, UcwaHttpError } from '../../src/main/ucwa/errors.js';
import {
  catalogKinds,
  describeInvitation,
  describeProblemFacts,
  type InvitationFacts,
  problemLine,
  problemNotification,
  startFailureCodes,
} from '../../src/shared/error-catalog.js';
import { defaultSettings } from '../../src/shared/settings.js';

const shortcut = {
  accelerator: 'CommandOrControl+Alt+M',
  display: 'Ctrl+Alt+M',
  status: 'registered' as const,
};
const sessionKinds = [
  'network',
  'tls',
  'insecure-url',
  'credentials',
  'auth-unsupported',
  'server-busy',
  'protocol',
  'http',
  'application-gone',
  'meeting-failed',
  'timeout',
] as const;

describe('one error catalog for window, tooltip, notifications and CLI', () => {
  it('has a title, a detail or cause and a next step for every kind', () => {
    for (const kind of catalogKinds) {
      const entry = describeProblemFacts({ kind, cause: 'The specific cause.' });
      assert.ok(entry.title.length > 0, kind);
      assert.match(entry.detail, /The specific cause\./, `${kind} keeps the cause`);
      if (kind !== 'aborted') assert.ok(entry.action.length > 0, `${kind} says what to do next`);
    }
  });

  it('every session error kind reads the same in the view, the tooltip, a notification and the CLI', () => {
    for (const kind of sessionKinds) {
      const cause = `No Skype for Business server found for meetnow.test (${kind}).`;
      const error = new UcwaError(kind, cause);
      const entry = describeProblemFacts({ kind, cause });
      const problem = describeProblem(error);
      const view = toSessionView({ status: 'error', account: 'alice@meetnow.test', problem });
      assert.equal(view.status, 'error');
      if (view.status !== 'error') continue;
      // the window renders view.problem's title, detail and action
      assert.deepEqual({ ...view.problem, message: undefined }, { ...entry, message: undefined }, kind);
      // the tooltip names the same title
      const tray = trayModel(view, undefined, defaultSettings, shortcut);
      assert.ok(tray.tooltip.includes(entry.title.slice(0, 60)), `${kind} tooltip: ${tray.tooltip}`);
      // a notification: the title is the title, the body the detail and the next step
      assert.deepEqual(problemNotification(entry), {
        title: entry.title,
        body: `${entry.detail} ${entry.action}`.trim(),
      });
      // the CLI: the same title and detail, the cause kept
      const cli = toCliFailure(error);
      assert.equal(cli.message, problemLine(entry), kind);
      assert.ok(cli.message.includes(cause), `${kind}: the CLI keeps the cause`);
      assert.equal(problem.message, problemLine(entry), `${kind}: the session's message is the catalog's`);
    }
  });

  it('words an HTML page from a proxy apart from an unreachable server', () => {
    const html = new UcwaHttpError(
      'protocol',
      502,
      undefined,
      undefined,
      'a non-UCWA page (502)',
      undefined,
      undefined,
      true,
    );
    const entry = describeProblemFacts(describeProblem(html));
    assert.equal(entry.title, 'Something other than Skype for Business answered.');
    assert.match(entry.action, /proxy|VPN/);
  });

  it('gives known start-failure codes plain words and a Retry', () => {
    for (const code of startFailureCodes) {
      const entry = describeProblemFacts(
        describeProblem(new OperationFailedError(code, undefined, 'Server text.')),
      );
      assert.equal(entry.retry, true, code);
      assert.notEqual(entry.title, 'The meeting could not be started.', `${code} has its own words`);
      assert.match(entry.detail, /Server text\./, `${code}: what the server said is kept`);
    }
    const forbidden = describeProblemFacts(
      describeProblem(
        new OperationFailedError('Forbidden', 'NotEnabled', 'Online meetings are not enabled for this user.'),
      ),
    );
    assert.equal(forbidden.title, "Your account can't host online meetings.");
    assert.match(forbidden.action, /IT admin/);
  });
});

describe('invitation outcomes in the catalog words', () => {
  it('words each documented reason neutrally, and names the server reason for any other', () => {
    const cases: Array<[InvitationFacts, string, string]> = [
      [{ ok: true }, 'joined', 'Bob joined'],
      [{ ok: false, subcode: 'Declined', message: 'x' }, 'declined', 'Bob declined'],
      [{ ok: false, subcode: 'Busy' }, 'busy', 'Bob is busy'],
      [{ ok: false, subcode: 'DoNotDisturb' }, 'busy', 'Bob is busy (do not disturb)'],
      [{ ok: false, subcode: 'Timeout' }, 'noAnswer', "Bob didn't answer"],
      [{ ok: false, subcode: 'Denied' }, 'declined', 'Bob was not admitted'],
      [{ ok: false, subcode: 'DestinationNotFound' }, 'failed', 'Bob was not found'],
      [
        { ok: false, subcode: 'PolicyRestriction', message: 'Federation is disabled for this user' },
        'failed',
        "Couldn't reach Bob: Federation is disabled for this user",
      ],
      [{ ok: false }, 'failed', "Couldn't reach Bob: the server gave no reason"],
    ];
    for (const [facts, status, text] of cases) {
      assert.deepEqual(describeInvitation('Bob', facts), { status, text }, JSON.stringify(facts));
    }
  });

  it('the window and the CLI read the same words for one outcome', () => {
    const outcome = {
      to: 'sip:dave@meetnow.test',
      ok: false,
      subcode: 'Declined',
      message: 'The person declined.',
    };
    assert.equal(inviteeResult('Dave', outcome).text, describeInvitation('Dave', outcome).text);
  });
});
