/**
 * `arabic-news` command-line tool over the analysis core.
 *
 *   arabic-news actors [--format json|text] <paths…>
 *   arabic-news lint   [--format json|text] <paths…>          exit 0 clean, 1 findings, 2 usage/IO error
 *   arabic-news export --format jsonl|conll|brat [--out DIR] <paths…>
 *   arabic-news import --format brat|jsonl SOURCE <paths…>     into the decisions file
 *   arabic-news fix    [--write] [--format json|text] <paths…>
 */
import { parseArgs } from 'util';
import { UsageError, listArticleFiles } from '../../server/src/node/fsCorpus';
import { LoadedCorpus, PreRead, loadCorpus } from './corpus';
import { actorsJson, actorsText } from './commands/actors';
import { lintJson, lintText } from './commands/lint';
import { parseExportFormat, runExport } from './commands/exportCmd';
import { runImport } from './commands/importCmd';
import { applyDecisions, cliWorkspace } from './workspace';
import { runFix } from './commands/fix';
import { table } from './format';
import { AnalysisPool, BATCH_FILES, ReadResult, runAnalysisWorker } from '../../server/src/node/analysisPool';

/** True in a worker thread of the analysis pool: this bundle is also the workers' script, and serves recognition there. */
export const isAnalysisWorker = runAnalysisWorker();

/** Articles below which worker threads are not worth starting. */
const PARALLEL_MIN_ARTICLES = 64;
const CORPUS_COMMANDS = new Set(['actors', 'lint', 'export', 'fix']);

/**
 * `runCli`, with many articles read and analysed first in worker threads (one per core); the results
 * are the same, only sooner. Used by bin/arabic-news.js.
 */
export async function runCliParallel(argv: readonly string[], io: CliIO): Promise<number | 'serving'> {
  return runCli(argv, io, await readInParallel(argv));
}

/** The command-line options (the same table for reading ahead in parallel and for running the command). */
const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  write: { type: 'boolean' },
  decisions: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The article files a command line names, when the command analyses a corpus of enough articles to be
 * worth worker threads; undefined otherwise (and for a command line runCli will refuse).
 */
export function parallelReadFiles(argv: readonly string[]): readonly string[] | undefined {
  return parallelListing(argv)?.files;
}

