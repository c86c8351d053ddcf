/** URIs as VS Code writes them (vscode-uri), and file-system paths. */
import { URI as VsUri } from 'vscode-uri';
import { remembered } from './boundedMemo';

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
    return remembered(basenames, uri, MAX_BASENAMES, () => {
      const p = VsUri.parse(uri).path;
      return p.slice(p.lastIndexOf('/') + 1);
    });
  },
};

const basenames = new Map<string, string>();
/** Names remembered (the oldest is forgotten first): more than the articles of a large corpus. */
const MAX_BASENAMES = 100000;
