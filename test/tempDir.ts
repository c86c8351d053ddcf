/** Temporary folders for tests, removed when the test process exits (whatever the outcome). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A new folder under the system's temporary folder, named `prefix` + random characters. */
export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A new temporary folder (see `tempDir`) holding a copy of the seed articles. */
export function seedsCopy(prefix: string): string {
  const seeds = path.resolve(__dirname, '..', 'seeds');
  const d = tempDir(prefix);
  for (const f of fs.readdirSync(seeds)) fs.copyFileSync(path.join(seeds, f), path.join(d, f));
  return d;
}
