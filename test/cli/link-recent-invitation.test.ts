import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliProcess, runCli, simProcess } from '../helpers/cli-process.js';

/** Sign-in options for the simulator the summary describes (the password comes on stdin). */
const signInArgs = (summary: { discover: string; user: string; ca: string }) => [
  '--discover',
  summary.discover,
  '--user',
  summary.user,
  '--ca-file',
  summary.ca,
  '--password-stdin',
];

describe('meetnow link --mine, recent, start --invitation (CLI, as a subprocess)', () => {
  let sim: { summary: any; process: CliProcess };
  before(async () => {
    sim = await simProcess();
  });
  after(async () => {
    sim.process.kill();
    await sim.process.exited;
  });
  const signIn = () => signInArgs(sim.summary);
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { stdin: `${sim.summary.password}\n`, env });

  it('link --mine prints the same static link on every run; --json as start does', async () => {
    const first = run(['link', '--mine', ...signIn()]);
    assert.equal(await first.exited, 0, first.stderr());
    const link = first.stdout().trim();
    assert.match(link, new RegExp(`^${sim.summary.origins[0]}/meet/alice/[A-Z0-9]{8}$`));
    const json = run(['link', '--mine', '--json', ...signIn()]);
    assert.equal(await json.exited, 0, json.stderr());
    const printed = JSON.parse(json.stdout());
    assert.equal(printed.joinUrl, link);
    assert.match(printed.conferenceId, /^\d{7}$/);
    assert.match(printed.onlineMeetingUri, /^sip:alice@meetnow\.test;gruu;opaque=app:conf:focus:id:/);
  });

  it('link without --mine, or with a start option, is a usage error', async () => {
    const bare = run(['link', ...signIn()]);
    assert.equal(await bare.exited, 64);
    assert.match(bare.stderr(), /--mine is required/);
    const mixed = run(['link', '--mine', '--subject', 'x', ...signIn()]);
    assert.equal(await mixed.exited, 64);
  });

  it('start --invitation prints the invitation with link, conference ID, dial-in and footer', async () => {
    const started = run(['start', '--once', '--invitation', '--subject', 'Plan <b>', ...signIn()]);
    assert.equal(await started.exited, 0, started.stderr());
    const text = started.stdout();
    assert.match(text, /^Plan <b>\n\nJoin the meeting: https:\/\/\S+\/meet\/alice\/\w+\n/);
    assert.match(text, /Join by phone\n {2}Redmond: \+14255550001/);
    assert.match(text, /Conference ID: \d{7}\n/);
    assert.match(text, /confidential\.\n$/);
  });

  it('a second start with saved state takes the remembered route; recent lists both, newest first', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'meetnow-recent-')) };
    const first = run(['start', '--once', '--subject', 'First', ...signIn()], env);
    assert.equal(await first.exited, 0, first.stderr());
    const state = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME, 'meetnow', 'cli.json'), 'utf8'));
    const route = state.routes['alice@meetnow.test'];
    assert.match(route.tokenUrl, /\/WebTicket\/oauthtoken$/);
    assert.match(route.applicationsUrl, /\/ucwa\/oauth\/v1\/applications$/);
    assert.doesNotMatch(JSON.stringify(state), /cwt=|alice-demo-pass|access_token/, 'no secret saved');
    const second = run(['start', '--once', '--verbose', '--subject', 'Second', ...signIn()], env);
    assert.equal(await second.exited, 0, second.stderr());
    const requests = second
      .stderr()
      .split('\n')
      .filter((line) => /^\[ucwa\] (GET|POST|DELETE) /.test(line));
    assert.ok(requests.length > 0, second.stderr());
    assert.ok(!requests.some((line) => line.includes('Autodiscover')), requests.join('\n'));
    assert.match(requests[0] ?? '', /^\[ucwa\] POST \S+\/WebTicket\/oauthtoken/);
    assert.match(requests[1] ?? '', /^\[ucwa\] POST \S+\/ucwa\/oauth\/v1\/applications/);
    const listed = runCli(['recent', '--json'], { env });
    assert.equal(await listed.exited, 0, listed.stderr());
    const meetings = JSON.parse(listed.stdout());
    assert.deepEqual(
      meetings.map((meeting: { subject: string }) => meeting.subject),
      ['Second', 'First'],
    );
    assert.ok(
      meetings.every((meeting: { endedAt?: string }) => meeting.endedAt),
      'left: end recorded',
    );
    const table = runCli(['recent'], { env });
    assert.equal(await table.exited, 0);
    const lines = table.stdout().trim().split('\n');
    assert.match(lines[0] ?? '', /^started \(UTC\)\s+subject\s+conference ID\s+join link$/);
    assert.match(lines[1] ?? '', /Second/);
  });

  it('recent drops a hostile entry with one line on stderr and prints no terminal escape', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'meetnow-recent-')) };
    const good = {
      subject: 'ok \u001b]0;pwned\u0007',
      startedAt: '2026-12-01T09:00:00.000Z',
      participants: [],
      joinUrl: 'https://meet.contoso.com/a/1',
    };
    const path = join(env.XDG_CONFIG_HOME, 'meetnow');
    await import('node:fs').then((fs) => fs.mkdirSync(path, { recursive: true }));
    writeFileSync(
      join(path, 'cli.json'),
      JSON.stringify({
        endpointId: 'e',
        userUrls: {},
        recent: [good, { ...good, joinUrl: 'file:///etc/passwd' }],
      }),
    );
    const listed = runCli(['recent'], { env });
    assert.equal(await listed.exited, 0);
    assert.match(listed.stderr(), /^meetnow: recent meetings: entry 1 dropped \(joinUrl\)\n?$/);
    assert.ok(!listed.stdout().includes('\u001b'));
    // The escape and the spaces around it became one space (the shared invisible set).
    assert.match(listed.stdout(), /ok \]0;pwned /);
  });
});

describe('meetnow link --mine where the deployment assigns no meeting', () => {
  it('exits 77 with one readable line', async () => {
    const sim = await simProcess(['--variant', 'assignedMeeting=not-available']);
    try {
      const run = runCli(['link', '--mine', ...signInArgs(sim.summary)], {
        stdin: `${sim.summary.password}\n`,
      });
      assert.equal(await run.exited, 77, run.stderr());
      assert.equal(run.stdout(), '');
      assert.match(
        run.stderr(),
        /^meetnow: Your account isn't allowed to do this. This server offers no personal meeting link/,
      );
    } finally {
      sim.process.kill();
      await sim.process.exited;
    }
  });
});
