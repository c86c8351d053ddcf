/**
 * Atomic file writes: write a temporary file in the same folder, flush it to disk, then rename it over
 * the target. A crash at any point leaves either the old file or the new one, never a torn file.
 *
 * The temporary file is hidden (`.<name>.<pid>.<stamp>.tmp`), so no corpus reader takes it for an article; one
 * left behind by a process that was killed mid-write is removed by the next write of the same file. A target
 * that is a symbolic link stays a link: its target is written.
 */
import * as fs from 'fs';
import * as path from 'path';

let counter = 0;

/** True when a process with this id is alive (EPERM: alive, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files of earlier writes of `file` whose process is gone. Best effort: never throws. */
function removeStaleTemporaries(dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(/^(\d+)\./.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && alive(pid))) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // another process may be cleaning up too
    }
  }
}

/** The file a write must replace: the target of a symbolic link (followed to the end), else the path itself. */
function resolveTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file; // does not exist yet (or a broken link: then the link itself is replaced)
  }
}

/** Where a write of `requested` goes: the file it replaces, its temporary file and the mode to keep. */
function prepareWrite(requested: string): { file: string; tmp: string; mode: number } {
  const file = resolveTarget(requested);
  const dir = path.dirname(file);
  const base = path.basename(file);
  removeStaleTemporaries(dir, base);
  const tmp = path.join(dir, `.${base}.${process.pid}.${Date.now().toString(36)}${(counter++).toString(36)}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  return { file, tmp, mode: mode ?? 0o644 };
}

export function writeFileAtomicSync(requested: string, data: string | Uint8Array): void {
  const { file, tmp, mode } = prepareWrite(requested);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * `writeFileAtomicSync` with the writing, flushing and renaming done by the thread pool: the event loop
 * goes on meanwhile (for large files written in the background, such as the persisted index). `data` may
 * come in parts, written one after the other.
 */
export async function writeFileAtomic(requested: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const { file, tmp, mode } = prepareWrite(requested);
  const handle = await fs.promises.open(tmp, 'wx', mode);
  try {
    // Each writeFile writes from where the last one ended.
    for (const part of typeof data === 'string' || data instanceof Uint8Array ? [data] : data) await handle.writeFile(part);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * A file written atomically in parts, for files too large to hold in memory at once (the persisted
 * index): the parts go to the temporary file as they come (synchronous writes of a megabyte or less, into
 * the page cache), and `commit` flushes it to disk in the thread pool and renames it over the target.
 * Until then the target is as it was; `abort` (or a failing write) removes the temporary file.
 */
export class AtomicFileWriter {
  private position = 0;
  private closed = false;

  private constructor(private readonly file: string, private readonly tmp: string, private readonly fd: number) {}

  static open(requested: string): AtomicFileWriter {
    const { file, tmp, mode } = prepareWrite(requested);
    return new AtomicFileWriter(file, tmp, fs.openSync(tmp, 'wx', mode));
  }

  /** Appends `bytes`; a failure removes the temporary file and throws. */
  write(bytes: Uint8Array): void {
    this.writeAt(bytes, this.position);
    this.position += bytes.length;
  }

  /** Writes `bytes` at `position` (a part written earlier, such as a header completed at the end). */
  writeAt(bytes: Uint8Array, position: number): void {
    try {
      for (let at = 0; at < bytes.length;) at += fs.writeSync(this.fd, bytes, at, bytes.length - at, position + at);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** Flushes and closes the file (in the thread pool), then renames it over the target. */
  async commit(): Promise<void> {
    this.closed = true;
    try {
      await new Promise<void>((resolve, reject) => fs.fsync(this.fd, (e) => (e ? reject(e) : resolve())));
    } catch (e) {
      fs.closeSync(this.fd);
      await fs.promises.rm(this.tmp, { force: true });
      throw e;
    }
    fs.closeSync(this.fd);
    try {
      await fs.promises.rename(this.tmp, this.file);
    } catch (e) {
      await fs.promises.rm(this.tmp, { force: true });
      throw e;
    }
  }

  /** `commit`, blocking. */
  commitSync(): void {
    this.closed = true;
    try {
      fs.fsyncSync(this.fd);
    } catch (e) {
      fs.closeSync(this.fd);
      fs.rmSync(this.tmp, { force: true });
      throw e;
    }
    fs.closeSync(this.fd);
    try {
      fs.renameSync(this.tmp, this.file);
    } catch (e) {
      fs.rmSync(this.tmp, { force: true });
      throw e;
    }
  }

  /** Gives up: the temporary file is removed, the target stays as it was. Never throws. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.tmp, { force: true });
  }
}
