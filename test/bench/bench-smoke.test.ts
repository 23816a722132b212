import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The benchmark in its seconds-long smoke mode. Only request counts and invariants are checked:
// wall times on a shared 2-core machine are reported, never asserted.
describe('npm run bench -- --smoke', () => {
  it('writes every field and keeps the request counts and invariants', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'meetnow-bench-')), 'latest.json');
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /warm start \(shortcut → clipboard\)/);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    const numeric = [
      'rttMs',
      'warmStart.requests',
      'warmStart.wallMs',
      'coldStart.requests',
      'coldStart.wallMs',
      'firstSignIn.requests',
      'firstSignIn.wallMs',
      'idle.requestsPerHour',
      'idle.cpuMsPerHour',
      'idle.heapStartMB',
      'idle.heapEndMB',
      'storm.participants',
      'storm.processingMs',
      'storm.uiUpdates',
      'naive.warmStartRequests',
      'naive.warmStartWallMs',
    ];
    for (const path of numeric) {
      const value = path.split('.').reduce((object: any, key) => object?.[key], results);
      assert.equal(typeof value, 'number', path);
      assert.ok(Number.isFinite(value), path);
    }
    assert.equal(results.warmStart.requests, 2, 'warm start: the POST and one GET for the joinUrl');
    assert.equal(
      results.warmStartEmbedded.requests,
      1,
      'warm start with the onlineMeeting embedded: the POST',
    );
    assert.equal(
      results.coldStart.requests,
      4,
      'saved credentials and route: token, POST applications, POST start, GET onlineMeeting',
    );
    assert.equal(results.coldStartEmbedded.requests, 3, 'with the onlineMeeting embedded in the events');
    assert.equal(results.coldStartUserUrlOnly.requests, 6, 'the user URL alone: no discovery');
    assert.equal(results.firstSignIn.requests, 7);
    assert.equal(
      results.naive.warmStartRequests,
      9,
      'sign-in per click, then GET invitation, conversation and onlineMeeting',
    );
    assert.ok(results.storm.uiUpdates <= 2, `a burst is coalesced (${results.storm.uiUpdates} updates)`);
    assert.equal(results.idle.applicationRecoveries, 1);
    assert.ok(results.idle.tokenGrants >= 3, 'tokens were renewed through the simulated day');
  });
});