/** `parallelReadFiles`, with the paths listed and the folders the listing could not read. */
function parallelListing(argv: readonly string[]): Omit<PreRead, 'results'> | undefined {
  let listing: Omit<PreRead, 'results'>;
  try {
    const { positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    const [command, ...paths] = positionals;
    if (!command || !CORPUS_COMMANDS.has(command) || paths.length === 0) return undefined;
    const unreadable: Array<{ folder: string; reason: string }> = [];
    listing = { paths, files: listArticleFiles(paths, process.cwd(), (folder, reason) => unreadable.push({ folder, reason })), unreadable };
  } catch {
    return undefined; // runCli reports the problem
  }
  return listing.files.length < PARALLEL_MIN_ARTICLES ? undefined : listing;
}

async function readInParallel(argv: readonly string[]): Promise<PreRead | undefined> {
  const listing = parallelListing(argv);
  if (!listing) return undefined;
  const { files } = listing;
  const pool = new AnalysisPool(__filename, 'cli');
  try {
    const results = new Map<string, ReadResult>();
    const jobs: Array<Promise<void>> = [];
    // A batch a worker failed on is read again by the main thread (loadCorpus reads what is missing).
    for (let i = 0; i < files.length; i += BATCH_FILES) jobs.push(pool.read(files.slice(i, i + BATCH_FILES)).then((rs) => rs.forEach((r) => results.set(r.file, r)), () => undefined));
    await Promise.all(jobs);
    return { ...listing, results };
  } finally {
    await pool.close();
  }
}

export const USAGE = `Usage: arabic-news <command> [options] <files or folders…>

Commands:
  actors   list the actors (persons, organizations, places) with their spelling variants
  lint     report inconsistent spellings of one actor and words run together
  export   write the entities: --format jsonl | conll | brat [--out DIR]
  import   read annotations into the decisions file: --format brat | jsonl SOURCE <paths…>
           (SOURCE: a .jsonl export, or a folder of brat .ann files named like the articles)
  fix      show the spelling fixes; --write applies them (atomic writes)
  serve    run the language server for any LSP editor: serve --stdio (or --node-ipc, --socket=PORT)

Options:
  --format json|text   output format (text is the default; export takes jsonl|conll|brat)
  --out DIR            export: write into DIR instead of stdout / beside the articles
  --write              fix: apply the fixes to the files
  --decisions FILE     the annotator's decisions (default: <first folder>/.arabic-news/annotations.json);
                       every command applies them
  -h, --help           show this help

Folders are walked for *.txt and *.arnews files. Offsets in JSON are 0-based UTF-16 code units.`;

export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Starts the language server in this process (the `serve` command); it runs until the client exits. */
export function serve(): void {
  // Loaded lazily so the other commands do not pay for the LSP libraries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require('../../server/src/lsp/server') as typeof import('../../server/src/lsp/server');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { connectionOptions } = require('../../server/src/lsp/params') as typeof import('../../server/src/lsp/params');
  startServer(createConnection(ProposedFeatures.all, connectionOptions));
}

/** Runs one command. `preread`: the paths listed and their articles read and analysed beforehand. */
export function runCli(argv: readonly string[], io: CliIO, preread?: PreRead): number | 'serving' {
  if (argv[0] === 'serve') {
    if (!argv.slice(1).some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket='))) {
      io.stderr('arabic-news: serve needs a transport: --stdio, --node-ipc or --socket=PORT\n');
      return 2;
    }
    serve();
    return 'serving';
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (e) {
    io.stderr(`arabic-news: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...paths] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr)(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const warn = (m: string): void => io.stderr(m + '\n');
  /** The corpus with the workspace's decisions applied. */
  const load = (ps: readonly string[]): { c: LoadedCorpus; ws: ReturnType<typeof cliWorkspace> } => {
    const c = loadCorpus(ps, warn, preread);
    const ws = cliWorkspace(c, ps, values.decisions);
    applyDecisions(c, ws, warn);
    return { c, ws };
  };
  try {
    const format = values.format;
    const asJson = (): boolean => {
      if (format === undefined || format === 'text') return false;
      if (format === 'json') return true;
      throw new UsageError(`--format must be json or text (got "${format}")`);
    };
    switch (command) {
      case 'actors': {
        const json = asJson();
        const actors = actorsJson(load(paths).c);
        io.stdout((json ? JSON.stringify(actors, null, 2) : actorsText(actors)) + '\n');
        return 0;
      }
      case 'lint': {
        const json = asJson();
        const findings = lintJson(load(paths).c);
        io.stdout((json ? JSON.stringify(findings, null, 2) : lintText(findings)) + '\n');
        return findings.length > 0 ? 1 : 0;
      }
      case 'export': {
        const fmt = parseExportFormat(format);
        const { c, ws } = load(paths);
        const result = runExport(c, ws, fmt, values.out);
        if (result.stdout) io.stdout(result.stdout);
        const summary = Object.entries(result.counts).map(([t, n]) => `${t} ${n}`).join(', ');
        warn(`arabic-news: exported ${summary}${result.written.length ? `; wrote ${result.written.length} file(s)` : ''}`);
        const notes = result.output.notRepresented;
        if (notes.length) {
          warn(`arabic-news: ${notes.length} thing(s) ${fmt} cannot represent as they are:`);
          for (const n of notes) warn(n.path ? `  ${n.path}:${n.start}-${n.end} «${n.text}»: ${n.reason}` : `  ${n.reason}`);
        }
        return 0;
      }
      case 'import': {
        const [source, ...rest] = paths;
        const { c, ws } = load(rest);
        const r = runImport(c, ws, format, source);
        warn(`arabic-news: imported ${r.entities} entities of ${r.documents} article(s) into ${r.decisionsFile}: ${r.added} added, ${r.removed} removed, ${r.actors} actor entries, ${r.keepSeparate} keep-separate pairs`);
        for (const p of r.problems) warn(`  ${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`);
        for (const d of r.differences) warn(`  still differs: ${d}`);
        return r.problems.length || r.differences.length ? 1 : 0;
      }
      case 'fix': {
        const json = asJson();
        const { edits, filesChanged } = runFix(load(paths).c, values.write === true, warn);
        if (json) io.stdout(JSON.stringify({ edits, filesChanged }, null, 2) + '\n');
        else {
          const rows = edits.map((e) => [`${e.path}:${e.line + 1}:${e.character + 1}`, e.code, `«${e.found}» → «${e.expected}»`]);
          io.stdout((edits.length ? table(['where', 'code', 'fix'], rows) : 'Nothing to fix.') + '\n');
          io.stdout(values.write ? `${filesChanged.length} file(s) changed\n` : edits.length ? `${edits.length} fix(es); run again with --write to apply\n` : '');
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`arabic-news: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`arabic-news: ${(e as Error).message}\n`);
    return 2;
  }
}
