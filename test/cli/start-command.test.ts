import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Agent, fetch } from 'undici';
import { type CliProcess, runCli, simProcess } from '../helpers/cli-process.js';

describe('meetnow start / demo (CLI, as a subprocess)', () => {
  let sim: { summary: any; process: CliProcess };
  before(async () => {
    sim = await simProcess();
  });
  after(async () => {
    sim.process.kill();
    await sim.process.exited;
  });
  const base = () => [
    'start',
    '--discover',
    sim.summary.discover,
    '--user',
    sim.summary.user,
    '--ca-file',
    sim.summary.ca,
  ];

  it('prints the JSON and exits 0 with --password-stdin --once --json', async () => {
    const run = runCli([...base(), '--password-stdin', '--once', '--json', '--subject', 'CLI test'], {
      stdin: `${sim.summary.password}\n`,
    });
    assert.equal(await run.exited, 0, run.stderr());
    const lines = run.stdout().trim().split('\n');
    assert.equal(lines.length, 1, 'exactly one line on stdout');
    const printed = JSON.parse(lines[0] ?? '');
    assert.match(printed.joinUrl, new RegExp(`^${sim.summary.origins[0]}/meet/alice/\\w+$`));
    assert.match(printed.onlineMeetingUri, /^sip:alice@meetnow\.test;gruu;opaque=app:conf:focus:id:/);
    assert.match(printed.conferenceId, /^\d+$/);
    assert.equal(printed.subject, 'CLI test');
    assert.doesNotMatch(run.stdout() + run.stderr(), new RegExp(sim.summary.password));
  });

  it('hosts the meeting until SIGTERM, printing roster lines, and leaves cleanly', async () => {
    const run = runCli([...base(), '--password-stdin', '--invite', 'sip:bob@meetnow.test'], {
      stdin: `${sim.summary.password}\n`,
    });
    const joinUrl = await run.firstLine;
    const page = await fetch(joinUrl, {
      dispatcher: new Agent({ connect: { ca: readFileSync(sim.summary.ca, 'utf8') } }),
    });
    assert.equal(page.status, 200, 'the simulator knows the meeting');
    await page.text();
    const deadline = Date.now() + 5000;
    while (!run.stderr().includes('joined: "Bob Berg"') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(run.stderr(), /joined: "Bob Berg"/);
    run.kill('SIGTERM');
    assert.equal(await run.exited, 0);
  });

  it('exits 77 with one readable line when the password is wrong, and never prints it', async () => {
    const run = runCli([...base(), '--password-stdin', '--once'], { stdin: 'not-the-password\n' });
    assert.equal(await run.exited, 77);
    assert.equal(run.stdout(), '');
    assert.equal(run.stderr().trim().split('\n').length, 1);
    assert.match(run.stderr(), /^meetnow: The server did not accept the user name or password\./);
    assert.doesNotMatch(run.stderr(), /not-the-password/);
    assert.doesNotMatch(run.stderr(), /\n\s+at /, 'no stack trace');
  });

  it('exits 69 when the server cannot be reached', async () => {
    const run = runCli(
      [
        'start',
        '--discover',
        'https://127.0.0.1:1/',
        '--user',
        'alice@meetnow.test',
        '--password-stdin',
        '--once',
      ],
      { stdin: 'x\n' },
    );
    assert.equal(await run.exited, 69);
    assert.match(run.stderr(), /could not be reached/);
  });

  it('exits 77 for an untrusted certificate and for a host outside the domain', async () => {
    const noCa = runCli(
      ['start', '--discover', sim.summary.discover, '--user', sim.summary.user, '--password-stdin', '--once'],
      { stdin: `${sim.summary.password}\n` },
    );
    assert.equal(await noCa.exited, 77);
    assert.match(noCa.stderr(), /certificate/);
    const otherDomain = runCli(
      [
        'start',
        '--discover',
        sim.summary.discover.replace('127.0.0.1', 'localhost'),
        '--user',
        sim.summary.user,
        '--ca-file',
        sim.summary.ca,
        '--password-stdin',
        '--once',
      ],
      { stdin: `${sim.summary.password}\n` },
    );
    assert.equal(await otherDomain.exited, 77);
    assert.match(otherDomain.stderr(), /127\.0\.0\.1 is not in meetnow\.test/);
  });

  it('exits 64 on usage errors and 77 with a hint when no password source exists', async () => {
    const missing = runCli(['start']);
    assert.equal(await missing.exited, 64);
    assert.match(missing.stderr(), /--user is required/);
    const noPassword = runCli([...base(), '--once'], { env: { DBUS_SESSION_BUS_ADDRESS: '' } });
    assert.equal(await noPassword.exited, 77);
    // No keychain is said as such: "run meetnow login" would only fail the same way (audit L8).
    assert.match(noPassword.stderr(), /keychain is not available.*--password-stdin/);
    assert.doesNotMatch(noPassword.stderr(), /meetnow login/);
  });

  it('remembers its EndpointId and the discovered user URL, so a second run skips discovery', async () => {
    const { mkdtempSync, readFileSync: read } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const config = mkdtempSync(join(tmpdir(), 'meetnow-shared-'));
    const args = [...base(), '--password-stdin', '--once', '--verbose'];
    const first = runCli(args, { stdin: `${sim.summary.password}\n`, env: { XDG_CONFIG_HOME: config } });
    assert.equal(await first.exited, 0, first.stderr());
    const state = JSON.parse(read(join(config, 'meetnow', 'cli.json'), 'utf8'));
    assert.match(state.endpointId, /^[0-9a-f-]{36}$/);
    assert.ok(state.userUrls[`alice@meetnow.test via ${sim.summary.discover}`]);
    assert.match(
      first.stderr(),
      /GET https:\/\/127\.0\.0\.1:\d+\/Autodiscover\/AutodiscoverService\.svc\/root →/,
    );
    const second = runCli(args, { stdin: `${sim.summary.password}\n`, env: { XDG_CONFIG_HOME: config } });
    assert.equal(await second.exited, 0, second.stderr());
    assert.doesNotMatch(second.stderr(), /AutodiscoverService\.svc\/root →/, 'no discovery on the warm run');
    assert.equal(JSON.parse(read(join(config, 'meetnow', 'cli.json'), 'utf8')).endpointId, state.endpointId);
    assert.doesNotMatch(
      first.stderr() + second.stderr(),
      new RegExp(sim.summary.password),
      'verbose logs carry no password',
    );
    assert.doesNotMatch(first.stderr() + second.stderr(), /cwt=/, 'nor tokens');
  });

  it('runs the whole demo in one command: a join URL the simulator knows', async () => {
    const run = runCli(['demo', '--once', '--json']);
    assert.equal(await run.exited, 0, run.stderr());
    const printed = JSON.parse(run.stdout());
    assert.match(printed.joinUrl, /^https:\/\/127\.0\.0\.1:\d+\/meet\/alice\/\w+$/);
  });
});

describe('meetnow start against a faulty server', () => {
  it('exits 76 when the server breaks the protocol', async () => {
    const sim = await simProcess(['--fault', 'user:malformed:inf']);
    try {
      const run = runCli(
        [
          'start',
          '--discover',
          sim.summary.discover,
          '--user',
          sim.summary.user,
          '--ca-file',
          sim.summary.ca,
          '--password-stdin',
          '--once',
        ],
        { stdin: `${sim.summary.password}\n` },
      );
      assert.equal(await run.exited, 76);
      assert.match(run.stderr(), /malformed JSON/);
    } finally {
      sim.process.kill();
      await sim.process.exited;
    }
  });

  it('survives a dropped event channel and a 503, and exits 75 when the server stays busy', async () => {
    const flaky = await simProcess(['--fault', 'events:drop:1', '--fault', 'startOnlineMeeting:503:1']);
    try {
      const run = runCli(
        [
          'start',
          '--discover',
          flaky.summary.discover,
          '--user',
          flaky.summary.user,
          '--ca-file',
          flaky.summary.ca,
          '--password-stdin',
          '--once',
          '--json',
        ],
        { stdin: `${flaky.summary.password}\n` },
      );
      assert.equal(await run.exited, 0, run.stderr());
    } finally {
      flaky.process.kill();
      await flaky.process.exited;
    }
    const busy = await simProcess(['--fault', 'startOnlineMeeting:503:inf']);
    try {
      const run = runCli(
        [
          'start',
          '--discover',
          busy.summary.discover,
          '--user',
          busy.summary.user,
          '--ca-file',
          busy.summary.ca,
          '--password-stdin',
          '--once',
        ],
        { stdin: `${busy.summary.password}\n` },
      );
      assert.equal(await run.exited, 75);
      assert.match(run.stderr(), /busy/);
    } finally {
      busy.process.kill();
      await busy.process.exited;
    }
  });
});
