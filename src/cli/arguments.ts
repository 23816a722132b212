import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { assertSecureUrl } from '../main/ucwa/urls.js';
import { UsageError } from './exit-codes.js';
import { terminalText } from './terminal-text.js';

/** --discover must be an http(s) URL, and https outside loopback: refused before anything runs. */
export function checkDiscoverUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--discover "${terminalText(value)}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--discover must be an https:// URL, not ${terminalText(url.protocol)}`);
  try {
    assertSecureUrl(url);
  } catch (error) {
    throw new UsageError(`--discover: ${(error as Error).message}`);
  }
}

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads a --ca-file: one or more PEM certificates, each of which must parse, or exit 64. */
export function readCaFile(path: string): string {
  const shown = terminalText(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --ca-file ${shown}: ${terminalText((error as Error).message)}`);
  }
  const blocks = text.match(pemCertificate) ?? [];
  if (blocks.length === 0)
    throw new UsageError(`--ca-file ${shown} has no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new UsageError(`--ca-file ${shown}: certificate ${index + 1} is not a valid PEM certificate`);
    }
  });
  return blocks.join('\n');
}
