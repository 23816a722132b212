// What grew between two heap snapshots (e.g. the soak's MEETNOW_SOAK_SNAPSHOTS=200,600):
// objects grouped by constructor (or string/closure/array), count and self size, biggest growth first.
// `node --import tsx bench/heap-diff.ts /tmp/soak-200.heapsnapshot /tmp/soak-600.heapsnapshot`
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function groups(path: string): Map<string, { count: number; bytes: number }> {
  const heap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [
    number,
    number,
    number,
  ];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let index = 0; index < heap.nodes.length; index += width) {
    const type = types[heap.nodes[index + typeAt] ?? 0] ?? '?';
    const name =
      type === 'object' || type === 'closure' ? (heap.strings[heap.nodes[index + nameAt] ?? 0] ?? '?') : '';
    const key = `${type}${name ? ` ${name.slice(0, 60)}` : ''}`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += heap.nodes[index + sizeAt] ?? 0;
    out.set(key, entry);
  }
  return out;
}

const [before, after] = process.argv.slice(2);
if (!before || !after) throw new Error('usage: heap-diff.ts BEFORE.heapsnapshot AFTER.heapsnapshot');
const a = groups(before);
const b = groups(after);
const rows = [...new Set([...a.keys(), ...b.keys()])]
  .map((key) => ({
    key,
    count: (b.get(key)?.count ?? 0) - (a.get(key)?.count ?? 0),
    bytes: (b.get(key)?.bytes ?? 0) - (a.get(key)?.bytes ?? 0),
  }))
  .sort((x, y) => y.bytes - x.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
process.stdout.write(`total self size ${total >= 0 ? '+' : ''}${Math.round(total / 1024)} KB\n`);
for (const row of rows.slice(0, 25))
  process.stdout.write(
    `${String(Math.round(row.bytes / 1024)).padStart(7)} KB ${String(row.count).padStart(7)}  ${row.key}\n`,
  );
