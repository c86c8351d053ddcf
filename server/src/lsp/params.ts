/**
 * Checks the parameters of incoming requests before any feature sees them. A client that sends a malformed
 * request gets a JSON-RPC InvalidParams error (-32602) naming what is wrong, instead of an internal error from
 * deep inside a feature; positions past the end of a document are valid (they are clamped), negative or
 * fractional ones are not (LSP positions are unsigned integers).
 */
import { ErrorCodes, LSPErrorCodes, Message, Position, Range, ResponseError, CancellationToken } from 'vscode-languageserver';
import type { ConnectionOptions, ResponseMessage } from 'vscode-languageserver';
import { requestActivity } from './requestActivity';

export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUinteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1;

export function object(v: unknown, what: string): Record<string, unknown> {
  if (!isObject(v)) throw invalidParams(`${what} must be an object`);
  return v;
}

export function string(v: unknown, what: string): string {
  if (typeof v !== 'string') throw invalidParams(`${what} must be a string`);
  return v;
}

export function optionalString(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : string(v, what);
}

export function position(v: unknown, what = 'position'): Position {
  const p = object(v, what);
  if (!isUinteger(p.line) || !isUinteger(p.character)) throw invalidParams(`${what} must be { line, character } with non-negative integers`);
  return { line: p.line, character: p.character };
}

export function range(v: unknown, what = 'range'): Range {
  const r = object(v, what);
  return { start: position(r.start, `${what}.start`), end: position(r.end, `${what}.end`) };
}

/** `textDocument.uri` of a request. */
export function documentUri(params: unknown): string {
  const p = object(params, 'params');
  return string(object(p.textDocument, 'textDocument').uri, 'textDocument.uri');
}

/** `textDocument.uri` and `position` of a request. */
export function documentPosition(params: unknown): { uri: string; position: Position } {
  return { uri: documentUri(params), position: position(object(params, 'params').position) };
}

/** Throws RequestCancelled when the client cancelled the request while it ran. */
export function checkCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/**
 * Requests cancelled before they started are answered at once with RequestCancelled (-32800) instead of
 * being run for nothing: the `cancelUndispatched` strategy of vscode-jsonrpc.
 */
const cancelStrategy = {
  cancelUndispatched(message: Message): ResponseMessage | undefined {
    const id = (message as { id?: number | string | null }).id;
    if (id === undefined) return undefined;
    return { jsonrpc: '2.0', id, error: new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled before it started.').toJson() };
  },
};

/**
 * The connection's options: the strategy above, and each request noted as it is dispatched (background work
 * gives way while requests keep coming, see requestActivity.ts).
 */
export const connectionOptions: ConnectionOptions = {
  connectionStrategy: cancelStrategy,
  messageStrategy: {
    handleMessage(message, next) {
      if (Message.isRequest(message)) requestActivity.note();
      return next(message);
    },
  },
};
