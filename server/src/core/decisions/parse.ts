/**
 * Parses and validates a decisions file, with the location of every problem (offset and length in the file),
 * so the language server can underline it. A small hand-written validator rather than a JSON Schema engine: it
 * runs on the syntax tree of jsonc-parser (which keeps offsets), so each error points at the value that is wrong,
 * and its messages can say what an annotator should write instead. The shipped JSON Schema
 * (`schemas/annotations.schema.json`, for completion when editing by hand) is checked against this validator by
 * the tests (with ajv).
 */
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { ACTOR_TYPES, ActorType } from '../model';
import { AddedEntity, DecisionActor, Decisions, DECISIONS_VERSION, SpanRef } from './types';
import { formKey } from './names';

export interface DecisionProblem {
  readonly start: number;
  readonly length: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface ParseResult {
  /** The decisions, when the file has no errors (warnings allowed). */
  readonly decisions?: Decisions;
  readonly problems: readonly DecisionProblem[];
}

const TOP_KEYS = ['$schema', 'version', 'actors', 'keepSeparate', 'notEntities', 'added', 'removed'];

export function parseDecisions(text: string): ParseResult {
  const problems: DecisionProblem[] = [];
  const err = (n: { offset: number; length: number } | undefined, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ start: n?.offset ?? 0, length: n?.length ?? 0, message, severity });
  };
  if (text.trim() === '') return { decisions: { version: DECISIONS_VERSION, actors: [], keepSeparate: [], notEntities: [], added: [], removed: [] }, problems };
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  for (const e of syntax) err({ offset: e.offset, length: Math.max(e.length, 1) }, `Invalid JSON: ${describeParseError(printParseErrorCode(e.error))}`);
  if (syntax.length > 0 || !root) return { problems };
  if (root.type !== 'object') {
    err(root, 'The decisions file must hold one JSON object: { "version": 1, "actors": [], … }');
    return { problems };
  }
  const props = properties(root, TOP_KEYS, err);
  const version = props.get('version');
  if (!version) err({ offset: root.offset, length: 1 }, 'Missing "version": 1');
  else if (version.value !== DECISIONS_VERSION) err(version, `"version" must be ${DECISIONS_VERSION}`);
  const schema = props.get('$schema');
  if (schema && schema.type !== 'string') err(schema, '"$schema" must be a string');

  const actors = arrayOf(props.get('actors'), 'actors', err, (n) => actor(n, err));
  const keepSeparate = arrayOf(props.get('keepSeparate'), 'keepSeparate', err, (n) => pair(n, err));
  const notEntities = arrayOf(props.get('notEntities'), 'notEntities', err, (n) => str(n, 'a spelling that is not an entity', err));
  const added = arrayOf(props.get('added'), 'added', err, (n) => span(n, true, err) as AddedEntity | undefined);
  const removed = arrayOf(props.get('removed'), 'removed', err, (n) => span(n, false, err));

  // Consistency: ids and spellings name one actor each.
  const ids = new Map<string, Node>();
  const spellings = new Map<string, string>();
  const actorNodes = props.get('actors')?.children ?? [];
  actors.forEach((a, i) => {
    const node = actorNodes[i];
    if (a.id !== undefined) {
      if (ids.has(a.id)) err(node, `Two actors have the id "${a.id}"`);
      ids.set(a.id, node!);
    }
    for (const s of [a.canonical, ...(a.aliases ?? [])]) {
      const k = formKey(s);
      const other = spellings.get(k);
      if (other !== undefined && other !== a.canonical) err(node, `«${s}» also belongs to the actor «${other}»: a spelling can name only one actor`);
      spellings.set(k, a.canonical);
    }
  });
  const pairNodes = props.get('keepSeparate')?.children ?? [];
  keepSeparate.forEach(([x, y], i) => {
    const a = spellings.get(formKey(x));
    if (a !== undefined && a === spellings.get(formKey(y))) err(pairNodes[i], `«${x}» and «${y}» are kept separate but both belong to the actor «${a}»`, 'warning');
  });
  const errors = problems.some((p) => p.severity === 'error');
  return errors ? { problems } : { decisions: { version: DECISIONS_VERSION, actors, keepSeparate, notEntities, added, removed }, problems };
}

function describeParseError(code: string): string {
  switch (code) {
    case 'InvalidSymbol': return 'unexpected character';
    case 'InvalidNumberFormat': return 'invalid number';
    case 'PropertyNameExpected': return 'a property name in double quotes is expected';
    case 'ValueExpected': return 'a value is expected';
    case 'ColonExpected': return '":" is expected';
    case 'CommaExpected': return '"," is expected';
    case 'CloseBraceExpected': return '"}" is expected';
    case 'CloseBracketExpected': return '"]" is expected';
    case 'EndOfFileExpected': return 'nothing may follow the object';
    case 'InvalidCommentToken': return 'comments are not allowed';
    case 'UnexpectedEndOfComment': return 'unterminated comment';
    case 'UnexpectedEndOfString': return 'unterminated string';
    case 'UnexpectedEndOfNumber': return 'unterminated number';
    case 'InvalidUnicode': return 'invalid \\u escape';
    case 'InvalidEscapeCharacter': return 'invalid escape character';
    case 'InvalidCharacter': return 'invalid character in a string';
    default: return code;
  }
}

type Err = (n: { offset: number; length: number } | undefined, message: string, severity?: 'error' | 'warning') => void;

