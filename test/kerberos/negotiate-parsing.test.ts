import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNegotiate } from '../../src/main/ucwa/negotiate.js';
import { classifyGssError } from '../../src/node/kerberos-negotiate.js';
import { loginForPrincipal } from '../../src/simulator/negotiate-acceptor.js';

describe('Negotiate challenges (RFC 4559) as IIS and fetch present them', () => {
  it('reads Negotiate beside NTLM, joined by fetch or alone, with or without a token', () => {
    assert.deepEqual(parseNegotiate('Negotiate, NTLM'), { negotiate: true, token: undefined, ntlm: true });
    assert.deepEqual(parseNegotiate('NTLM'), { negotiate: false, token: undefined, ntlm: true });
    assert.deepEqual(parseNegotiate('Negotiate oYG0MIGxoAMKAQA='), {
      negotiate: true,
      token: 'oYG0MIGxoAMKAQA=',
      ntlm: false,
    });
    assert.deepEqual(parseNegotiate(null), { negotiate: false, token: undefined, ntlm: false });
  });

  it('ignores a Negotiate value that is not base64 (no token is taken from it)', () => {
    assert.deepEqual(parseNegotiate('Negotiate <script>'), {
      negotiate: false,
      token: undefined,
      ntlm: false,
    });
  });
});

describe('GSSAPI failures in plain words', () => {
  it('maps the MIT texts seen against the real KDC to their reasons', () => {
    const seen: Array<[string, string]> = [
      [
        'Unspecified GSS failure.  Minor code may provide more information: Clock skew too great',
        'clock-skew',
      ],
      ['Unspecified GSS failure.  Minor code may provide more information: Ticket expired', 'ticket-expired'],
      [
        'Unspecified GSS failure.  Minor code may provide more information: Server HTTP/pool1.contoso.com@CONTOSO.COM not found in Kerberos database',
        'no-service-principal',
      ],
      [
        "Unspecified GSS failure.  Minor code may provide more information: Cannot contact any KDC for realm 'CONTOSO.COM'",
        'kdc-unreachable',
      ],
      [
        'No credentials were supplied, or the credentials were unavailable or inaccessible: No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000)',
        'no-ticket',
      ],
      [
        'No credentials were supplied, or the credentials were unavailable or inaccessible: SPNEGO cannot find mechanisms to negotiate',
        'no-ticket',
      ],
      ['Something else entirely', 'failed'],
    ];
    for (const [message, reason] of seen) assert.equal(classifyGssError(message), reason, message);
  });
});

describe('principal → directory login (the simulator)', () => {
  it('maps user@REALM of the configured realm only, never a service principal', () => {
    assert.equal(
      loginForPrincipal('alice@MEETNOW.TEST', 'MEETNOW.TEST', 'meetnow.test'),
      'alice@meetnow.test',
    );
    assert.equal(loginForPrincipal('alice@OTHER.TEST', 'MEETNOW.TEST', 'meetnow.test'), undefined);
    assert.equal(loginForPrincipal('HTTP/pool1@MEETNOW.TEST', 'MEETNOW.TEST', 'meetnow.test'), undefined);
    assert.equal(loginForPrincipal('@MEETNOW.TEST', 'MEETNOW.TEST', 'meetnow.test'), undefined);
  });
});
