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
  /** A short name for an article (its file name, as it is written: the parsed path is already decoded). */
  basename(uri: string): string {
    const p = VsUri.parse(uri).path;
    return p.slice(p.lastIndexOf('/') + 1);
  },
};
