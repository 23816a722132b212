import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withSignInCause } from '../../src/main/session/sign-in-problem.js';
import { UcwaError, UcwaHttpError } from '../../src/main/ucwa/errors.js';

const notFound = (cause: unknown) =>
  new UcwaError('network', 'No Skype for Business server found for meetnow.test.', { cause });
const problem = {
  kind: 'network',
  message: 'The server could not be reached. No Skype for Business server found for meetnow.test.',
};

describe('sign-in errors name the cause and the host (audit L7)', () => {
  it('timed out, with the host of an explicit --discover', () => {
    const out = withSignInCause(
      problem,
      notFound(new UcwaError('timeout', 'The server took too long to answer.')),
      'https://sfb.meetnow.test:4443/root',
    );
    assert.match(out.message, /Timed out waiting for sfb\.meetnow\.test:4443\.$/);
  });

  it('refused, not found and reset say so', () => {
    const cases: Array<[string, RegExp]> = [
      ['ECONNREFUSED', /Cannot reach 127\.0\.0\.1:5 \(ECONNREFUSED\): the connection was refused\.$/],
      ['ENOTFOUND', /no such host\.$/],
      ['ECONNRESET', /the connection was reset\.$/],
    ];
    for (const [code, pattern] of cases) {
      const cause = new UcwaError('network', `Cannot reach 127.0.0.1:5 (${code}).`);
      assert.match(withSignInCause(problem, notFound(cause), undefined).message, pattern, code);
    }
  });

  it('a server that answered 404 to discovery is "not found" with its host, not "unreachable" alone', () => {
    const cause = new UcwaHttpError(
      'http',
      404,
      undefined,
      undefined,
      '127.0.0.1:5 answered 404 to discovery.',
      undefined,
      undefined,
      true,
    );
    assert.match(
      withSignInCause(problem, notFound(cause), undefined).message,
      /127\.0\.0\.1:5 answered 404 to discovery\.$/,
    );
  });

  it('other problems are left as they are', () => {
    const credentials = {
      kind: 'credentials',
      message: 'The server did not accept the user name or password.',
    };
    assert.deepEqual(withSignInCause(credentials, new UcwaError('credentials', 'x'), undefined), credentials);
  });
});
