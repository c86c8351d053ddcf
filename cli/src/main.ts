/**
 * `arabic-news` command-line tool over the analysis core.
 *
 *   arabic-news actors [--format json|text] <paths…>
 *   arabic-news lint   [--format json|text] <paths…>          exit 0 clean, 1 findings, 2 usage/IO error
 *   arabic-news export --format jsonl|conll|brat [--out DIR] <paths…>
 *   arabic-news fix    [--write] [--format json|text] <paths…>
 */
import { parseArgs } from 'util';
import { UsageError } from '../../server/src/node/fsCorpus';
import { loadCorpus } from './corpus';
import { actorsJson, actorsText } from './commands/actors';
import { lintJson, lintText } from './commands/lint';
import { parseExportFormat, runExport } from './commands/exportCmd';
import { runFix } from './commands/fix';
import { table } from './format';

export const USAGE = `Usage: arabic-news <command> [options] <files or folders…>

Commands:
  actors   list the actors (persons, organizations, places) with their spelling variants
  lint     report inconsistent spellings of one actor and words run together
  export   write the entities: --format jsonl | conll | brat [--out DIR]
  fix      show the spelling fixes; --write applies them (atomic writes)
  serve    run the language server for any LSP editor: serve --stdio (or --node-ipc, --socket=PORT)

Options:
  --format json|text   output format (text is the default; export takes jsonl|conll|brat)
  --out DIR            export: write into DIR instead of stdout / beside the articles
  --write              fix: apply the fixes to the files
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
  const { connectionStrategy } = require('../../server/src/lsp/params') as typeof import('../../server/src/lsp/params');
  startServer(createConnection(ProposedFeatures.all, connectionStrategy));
}

export function runCli(argv: readonly string[], io: CliIO): number | 'serving' {
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
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        write: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
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
        const actors = actorsJson(loadCorpus(paths, warn));
        io.stdout((json ? JSON.stringify(actors, null, 2) : actorsText(actors)) + '\n');
        return 0;
      }
      case 'lint': {
        const json = asJson();
        const findings = lintJson(loadCorpus(paths, warn));
        io.stdout((json ? JSON.stringify(findings, null, 2) : lintText(findings)) + '\n');
        return findings.length > 0 ? 1 : 0;
      }
      case 'export': {
        const fmt = parseExportFormat(format);
        const result = runExport(loadCorpus(paths, warn), fmt, values.out);
        if (result.stdout) io.stdout(result.stdout);
        const summary = Object.entries(result.counts).map(([t, n]) => `${t} ${n}`).join(', ');
        warn(`arabic-news: exported ${summary}${result.written.length ? `; wrote ${result.written.length} file(s)` : ''}`);
        return 0;
      }
      case 'fix': {
        const json = asJson();
        const { edits, filesChanged } = runFix(loadCorpus(paths, warn), values.write === true, warn);
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
