import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** PEM-encoded material for one simulator run: a throwaway CA and the server certificate it signed. */
export interface SimulatorTls {
  /** The CA certificate a client must trust (PEM). */
  readonly caPem: string;
  /** The server certificate chain (leaf, then CA) in PEM. */
  readonly certPem: string;
  /** The server's private key in PKCS#8 PEM. */
  readonly keyPem: string;
  /** Issues another leaf from the same CA (e.g. one for the wrong name, as wildcard DNS serves). */
  issue(hostnames: readonly string[]): Promise<{ certPem: string; keyPem: string }>;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/**
 * Makes a fresh CA and a server certificate for the given names, valid for a day.
 * ECDSA P-256 keeps this to a few milliseconds, so every run gets its own CA and no key ever
 * outlives the process that made it.
 */
export async function createSimulatorTls(hostnames: readonly string[]): Promise<SimulatorTls> {
  x509.cryptoProvider.set(webcrypto as never);
  const now = Date.now();
  const notBefore = new Date(now - 60_000);
  const notAfter = new Date(now + 24 * 3600_000);

  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=Meet Now UCWA simulator CA (throwaway)',
    notBefore,
    notAfter,
    signingAlgorithm: algorithm,
    keys: caKeys as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as never),
    ],
  });

  const issue = async (names: readonly string[]) => {
    const leafKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const altNames = names.map((name) =>
      /^[\d.]+$/.test(name) || name.includes(':')
        ? { type: 'ip' as const, value: name }
        : { type: 'dns' as const, value: name },
    );
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${names[0] ?? 'localhost'}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      publicKey: leafKeys.publicKey as never,
      signingKey: caKeys.privateKey as never,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(altNames),
        await x509.AuthorityKeyIdentifierExtension.create(ca, false),
      ],
    });

    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey as never);
    const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
    return { certPem: `${leaf.toString('pem')}\n${ca.toString('pem')}`, keyPem };
  };

  const main = await issue(hostnames);
  return { caPem: ca.toString('pem'), certPem: main.certPem, keyPem: main.keyPem, issue };
}

function randomSerial(): string {
  // A positive 16-byte serial: clear the top bit so DER does not read it as negative.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}