function properties(obj: Node, allowed: readonly string[], err: Err): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of obj.children ?? []) {
    const [k, v] = p.children ?? [];
    if (!k || !v) continue;
    const key = String(k.value);
    if (!allowed.includes(key)) {
      err(k, `Unknown property "${key}" (expected ${allowed.filter((a) => a !== '$schema').map((a) => `"${a}"`).join(', ')})`);
      continue;
    }
    if (out.has(key)) err(k, `Duplicate property "${key}"`);
    out.set(key, v);
  }
  return out;
}

function arrayOf<T>(n: Node | undefined, name: string, err: Err, item: (n: Node) => T | undefined): T[] {
  if (!n) return [];
  if (n.type !== 'array') {
    err(n, `"${name}" must be an array`);
    return [];
  }
  const out: T[] = [];
  for (const c of n.children ?? []) {
    const v = item(c);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function str(n: Node | undefined, what: string, err: Err, parent?: Node, key?: string): string | undefined {
  if (!n) {
    err(parent, `Missing "${key}" (${what})`);
    return undefined;
  }
  if (n.type !== 'string' || (n.value as string).trim() === '') {
    err(n, `Expected ${what}: a non-empty string`);
    return undefined;
  }
  return n.value as string;
}

function actorType(n: Node | undefined, err: Err): ActorType | undefined {
  if (n === undefined) return undefined;
  if (n.type !== 'string' || !ACTOR_TYPES.includes(n.value as ActorType)) {
    err(n, `"type" must be "person", "organization" or "place"`);
    return undefined;
  }
  return n.value as ActorType;
}

function actor(n: Node, err: Err): DecisionActor | undefined {
  if (n.type !== 'object') {
    err(n, 'An actor is an object: { "canonical": "…", "type": "person", "aliases": ["…"] }');
    return undefined;
  }
  const p = properties(n, ['id', 'canonical', 'type', 'aliases'], err);
  const canonical = str(p.get('canonical'), 'the canonical spelling', err, n, 'canonical');
  const idNode = p.get('id');
  const id = idNode ? str(idNode, 'an actor id', err) : undefined;
  const typeNode = p.get('type');
  const type = actorType(typeNode, err);
  const aliases = p.has('aliases') ? arrayOf(p.get('aliases'), 'aliases', err, (c) => str(c, 'a spelling', err)) : undefined;
  if (canonical === undefined || (idNode && id === undefined) || (typeNode && type === undefined)) return undefined;
  return { ...(id !== undefined ? { id } : {}), canonical, ...(type ? { type } : {}), ...(aliases && aliases.length ? { aliases } : {}) };
}

function pair(n: Node, err: Err): [string, string] | undefined {
  const c = n.children ?? [];
  if (n.type !== 'array' || c.length !== 2 || c.some((x) => x.type !== 'string' || (x.value as string).trim() === '')) {
    err(n, 'A "keepSeparate" entry is a pair of spellings: ["…", "…"]');
    return undefined;
  }
  const [a, b] = [c[0]!.value as string, c[1]!.value as string];
  if (formKey(a) === formKey(b)) {
    err(n, `«${a}» and «${b}» are the same spelling (after normalization) and cannot be kept separate`);
    return undefined;
  }
  return [a, b];
}

function offset(n: Node | undefined, what: string, err: Err, parent: Node, key: string): number | undefined {
  if (!n) {
    err(parent, `Missing "${key}" (${what})`);
    return undefined;
  }
  if (n.type !== 'number' || !Number.isInteger(n.value) || (n.value as number) < 0) {
    err(n, `"${key}" must be a non-negative integer (${what})`);
    return undefined;
  }
  return n.value as number;
}

function span(n: Node, withType: boolean, err: Err): SpanRef | AddedEntity | undefined {
  if (n.type !== 'object') {
    err(n, withType ? 'An added entity is an object: { "file", "start", "end", "text", "type", "actor" }' : 'A removed mention is an object: { "file", "start", "end", "text" }');
    return undefined;
  }
  const p = properties(n, withType ? ['file', 'start', 'end', 'text', 'type', 'actor'] : ['file', 'start', 'end', 'text'], err);
  const file = str(p.get('file'), 'the article, relative to the workspace folder', err, n, 'file');
  const start = offset(p.get('start'), 'UTF-16 offset of the first character', err, n, 'start');
  const end = offset(p.get('end'), 'UTF-16 offset after the last character', err, n, 'end');
  const text = str(p.get('text'), 'the text at these offsets', err, n, 'text');
  if (start !== undefined && end !== undefined && end <= start) err(p.get('end'), '"end" must be greater than "start"');
  if (start !== undefined && end !== undefined && text !== undefined && end > start && end - start !== text.length) err(p.get('text'), `"text" has ${text.length} UTF-16 code units but the span has ${end - start}`);
  let type: ActorType | undefined;
  let actorName: string | undefined;
  if (withType) {
    if (!p.has('type')) err(n, 'Missing "type" ("person", "organization" or "place")');
    type = actorType(p.get('type'), err);
    if (p.has('actor')) actorName = str(p.get('actor'), 'the actor (id or canonical spelling)', err);
  }
  if (file === undefined || start === undefined || end === undefined || text === undefined || end <= start || end - start !== text.length) return undefined;
  if (!withType) return { file, start, end, text };
  if (!type || (p.has('actor') && actorName === undefined)) return undefined;
  return { file, start, end, text, type, ...(actorName !== undefined ? { actor: actorName } : {}) };
}
