import { createInterface } from 'node:readline';
import { type Readable, Writable } from 'node:stream';

/** Reads the first line of a stream (for --password-stdin); the line ending is not part of it. */
export async function readFirstLine(input: Readable): Promise<string> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

/** Asks for a password on a terminal; readline's echo goes to a sink, so nothing typed is shown. */
export function promptHidden(question: string, input: Readable, output: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    const sink = new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    });
    const rl = createInterface({ input, output: sink, terminal: true });
    rl.once('line', (answer) => {
      output.write('\n');
      rl.close();
      resolve(answer);
    });
    rl.once('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}
