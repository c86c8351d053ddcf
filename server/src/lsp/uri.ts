/** URIs as VS Code writes them (vscode-uri), and file-system paths. */
import { URI as VsUri } from 'vscode-uri';

export const URI = {
  fromFsPath(file: string): string {
    return VsUri.file(file).toString();
  },
  /** The file-system path of a file: URI, or undefined for other schemes. */
  toFsPath(uri: string): string | undefined {
    const u = VsUri.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  },
  /**
   * A short name for an article (its file name, as it is written: the parsed path is already decoded).
   * Remembered: diagnostics name other articles thousands of times when a corpus is published.
   */
  basename(uri: string): string {
    let name = basenames.get(uri);
    if (name === undefined) {
      const p = VsUri.parse(uri).path;
      name = p.slice(p.lastIndexOf('/') + 1);
      if (basenames.size >= MAX_BASENAMES) basenames.delete(basenames.keys().next().value!);
      basenames.set(uri, name);
    }
    return name;
  },
};

const basenames = new Map<string, string>();
/** Names remembered (the oldest is forgotten first): more than the articles of a large corpus. */
const MAX_BASENAMES = 100000;
