/**
 * `npm run bench`: performance on real Arabic news (issue 6). Measurement only: no assertions, prints a table
 * per corpus size and writes every raw figure to bench/results.json (git-ignored).
 *
 * For each size N (articles from ../shared/data/saudinewsnet, extracted once into bench/corpus/<N>/):
 *   - the real language server over stdio (dist/server.js): cold index time until it reports the initial scan
 *     finished (`arabicNews/corpusChanged` with `indexing: false`), RSS and V8 heap after indexing (heap from a
 *     Node diagnostic report, `--report-on-signal`: no server code involved), latency p50/p95/p99 of hover,
 *     definition, references and code actions on many mention / diagnostic positions, of the corpus outline
 *     request the VS Code client sends, and of diagnostics after a one-character edit (push diagnostics: time
 *     from `didChange` to the `publishDiagnostics` of that article; the server's debounce is reported apart);
 *   - warm start: the server started again on the same corpus with the same `initializationOptions.storagePath`;
 *   - the CLI: `node bin/arabic-news.js lint --format json <dir>`, cold, with wall time and peak RSS;
 *   - cspell@9 with @cspell/dict-ar on the same files (installed on first use under ~/.cache/arabic-news-bench),
 *     as a throughput ratio CLI / cspell.
 *
 *   npm run bench -- [--sizes 1000,5000] [--quick] [--skip-cspell] [--out bench/results.json] [--profile] …
 *
 * SaudiNewsNet is CC BY-NC-SA: its text is used here for measurement only and never committed (bench/corpus/ is
 * git-ignored). Without ../shared/data/saudinewsnet the script says where the data is expected and exits 0.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { SourceMap, SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, uri } from '../test/server/lspClient';
import { CorpusStats, Requests, SERVER_ENVIRONMENT } from '../server/src/protocol';
import { mulberry32 } from './prng';

const ROOT = path.resolve(__dirname, '..');
const CORPUS_ROOT = path.join(ROOT, 'bench', 'corpus');
const CSPELL_DIR = path.join(os.homedir(), '.cache', 'arabic-news-bench', 'cspell');

// --- options --------------------------------------------------------------------------------------

const USAGE = `Usage: npm run bench -- [options]

  --sizes 1000,5000      corpus sizes in articles (default 1000,5000,10000,30000)
  --quick                smoke run: 200 articles, few samples, short budgets
  --skip-cspell          do not run cspell
  --skip-warm            do not restart the server for the warm start
  --out FILE             raw results (default bench/results.json; bench/results-quick.json with --quick)
  --data DIR             SaudiNewsNet zips (default ../shared/data/saudinewsnet beside the clone)
  --samples N            positions sampled per request type (default 200)
  --edits N              one-character edits (default 30)
  --outline N            corpus outline requests (default 20)
  --budget S             at most S seconds of sampling per request type (default 120)
  --idle S               after the latency runs, read the server's RSS each second for S seconds of idleness (default 40; 0: not)
  --timeout M            give up on one server wait / CLI run after M minutes (default 15)
  --cspell-max N         run cspell on at most N files and extrapolate (default 5000)
  --node-option OPT      pass OPT to node for the server and the CLI (repeatable), e.g. --max-old-space-size=8192
  --print FILE           print the tables of an earlier run from its results file (measures nothing)
  --profile              write CPU profiles of the cold and warm servers (bench/profiles/) and print their top functions
  -h, --help             this help`;

interface Options {
  sizes: number[];
  quick: boolean;
  skipCspell: boolean;
  skipWarm: boolean;
  out: string;
  data: string;
  samples: number;
  edits: number;
  outline: number;
  budgetMs: number;
  idleS: number;
  timeoutMs: number;
  cspellMax: number;
  profile: boolean;
  nodeOptions: string[];
  print?: string;
}

function parseOptions(args: readonly string[]): Options {
  // --name=value is --name value
  const argv = args.flatMap((a) => (/^--[a-z-]+=/.test(a) ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
  const value = (i: number, dashOk = false): string => {
    const v = argv[i + 1];
    if (v === undefined || (!dashOk && v.startsWith('--'))) fail(`${argv[i]} needs a value`);
    return v;
  };
  const num = (i: number): number => {
    const n = Number(value(i));
    if (!Number.isFinite(n) || n < 0) fail(`${argv[i]} needs a non-negative number`);
    return n;
  };
  const o: Options = {
    sizes: [1000, 5000, 10000, 30000],
    quick: false,
    skipCspell: false,
    skipWarm: false,
    out: path.join(ROOT, 'bench', 'results.json'),
    data: path.resolve(ROOT, '..', 'shared', 'data', 'saudinewsnet'),
    samples: 200,
    edits: 30,
    outline: 20,
    budgetMs: 120_000,
    idleS: 40,
    timeoutMs: 15 * 60_000,
    cspellMax: 5000,
    profile: false,
    nodeOptions: [],
  };
  let sizesGiven = false;
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    given.add(a);
    switch (a) {
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      case '--quick': o.quick = true; break;
      case '--skip-cspell': o.skipCspell = true; break;
      case '--skip-warm': o.skipWarm = true; break;
      case '--profile': o.profile = true; break;
      case '--sizes':
        o.sizes = value(i).split(',').map((s) => Number(s.trim()));
        if (!o.sizes.length || o.sizes.some((n) => !Number.isInteger(n) || n < 1)) fail('--sizes takes positive integers, e.g. --sizes 1000,5000');
        sizesGiven = true;
        i++;
        break;
      case '--out': o.out = path.resolve(value(i)); i++; break;
      case '--data': o.data = path.resolve(value(i)); i++; break;
      case '--samples': o.samples = num(i); i++; break;
      case '--edits': o.edits = num(i); i++; break;
      case '--outline': o.outline = num(i); i++; break;
      case '--budget': o.budgetMs = num(i) * 1000; i++; break;
      case '--idle': o.idleS = num(i); i++; break;
      case '--timeout': o.timeoutMs = num(i) * 60_000; i++; break;
      case '--cspell-max': o.cspellMax = Math.max(1, num(i)); i++; break;
      case '--node-option': o.nodeOptions.push(value(i, true)); i++; break;
      case '--print': o.print = path.resolve(value(i)); i++; break;
      default: fail(`unknown option ${a}`);
    }
  }
  if (o.quick) {
    if (!sizesGiven) o.sizes = [200];
    if (!given.has('--samples')) o.samples = 30;
    if (!given.has('--edits')) o.edits = 5;
    if (!given.has('--outline')) o.outline = 3;
    if (!given.has('--budget')) o.budgetMs = 20_000;
    if (!given.has('--idle')) o.idleS = 0;
    if (!given.has('--out')) o.out = path.join(ROOT, 'bench', 'results-quick.json'); // a smoke run keeps the last real results
  }
  return o;
}

function fail(msg: string): never {
  console.error(`bench: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

// --- small helpers --------------------------------------------------------------------------------

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const loadavg = (): [number, number, number] => os.loadavg().map((x) => round(x)) as [number, number, number];
const fmtLoad = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');

class Timeout extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => t && clearTimeout(t)),
    new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Timeout(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms))),
  ]);
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Every sample in milliseconds, in the order taken. */
  samplesMs: number[];
}

/** Nearest-rank percentiles. */
function summarize(samples: readonly number[]): Stats | undefined {
  if (samples.length === 0) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  const pct = (p: number): number => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
  return {
    n: s.length,
    p50: round(pct(50), 3),
    p95: round(pct(95), 3),
    p99: round(pct(99), 3),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length, 3),
    max: round(s[s.length - 1]!, 3),
    samplesMs: samples.map((x) => round(x, 3)),
  };
}


function procStatus(pid: number): { rssKB?: number; hwmKB?: number } {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number | undefined => {
      const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s);
      return m ? Number(m[1]) : undefined;
    };
    return { rssKB: kb('VmRSS'), hwmKB: kb('VmHWM') };
  } catch {
    return {};
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function procCpuSeconds(pid: number): number | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return round((Number(fields[11]) + Number(fields[12])) / 100, 2);
  } catch {
    return undefined;
  }
}

function dirSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

function git(args: string[]): string | undefined {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The line of a process's stderr that says why it died (V8's FATAL ERROR, an uncaught error), else its last line. */
function stderrSummary(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.find((l) => /FATAL ERROR|out of memory/i.test(l)) ?? lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[lines.length - 1];
  return why?.slice(0, 300);
}

/** Children still running, killed (by process group) if the bench is interrupted. */
const running = new Set<number>();
process.on('SIGINT', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  process.exit(130);
});

// --- corpus ---------------------------------------------------------------------------------------

interface CorpusInfo {
  n: number;
  dir: string;
  files: string[];
  bytes: number;
  /** Distinct articles (N above the data's size repeats them under new names). */
  distinct: number;
  repeated: boolean;
  reused: boolean;
}

/** Every eligible article of the data (non-empty, distinct bodies), extracted once by the data's own extract.mjs. */
function extractAll(data: string): string[] {
  const all = path.join(CORPUS_ROOT, '_all');
  const zips = fs.readdirSync(data).filter((f) => /^\d{4}-\d{2}-\d{2}\.zip$/.test(f)).sort();
  const key = zips.map((z) => `${z}:${fs.statSync(path.join(data, z)).size}`).join(',');
  const marker = path.join(all, '.extracted.json');
  try {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8')) as { key: string; files: number };
    const files = fs.readdirSync(all).filter((f) => f.endsWith('.txt'));
    if (m.key === key && files.length === m.files) return files.sort();
  } catch {
    /* not extracted yet */
  }
  fs.rmSync(all, { recursive: true, force: true });
  console.log(`extracting SaudiNewsNet (${zips.length} zip files) into ${path.relative(ROOT, all)}/ …`);
  const r = spawnSync(process.execPath, [path.join(data, 'extract.mjs'), '--zips', data, '--out', all], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`extract.mjs failed (exit ${r.status})`);
  const files = fs.readdirSync(all).filter((f) => f.endsWith('.txt')).sort();
  fs.writeFileSync(marker, JSON.stringify({ key, files: files.length }));
  return files;
}

/**
 * bench/corpus/<N>/: N articles chosen deterministically (ordered by a hash of their file name, so every size
 * mixes days and newspapers and each smaller corpus is part of the larger ones), hard-linked from _all/. Above
 * the number of distinct articles, the articles repeat under new names (r1_…, r2_…).
 */
function materialize(n: number, all: readonly string[]): CorpusInfo {
  const order = [...all].sort((a, b) => {
    const ha = createHash('sha1').update(a).digest('hex');
    const hb = createHash('sha1').update(b).digest('hex');
    return ha < hb ? -1 : ha > hb ? 1 : a < b ? -1 : 1;
  });
  const chosen: Array<{ from: string; to: string }> = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(i / order.length);
    const name = order[i % order.length]!;
    chosen.push({ from: name, to: k === 0 ? name : `r${k}_${name}` });
  }
  const dir = path.join(CORPUS_ROOT, String(n));
  const marker = path.join(dir, '.complete.json');
  const fingerprint = createHash('sha1').update(chosen.map((c) => c.to).join('\n')).digest('hex');
  let reused = false;
  try {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8')) as { fingerprint: string };
    reused = m.fingerprint === fingerprint && fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).length === n;
  } catch {
    /* not materialized yet */
  }
  if (!reused) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const c of chosen) {
      const src = path.join(CORPUS_ROOT, '_all', c.from);
      const dst = path.join(dir, c.to);
      try {
        fs.linkSync(src, dst);
      } catch {
        fs.copyFileSync(src, dst);
      }
    }
    fs.writeFileSync(marker, JSON.stringify({ n, fingerprint }));
  }
  const files = chosen.map((c) => path.join(dir, c.to)).sort();
  const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
  return { n, dir, files, bytes, distinct: Math.min(n, order.length), repeated: n > order.length, reused };
}

// --- the language server --------------------------------------------------------------------------

interface Memory {
  rssMB?: number;
  /**
   * RSS at the end of the cold session, after the latency runs: the persisted index, which the server
   * writes in the background once it is ready, is on disk by then (and its buffers counted).
   */
  rssLaterMB?: number;
  /**
   * RSS read each second while the server stays idle after the latency runs (`--idle`): V8 keeps the
   * heap a pass grew to, garbage included, until its memory reducer runs, some seconds after the last
   * activity. Reported beside the readings a size is judged on, not instead of them.
   */
  rssIdleMB?: number[];
  peakRssMB?: number;
  heapUsedMB?: number;
  heapTotalMB?: number;
  heapNote?: string;
}

/** The idle readings in short: after 1 s, at the end, and the lowest with when it was first reached. */
function idleSummary(rss: readonly number[]): string {
  const low = Math.min(...rss);
  return `${rss[0]} MB after 1 s, ${rss.at(-1)} MB after ${rss.length} s (lowest ${low} MB, from ${rss.indexOf(low) + 1} s)`;
}

/** The RSS a size is judged on: the larger of the two readings (at ready, and after the latency runs). */
function rssOf(m: Memory | undefined): number | undefined {
  if (m?.rssMB === undefined) return undefined;
  return Math.max(m.rssMB, m.rssLaterMB ?? 0);
}

interface StartupRun {
  ok: boolean;
  error?: string;
  timedOut?: boolean;
  /** From spawning the process to the `initialize` response. */
  initializeMs?: number;
  /** From spawning to the end of the work-done progress of the initial scan (every article read and analysed). */
  scanMs?: number;
  /** From spawning to `arabicNews/corpusChanged` with `indexing: false` (corpus resolved, diagnostics published). */
  readyMs?: number;
  serverCpuSecondsAtReady?: number;
  stats?: CorpusStats;
  /** Articles that had diagnostics published by the time the server was ready. */
  articlesWithDiagnostics?: number;
  memory?: Memory;
  /** What the server left in storagePath (a persisted index, once the server writes one). */
  storage?: { files: number; bytes: number };
}

interface LatencyRun {
  openedDocuments: number;
  positions: number;
  hover?: Stats;
  definition?: Stats;
  references?: Stats;
  codeAction?: Stats;
  corpusOutline?: Stats;
  /** didChange (one character) → publishDiagnostics of that article, debounce included. */
  diagnosticsAfterEdit?: Stats;
  /** After each of those edits, from that publication to the corpusChanged of the full pass (the rest of the corpus updated). */
  settledAfterEdit?: Stats;
  /** Typing into one opened article (see measureTyping). */
  typing?: TypingRun;
  /** Edits after which the article's diagnostics were not republished (waited for corpusChanged instead). */
  editsWithoutPublish?: number;
  /** Set when a request or wait timed out (the server was killed; later figures are missing). */
  aborted?: string;
  notes: string[];
}

/** A Node diagnostic report (written on SIGUSR2, no server code involved) gives the V8 heap. */
async function heapFromReport(pid: number, reportDir: string): Promise<Pick<Memory, 'heapUsedMB' | 'heapTotalMB' | 'heapNote'>> {
  const before = new Set(fs.readdirSync(reportDir));
  try {
    process.kill(pid, 'SIGUSR2');
  } catch (e) {
    return { heapNote: `no heap figure: ${String(e)}` };
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await sleep(100);
    for (const f of fs.readdirSync(reportDir)) {
      if (before.has(f) || !f.endsWith('.json')) continue;
      try {
        const r = JSON.parse(fs.readFileSync(path.join(reportDir, f), 'utf8')) as { javascriptHeap: { usedMemory: number; totalMemory: number } };
        fs.rmSync(path.join(reportDir, f));
        return {
          heapUsedMB: round(r.javascriptHeap.usedMemory / 1048576, 1),
          heapTotalMB: round(r.javascriptHeap.totalMemory / 1048576, 1),
          heapNote: 'V8 heap from a Node diagnostic report (--report-on-signal); used includes garbage not yet collected',
        };
      } catch {
        /* still being written */
      }
    }
  }
  return { heapNote: 'no heap figure: the diagnostic report did not appear within 30 s' };
}

class Server {
  readonly client: TestClient;
  readonly t0: number;
  progressBegin?: number;
  progressEnd?: number;
  readyAt?: number;
  readyStats?: CorpusStats;

  private stopping = false;
  /** Rejects when the server process ends without being asked to (a crash: out of memory, …). */
  private readonly died: Promise<never>;

  constructor(nodeArgs: string[]) {
    this.t0 = now();
    // The environment the VS Code client starts the server with.
    this.client = new TestClient(['--stdio'], undefined, nodeArgs, { ...process.env, ...SERVER_ENVIRONMENT });
    if (this.client.proc.pid) running.add(this.client.proc.pid);
    this.died = new Promise<never>((_, reject) =>
      this.client.proc.once('exit', (code, signal) => {
        if (this.stopping) return;
        const why = stderrSummary(this.client.stderr);
        reject(new Error(`the server exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`));
      }),
    );
    this.died.catch(() => undefined);
    // TestClient ignores progress; here its begin and end are timestamps.
    this.client.conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'begin' && this.progressBegin === undefined) this.progressBegin = now();
      if (p.value?.kind === 'end' && this.progressEnd === undefined) this.progressEnd = now();
    });
  }

  get pid(): number {
    return this.client.proc.pid ?? -1;
  }

  /** A wait or request, bounded in time, that fails at once if the server dies. */
  guard<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    return Promise.race([withTimeout(p, timeoutMs, what), this.died]);
  }

  /** Waits for the first corpusChanged that says the initial scan is over. */
  async ready(timeoutMs: number): Promise<CorpusStats> {
    const what = 'the end of the initial scan (corpusChanged with indexing: false)';
    const stats = await this.guard(this.client.until(what, () => (this.client.lastStats && !this.client.lastStats.indexing ? this.client.lastStats : undefined), timeoutMs + 1000), timeoutMs, what);
    this.readyAt = now();
    this.readyStats = stats;
    return stats;
  }

  /** Asks for the current corpus version, then waits until the server has published for it (it is idle then). */
  async settle(timeoutMs: number): Promise<void> {
    const s = await this.guard(this.client.request<CorpusStats>(Requests.stats, null), timeoutMs, 'arabicNews/stats');
    const what = 'corpusChanged after the last change';
    await this.guard(this.client.until(what, () => (this.client.lastStats?.version ?? -1) >= s.version, timeoutMs + 1000), timeoutMs, what);
  }

  /** shutdown + exit, waiting for the process to end (a CPU profile is written on exit); killed otherwise. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const proc = this.client.proc;
    const exited = new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));
    try {
      await withTimeout(this.client.request('shutdown', null), graceMs, 'shutdown');
      await this.client.notify('exit', null);
    } catch {
      /* killed below */
    }
    await Promise.race([exited, sleep(graceMs)]);
    this.client.conn.dispose();
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
    running.delete(this.pid);
  }

  kill(): void {
    this.stopping = true;
    try {
      this.client.conn.dispose();
    } catch {
      /* already */
    }
    if (this.client.proc.exitCode === null) this.client.proc.kill('SIGKILL');
    running.delete(this.pid);
  }
}

interface ServerSession {
  startup: StartupRun;
  latency?: LatencyRun;
  profile?: ProfileSummary;
}

/** The server's RSS each second for `seconds` seconds, sending it nothing. */
async function idleRss(pid: number, seconds: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    const kb = procStatus(pid).rssKB;
    if (kb === undefined) break;
    out.push(round(kb / 1024, 1));
  }
  return out;
}

async function runServer(corpus: CorpusInfo, storagePath: string, opts: Options, kind: 'cold' | 'warm'): Promise<ServerSession> {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-bench-report-'));
  const nodeArgs = [...opts.nodeOptions, '--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${reportDir}`];
  const profileDir = path.join(ROOT, 'bench', 'profiles', `${corpus.n}-server-${kind}`);
  const profiling = opts.profile;
  if (profiling) {
    fs.rmSync(profileDir, { recursive: true, force: true });
    fs.mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  const server = new Server(nodeArgs);
  const startup: StartupRun = { ok: false };
  const session: ServerSession = { startup };
  try {
    // Capabilities as VS Code's client gives them where they change what the server does: code actions'
    // edits resolved when chosen.
    const capabilities = { textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } };
    await server.guard(server.client.initialize(corpus.dir, capabilities, { storagePath }), opts.timeoutMs, 'initialize');
    startup.initializeMs = round(now() - server.t0, 1);
    const stats = await server.ready(opts.timeoutMs);
    startup.readyMs = round(server.readyAt! - server.t0, 1);
    if (server.progressEnd !== undefined) startup.scanMs = round(server.progressEnd - server.t0, 1);
    startup.serverCpuSecondsAtReady = procCpuSeconds(server.pid);
    startup.stats = stats;
    startup.articlesWithDiagnostics = [...server.client.diagnostics.values()].filter((d) => d.length > 0).length;
    const st = procStatus(server.pid);
    startup.memory = {
      rssMB: st.rssKB !== undefined ? round(st.rssKB / 1024, 1) : undefined,
      peakRssMB: st.hwmKB !== undefined ? round(st.hwmKB / 1024, 1) : undefined,
      ...(await heapFromReport(server.pid, reportDir)),
    };
    startup.ok = true;
  } catch (e) {
    startup.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    startup.timedOut = e instanceof Timeout || /timed out/.test(startup.error ?? '');
  }
  let killed = !startup.ok;
  try {
    if (startup.ok && kind === 'cold') {
      const latency: LatencyRun = (session.latency = { openedDocuments: 0, positions: 0, notes: [] });
      try {
        await measureLatencies(server, corpus, opts, latency);
        const later = procStatus(server.pid);
        if (startup.memory && later.rssKB !== undefined) startup.memory.rssLaterMB = round(later.rssKB / 1024, 1);
        if (startup.memory && later.hwmKB !== undefined) startup.memory.peakRssMB = round(later.hwmKB / 1024, 1);
        if (startup.memory && opts.idleS > 0) startup.memory.rssIdleMB = await idleRss(server.pid, opts.idleS);
      } catch (e) {
        const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
        latency.aborted = msg;
        latency.notes.push(`latency measurements aborted: ${msg}`);
        killed = true;
      }
    }
  } finally {
    if (killed) server.kill();
    else await server.stop(profiling ? 120_000 : 10_000);
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
  startup.storage = dirSize(storagePath);
  if (profiling) session.profile = summarizeProfile(profileDir);
  return session;
}

/** Mention positions of a document, from its semantic tokens (one per name token). */
function decodeTokens(data: readonly number[]): Array<{ line: number; character: number; length: number }> {
  const out: Array<{ line: number; character: number; length: number }> = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length + 1; i += 5) {
    const dl = data[i]!;
    const dc = data[i + 1]!;
    line += dl;
    character = dl === 0 ? character + dc : dc;
    out.push({ line, character, length: data[i + 2]! });
  }
  return out;
}

interface TypingRun {
  keys: number;
  /** From the first key to the last. */
  seconds: number;
  /** The server's CPU time over those seconds. */
  serverCpuSeconds: number;
  /** From the last key to the corpusChanged of the full pass after it. */
  settledMs: number;
  /**
   * A hover on a name of the article (below the typed line) sent with each key, as an editor asks while one
   * types: how long requests wait behind the server's work (the passes and republishing the keys cause).
   */
  hoverWhileTyping?: Stats;
}

/** A sentence typed at the start of an opened article: a key every 120 ms, a pause of 0.7 s after each word (none after the last key). */
const TYPED = 'وقال وزير الخارجية إن المحادثات مع الوفد مستمرة منذ أيام ';

async function measureTyping(server: Server, u: string, version: number, t: number, hoverAt?: { line: number; character: number }): Promise<TypingRun | undefined> {
  const pid = server.pid;
  const cpu0 = procCpuSeconds(pid);
  if (cpu0 === undefined) return undefined;
  const t0 = now();
  let v = version;
  let character = 0;
  const hovers: number[] = [];
  for (const ch of TYPED) {
    if (character > 0) await sleep(Math.max(0, (TYPED[character - 1] === ' ' ? 700 : 120) - (hovers.at(-1) ?? 0)));
    await server.client.notify('textDocument/didChange', { textDocument: { uri: u, version: ++v }, contentChanges: [{ range: { start: { line: 0, character }, end: { line: 0, character } }, text: ch }] });
    if (hoverAt) {
      const h0 = now();
      await server.guard(server.client.request('textDocument/hover', { textDocument: { uri: u }, position: hoverAt }), t, 'hover while typing');
      hovers.push(now() - h0);
    }
    character++;
  }
  const seconds = (now() - t0) / 1000;
  const cpu1 = procCpuSeconds(pid);
  const t1 = now();
  await server.settle(t);
  return { keys: TYPED.length, seconds: round(seconds, 1), serverCpuSeconds: round((cpu1 ?? cpu0) - cpu0, 2), settledMs: round(now() - t1, 1), hoverWhileTyping: summarize(hovers) };
}

/** Fills `run` as it goes, so what was measured before a time-out is kept. */
async function measureLatencies(server: Server, corpus: CorpusInfo, opts: Options, run: LatencyRun): Promise<void> {
  const client = server.client;
  const notes = run.notes;
  const t = opts.timeoutMs;
  // Articles to open: evenly spread over those with a spelling-variant diagnostic (so code actions have a
  // target), else over those with any diagnostic, else over all.
  const byUri = new Map(corpus.files.map((f) => [uri(f), f]));
  const withDiag = (code?: string): string[] =>
    [...client.diagnostics.entries()].filter(([u, d]) => byUri.has(u) && d.some((x) => !code || x.code === code)).map(([u]) => u).sort();
  let pool = withDiag('spelling-variant');
  if (pool.length < 10) pool = withDiag();
  if (pool.length < 10) pool = [...byUri.keys()].sort();
  const K = Math.min(10, pool.length);
  const docs = Array.from({ length: K }, (_, i) => pool[Math.floor((i * pool.length) / K)]!);
  for (const u of docs) {
    await client.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'arabic-news', version: 1, text: fs.readFileSync(byUri.get(u)!, 'utf8') } });
  }
  await server.settle(t);
  run.openedDocuments = K;

  // Positions: the middle of name tokens, sampled over the open articles.
  const tokens: Array<{ uri: string; line: number; character: number }> = [];
  for (const u of docs) {
    const st = await server.guard(client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: u } }), t, 'semanticTokens');
    for (const tok of decodeTokens(st.data)) tokens.push({ uri: u, line: tok.line, character: tok.character + Math.floor(tok.length / 2) });
  }
  const random = mulberry32(6);
  const positions = tokens.length ? Array.from({ length: opts.samples }, () => tokens[Math.floor(random() * tokens.length)]!) : [];
  run.positions = positions.length;
  if (!tokens.length) notes.push('no mentions in the opened articles: hover, definition and references not measured');

  type Key = 'hover' | 'definition' | 'references' | 'codeAction' | 'corpusOutline' | 'diagnosticsAfterEdit';
  /** Times `one` up to `count` times (within the budget); the figures so far are kept if it times out. */
  const sample = async (key: Key, count: number, one: (i: number) => Promise<unknown>, between?: () => Promise<void>): Promise<void> => {
    const times: number[] = [];
    const start = now();
    try {
      for (let i = 0; i < count; i++) {
        if (now() - start > opts.budgetMs) {
          notes.push(`${key}: stopped after ${i} of ${count} samples (budget ${opts.budgetMs / 1000} s)`);
          break;
        }
        const t0 = now();
        await server.guard(one(i), t, key);
        times.push(now() - t0);
        if (between) await between();
      }
    } finally {
      run[key] = summarize(times);
    }
  };
  const at = (p: { uri: string; line: number; character: number }) => ({ textDocument: { uri: p.uri }, position: { line: p.line, character: p.character } });
  await sample('hover', positions.length, (i) => client.request('textDocument/hover', at(positions[i]!)));
  await sample('definition', positions.length, (i) => client.request('textDocument/definition', at(positions[i]!)));
  await sample('references', positions.length, (i) => client.request('textDocument/references', { ...at(positions[i]!), context: { includeDeclaration: true } }));

  const diags: Array<{ uri: string; d: Diagnostic }> = [];
  for (const u of docs) for (const d of client.diagnostics.get(u) ?? []) diags.push({ uri: u, d });
  if (diags.length) {
    const picks = Array.from({ length: opts.samples }, () => diags[Math.floor(random() * diags.length)]!);
    await sample('codeAction', picks.length, (i) =>
      client.request('textDocument/codeAction', { textDocument: { uri: picks[i]!.uri }, range: picks[i]!.d.range, context: { diagnostics: [picks[i]!.d], triggerKind: 1 } }));
  } else notes.push('no diagnostics in the opened articles: code actions not measured');

  // What the VS Code client asks for when the outline opens or refreshes (OUTLINE_LIMIT in client/src/corpusOutline/provider.ts).
  await sample('corpusOutline', opts.outline, () => client.request(Requests.corpusOutline, { limit: 5000 }));

  // Diagnostics after a one-character edit: a space inserted at the start of a line that carries a diagnostic
  // (so the diagnostic moves and must be republished), then removed again, alternately.
  const editable = docs.filter((u) => (client.diagnostics.get(u) ?? []).length > 0);
  if (editable.length && opts.edits > 0) {
    const versions = new Map(docs.map((u) => [u, 1]));
    const inserted = new Set<string>();
    const lineOf = new Map(editable.map((u) => [u, client.diagnostics.get(u)![0]!.range.start.line]));
    let withoutPublish = 0;
    const settled: number[] = [];
    await sample('diagnosticsAfterEdit', opts.edits, async (i) => {
      const u = editable[i % editable.length]!;
      const line = lineOf.get(u)!;
      const removing = inserted.has(u);
      const version = versions.get(u)! + 1;
      versions.set(u, version);
      const before = client.diagnostics.get(u);
      const statsBefore = client.lastStats?.version ?? -1;
      await client.notify('textDocument/didChange', {
        textDocument: { uri: u, version },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: removing ? 1 : 0 } }, text: removing ? '' : ' ' }],
      });
      if (removing) inserted.delete(u);
      else inserted.add(u);
      await client.until('publishDiagnostics after an edit', () => client.diagnostics.get(u) !== before || (client.lastStats?.version ?? -1) > statsBefore, t);
      if (client.diagnostics.get(u) === before) withoutPublish++;
    }, async () => {
      // Not part of the edit's latency: the full pass in the background, timed apart; its corpusChanged has
      // arrived before the next edit.
      const t0 = now();
      await server.settle(t);
      settled.push(now() - t0);
    });
    run.editsWithoutPublish = withoutPublish;
    if (settled.length) run.settledAfterEdit = summarize(settled);
    // Typing: the full passes that edits cause, as a user typing a sentence makes them.
    const u = editable[0]!;
    run.typing = await measureTyping(server, u, versions.get(u)!, t, tokens.find((x) => x.uri === u && x.line > 0));
  } else notes.push('no opened article with diagnostics: diagnostics after an edit not measured');
}

// --- CPU profile ----------------------------------------------------------------------------------

interface ProfileSummary {
  file: string;
  /** Everything sampled, idle included. */
  totalMs: number;
  /** Sampled time not idle; `percent` is of this. */
  busyMs: number;
  top: Array<{ function: string; location: string; selfMs: number; percent: number }>;
}

function summarizeProfile(dir: string): ProfileSummary | undefined {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) return undefined;
  interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // Bundled locations (dist/server.js:LINE) back to the TypeScript sources through the bundle's source map.
  const maps = new Map<string, SourceMap | undefined>();
  const where = (cf: Node['callFrame']): string => {
    if (!cf.url) return '';
    if (!maps.has(cf.url)) {
      let map: SourceMap | undefined;
      try {
        const file = cf.url.startsWith('file:') ? fileURLToPath(cf.url) : cf.url;
        if (file.startsWith(path.join(ROOT, 'dist'))) map = new SourceMap(JSON.parse(fs.readFileSync(file + '.map', 'utf8')) as SourceMapPayload);
      } catch {
        map = undefined;
      }
      maps.set(cf.url, map);
    }
    const entry = maps.get(cf.url)?.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) {
      const src = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(path.join(ROOT, 'dist'), entry.originalSource);
      return `${path.relative(ROOT, src)}:${(entry.originalLine ?? 0) + 1}`;
    }
    return `${path.basename(cf.url)}:${cf.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  let total = 0;
  let busy = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const node = byId.get(prof.samples[i]!);
    const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    if (!node) continue;
    total += dt;
    const cf = node.callFrame;
    if (cf.functionName !== '(idle)') busy += dt;
    const key = `${cf.functionName || '(anonymous)'}\u0000${where(cf)}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const top = [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([k, ms]) => {
      const [fn, loc] = k.split('\u0000');
      return { function: fn!, location: loc!, selfMs: round(ms, 1), percent: round((100 * ms) / busy, 1) };
    });
  return { file: path.relative(ROOT, path.join(dir, file)), totalMs: round(total, 1), busyMs: round(busy, 1), top };
}

// --- CLI and cspell -------------------------------------------------------------------------------

interface ProcessRun {
  ok: boolean;
  timedOut?: boolean;
  exitCode: number | null;
  wallMs: number;
  peakRssMB?: number;
  cpuSeconds?: number;
  /** Why it failed, from its stderr. */
  stderrTail?: string;
}

const GNU_TIME = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0 ? '/usr/bin/time' : undefined;

/** Runs a command, stdout to a file; wall time, peak RSS and CPU time (GNU time -v, else /proc polling). */
async function runTimed(cmd: string, args: readonly string[], opts: { cwd: string; stdoutFile: string; timeoutMs: number }): Promise<ProcessRun> {
  const timeFile = path.join(os.tmpdir(), `arabic-news-bench-time-${process.pid}-${Date.now()}.txt`);
  const argv = GNU_TIME ? [GNU_TIME, '-v', '-o', timeFile, cmd, ...args] : [cmd, ...args];
  const out = fs.openSync(opts.stdoutFile, 'w');
  const t0 = now();
  const child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd, stdio: ['ignore', out, 'pipe'], detached: true });
  fs.closeSync(out);
  if (child.pid) running.add(child.pid);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20000)));
  let peakKB = 0;
  const poll = GNU_TIME ? undefined : setInterval(() => (peakKB = Math.max(peakKB, procStatus(child.pid!).hwmKB ?? 0)), 50);
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, opts.timeoutMs);
  const exitCode = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const wallMs = now() - t0;
  clearTimeout(killer);
  if (poll) clearInterval(poll);
  if (child.pid) running.delete(child.pid);
  const run: ProcessRun = { ok: !timedOut, timedOut, exitCode, wallMs: round(wallMs, 1), stderrTail: stderrSummary(stderr) };
  if (GNU_TIME && fs.existsSync(timeFile)) {
    const tv = fs.readFileSync(timeFile, 'utf8');
    fs.rmSync(timeFile, { force: true });
    const num = (re: RegExp): number | undefined => {
      const m = re.exec(tv);
      return m ? Number(m[1]) : undefined;
    };
    const rss = num(/Maximum resident set size \(kbytes\): (\d+)/);
    if (rss !== undefined) run.peakRssMB = round(rss / 1024, 1);
    const user = num(/User time \(seconds\): ([\d.]+)/);
    const sys = num(/System time \(seconds\): ([\d.]+)/);
    if (user !== undefined && sys !== undefined) run.cpuSeconds = round(user + sys, 2);
  } else if (peakKB) run.peakRssMB = round(peakKB / 1024, 1);
  return run;
}

interface CliRun extends ProcessRun {
  findings?: number;
  articlesPerSecond?: number;
  msPerArticle?: number;
}

async function runCli(corpus: CorpusInfo, opts: Options): Promise<CliRun> {
  const outFile = path.join(os.tmpdir(), `arabic-news-bench-lint-${process.pid}.json`);
  const r: CliRun = await runTimed(process.execPath, [...opts.nodeOptions, path.join(ROOT, 'bin', 'arabic-news.js'), 'lint', '--format', 'json', corpus.dir], { cwd: ROOT, stdoutFile: outFile, timeoutMs: opts.timeoutMs });
  // Exit 1 means "findings", not failure.
  if (r.ok && (r.exitCode === 0 || r.exitCode === 1)) {
    try {
      r.findings = (JSON.parse(fs.readFileSync(outFile, 'utf8')) as unknown[]).length;
    } catch {
      r.ok = false;
    }
    r.articlesPerSecond = round(corpus.n / (r.wallMs / 1000), 1);
    r.msPerArticle = round(r.wallMs / corpus.n, 3);
  } else r.ok = false;
  fs.rmSync(outFile, { force: true });
  return r;
}

interface CspellSetup {
  bin: string;
  config: string;
  version: string;
  dictVersion: string;
  /** Wall time of cspell on one article: start-up (loading and compiling the dictionary) dominates. */
  startup?: ProcessRun;
}

interface CspellRun extends ProcessRun {
  filesChecked: number;
  subset: boolean;
  issues?: number;
  /** For a subset: start-up + (subset time − start-up) × N / subset size. */
  estimatedFullWallMs?: number;
  /** CPU seconds for the whole corpus (estimated the same way for a subset). */
  fullCpuSeconds?: number;
  articlesPerSecond?: number;
}

function ensureCspell(): CspellSetup | { error: string } {
  const bin = path.join(CSPELL_DIR, 'node_modules', 'cspell', 'bin.mjs');
  const ext = path.join(CSPELL_DIR, 'node_modules', '@cspell', 'dict-ar', 'cspell-ext.json');
  if (!fs.existsSync(bin) || !fs.existsSync(ext)) {
    fs.mkdirSync(CSPELL_DIR, { recursive: true });
    console.log(`installing cspell@9 and @cspell/dict-ar into ${CSPELL_DIR} (first use only) …`);
    const r = spawnSync('npm', ['install', '--prefix', CSPELL_DIR, '--no-audit', '--no-fund', 'cspell@9', '@cspell/dict-ar'], { stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(bin)) return { error: `npm install of cspell@9 @cspell/dict-ar into ${CSPELL_DIR} failed` };
  }
  // The configuration from ../shared/notes/peers.md: check Arabic plain text with the Arabic dictionary.
  const config = path.join(CSPELL_DIR, 'cspell.json');
  fs.writeFileSync(config, JSON.stringify({ version: '0.2', language: 'ar', import: ['@cspell/dict-ar/cspell-ext.json'], enableFiletypes: ['plaintext'] }));
  const version = (p: string): string => (JSON.parse(fs.readFileSync(path.join(CSPELL_DIR, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
  return { bin, config, version: version('cspell'), dictVersion: version('@cspell/dict-ar') };
}

async function runCspellOn(setup: CspellSetup, corpus: CorpusInfo, files: readonly string[], opts: Options): Promise<ProcessRun & { issues?: number }> {
  const list = path.join(os.tmpdir(), `arabic-news-bench-cspell-${process.pid}.txt`);
  fs.writeFileSync(list, files.join('\n') + '\n');
  const outFile = path.join(os.tmpdir(), `arabic-news-bench-cspell-${process.pid}.out`);
  // cwd inside the corpus: cspell ignores files outside its working directory.
  const r: ProcessRun & { issues?: number } = await runTimed(process.execPath, [setup.bin, '--no-progress', '--no-summary', '--config', setup.config, '--file-list', list], { cwd: corpus.dir, stdoutFile: outFile, timeoutMs: opts.timeoutMs });
  if (r.ok && (r.exitCode === 0 || r.exitCode === 1)) r.issues = fs.readFileSync(outFile, 'utf8').split('\n').filter((l) => / - /.test(l)).length;
  else r.ok = false;
  fs.rmSync(list, { force: true });
  fs.rmSync(outFile, { force: true });
  return r;
}

async function runCspell(setup: CspellSetup, corpus: CorpusInfo, opts: Options): Promise<CspellRun> {
  const subset = corpus.n > opts.cspellMax;
  const files = subset ? corpus.files.slice(0, opts.cspellMax) : corpus.files;
  if (!setup.startup) setup.startup = await runCspellOn(setup, corpus, files.slice(0, 1), opts);
  const r = await runCspellOn(setup, corpus, files, opts);
  const run: CspellRun = { ...r, filesChecked: files.length, subset };
  if (r.ok) {
    const startup = setup.startup.ok ? Math.min(setup.startup.wallMs, r.wallMs) : 0;
    const full = subset ? startup + ((r.wallMs - startup) * corpus.n) / files.length : r.wallMs;
    if (subset) run.estimatedFullWallMs = round(full, 1);
    run.articlesPerSecond = round(corpus.n / (full / 1000), 1);
    if (r.cpuSeconds !== undefined) {
      const startupCpu = setup.startup.ok && setup.startup.cpuSeconds !== undefined ? Math.min(setup.startup.cpuSeconds, r.cpuSeconds) : 0;
      run.fullCpuSeconds = round(subset ? startupCpu + ((r.cpuSeconds - startupCpu) * corpus.n) / files.length : r.cpuSeconds, 2);
    }
  }
  return run;
}

// --- report ---------------------------------------------------------------------------------------

interface SizeResult {
  n: number;
  corpus: Omit<CorpusInfo, 'files'> & { dir: string };
  loadavg: { start: [number, number, number]; end?: [number, number, number] };
  server?: { cold: ServerSession; warm?: ServerSession };
  cli?: CliRun;
  cspell?: CspellRun | { error: string };
  /** CLI throughput ÷ cspell throughput. */
  throughputRatio?: number;
  /** The same ratio on CPU time (cspell's CPU time ÷ the CLI's), less sensitive to the machine's load. */
  throughputRatioCpu?: number;
  durationS?: number;
}

const TARGETS = {
  coldIndexS10k: 4,
  warmStartS: 1,
  rssMB: 400,
  hoverP99: 5,
  definitionP99: 5,
  referencesP99: 20,
  diagnosticsP95: 15,
  cliOverCspell: 5,
  flatness: 1.5,
};

const fmtMs = (x: number | undefined): string => (x === undefined ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`);
const short = (s: string | undefined, n = 90): string => (!s ? '' : s.length > n ? s.slice(0, n - 1) + '…' : s);
const mark = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? '✓' : '✗');

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

function sizeTable(r: SizeResult, debounceMs: number | undefined): string {
  const rows: string[][] = [['metric', 'value', 'ms/article', 'target (10k articles)', 'met']];
  const perArticleTarget = (TARGETS.coldIndexS10k * 1000) / 10000;
  const coldCheck = (ms: number | undefined): boolean | undefined => (ms === undefined ? undefined : ms / r.n <= perArticleTarget);
  const coldTarget = r.n === 10000 ? `≤ ${TARGETS.coldIndexS10k} s` : `≤ ${TARGETS.coldIndexS10k} s (${perArticleTarget} ms/article)`;
  const cold = r.server?.cold.startup;
  if (cold) {
    if (!cold.ok) rows.push(['server cold index', cold.timedOut ? 'timed out' : `failed: ${short(cold.error)}`, '', coldTarget, '✗']);
    else {
      rows.push(['server cold index (ready)', fmtMs(cold.readyMs), (cold.readyMs! / r.n).toFixed(2), coldTarget, mark(coldCheck(cold.readyMs))]);
      rows.push(['  initialize response', fmtMs(cold.initializeMs), '', '', '']);
      rows.push(['  scan done (progress end)', fmtMs(cold.scanMs), cold.scanMs ? (cold.scanMs / r.n).toFixed(2) : '', '', '']);
      rows.push(['  server CPU time at ready', cold.serverCpuSecondsAtReady !== undefined ? `${cold.serverCpuSecondsAtReady.toFixed(2)} s` : '—', '', '', '']);
      rows.push(['  articles / actors / issues', `${cold.stats?.articles} / ${cold.stats?.actors} / ${cold.stats?.spellingIssues}`, '', '', '']);
      const m = cold.memory;
      const rss = rssOf(m);
      rows.push(['server RSS after indexing', m?.rssMB !== undefined ? `${m.rssMB} MB at ready${m.rssLaterMB !== undefined ? `, ${m.rssLaterMB} MB after the latency runs` : ''}` : '—', '', `≤ ${TARGETS.rssMB} MB`, mark(rss === undefined ? undefined : rss <= TARGETS.rssMB)]);
      if (m?.rssIdleMB?.length) rows.push([`  RSS idle after the latency runs`, idleSummary(m.rssIdleMB), '', '', '']);
      rows.push(['  peak RSS (VmHWM)', m?.peakRssMB !== undefined ? `${m.peakRssMB} MB` : '—', '', '', '']);
      rows.push(['  V8 heap used / total', m?.heapUsedMB !== undefined ? `${m.heapUsedMB} / ${m.heapTotalMB} MB` : (m?.heapNote ?? '—'), '', '', '']);
    }
  }
  const lat = r.server?.cold.latency;
  if (lat) {
    const lrow = (name: string, s: Stats | undefined, target?: { p: 'p95' | 'p99'; ms: number }): void => {
      const v = s ? `${fmtMs(s.p50)} / ${fmtMs(s.p95)} / ${fmtMs(s.p99)}  (n=${s.n})` : 'not measured';
      rows.push([name, v, '', target ? `${target.p} ≤ ${target.ms} ms` : '', s && target ? mark(s[target.p] <= target.ms) : '']);
    };
    lrow('hover p50/p95/p99', lat.hover, { p: 'p99', ms: TARGETS.hoverP99 });
    lrow('definition p50/p95/p99', lat.definition, { p: 'p99', ms: TARGETS.definitionP99 });
    lrow('references p50/p95/p99', lat.references, { p: 'p99', ms: TARGETS.referencesP99 });
    lrow('code actions p50/p95/p99', lat.codeAction);
    lrow('corpus outline p50/p95/p99', lat.corpusOutline);
    lrow('diagnostics after edit', lat.diagnosticsAfterEdit, { p: 'p95', ms: TARGETS.diagnosticsP95 });
    if (lat.diagnosticsAfterEdit && debounceMs !== undefined) {
      const d = lat.diagnosticsAfterEdit;
      rows.push([`  minus ${debounceMs} ms debounce`, `${fmtMs(Math.max(0, d.p50 - debounceMs))} / ${fmtMs(Math.max(0, d.p95 - debounceMs))} / ${fmtMs(Math.max(0, d.p99 - debounceMs))}`, '', `p95 ≤ ${TARGETS.diagnosticsP95} ms`, mark(d.p95 - debounceMs <= TARGETS.diagnosticsP95)]);
    }
    if (lat.settledAfterEdit) lrow('  then the whole corpus (full pass)', lat.settledAfterEdit);
    const ty = lat.typing;
    if (ty) rows.push([`typing ${ty.keys} keys in ${ty.seconds} s`, `server CPU ${ty.serverCpuSeconds} s (${Math.round((100 * ty.serverCpuSeconds) / ty.seconds)}% of a core); corpus settled ${fmtMs(ty.settledMs)} after the last key`, '', '', '']);
    if (ty?.hoverWhileTyping) lrow('  a hover with each key', ty.hoverWhileTyping);
  }
  const warm = r.server?.warm?.startup;
  if (warm) {
    const stored = warm.storage ? `; storagePath holds ${warm.storage.files} files, ${(warm.storage.bytes / 1048576).toFixed(1)} MB` : '';
    rows.push(['warm start (ready)', warm.ok ? fmtMs(warm.readyMs) + stored : warm.timedOut ? 'timed out' : `failed: ${short(warm.error)}`, warm.ok ? (warm.readyMs! / r.n).toFixed(2) : '', `≤ ${TARGETS.warmStartS} s`, mark(warm.ok ? warm.readyMs! <= TARGETS.warmStartS * 1000 : false)]);
    if (warm.ok) rows.push(['  warm: CPU time / RSS', `${warm.serverCpuSecondsAtReady ?? '—'} s / ${warm.memory?.rssMB ?? '—'} MB`, '', '', '']);
  }
  const cli = r.cli;
  if (cli) {
    if (!cli.ok) rows.push(['CLI lint (cold, whole corpus)', cli.timedOut ? 'timed out' : `failed (exit ${cli.exitCode}): ${short(cli.stderrTail)}`, '', coldTarget, '✗']);
    else {
      rows.push(['CLI lint (cold, whole corpus)', `${fmtMs(cli.wallMs)}  (${cli.articlesPerSecond} articles/s)`, cli.msPerArticle!.toFixed(2), coldTarget, mark(coldCheck(cli.wallMs))]);
      rows.push(['  CLI peak RSS / CPU time', `${cli.peakRssMB ?? '—'} MB / ${cli.cpuSeconds ?? '—'} s`, '', '', '']);
      rows.push(['  findings', String(cli.findings), '', '', '']);
    }
  }
  const cs = r.cspell;
  if (cs && 'error' in cs) rows.push(['cspell', cs.error, '', '', '']);
  else if (cs) {
    if (!cs.ok) rows.push(['cspell + @cspell/dict-ar', cs.timedOut ? 'timed out' : `failed (exit ${cs.exitCode})`, '', '', '']);
    else {
      const how = cs.subset ? `${fmtMs(cs.wallMs)} on ${cs.filesChecked} files → est. ${fmtMs(cs.estimatedFullWallMs)} for ${r.n}` : fmtMs(cs.wallMs);
      rows.push(['cspell + @cspell/dict-ar', `${how}  (${cs.articlesPerSecond} articles/s)`, (1000 / cs.articlesPerSecond!).toFixed(2), '', '']);
      rows.push(['  cspell peak RSS / unknown words', `${cs.peakRssMB ?? '—'} MB / ${cs.issues}${cs.subset ? ' (subset)' : ''}`, '', '', '']);
    }
  }
  if (r.throughputRatio !== undefined) rows.push(['CLI / cspell throughput', `${r.throughputRatio.toFixed(2)}×${r.throughputRatioCpu !== undefined ? `  (on CPU time: ${r.throughputRatioCpu.toFixed(2)}×)` : ''}`, '', `≥ ${TARGETS.cliOverCspell}×`, mark(r.throughputRatio >= TARGETS.cliOverCspell)]);
  return table(rows);
}

function summaryTable(results: readonly SizeResult[]): string {
  const rows: string[][] = [['articles', 'server cold', 'ms/art', 'CPU ms/art', 'CLI lint', 'ms/art', 'CPU ms/art', 'warm', 'RSS MB', 'hover p99', 'def p99', 'refs p99', 'diag p95', 'outline p50', 'CLI/cspell']];
  for (const r of results) {
    const c = r.server?.cold.startup;
    const l = r.server?.cold.latency;
    const w = r.server?.warm?.startup;
    rows.push([
      r.n.toLocaleString('en'),
      c ? (c.ok ? fmtMs(c.readyMs) : c.timedOut ? 'timed out' : 'failed') : '—',
      c?.ok ? (c.readyMs! / r.n).toFixed(2) : '—',
      c?.ok && c.serverCpuSecondsAtReady !== undefined ? ((c.serverCpuSecondsAtReady * 1000) / r.n).toFixed(2) : '—',
      r.cli ? (r.cli.ok ? fmtMs(r.cli.wallMs) : r.cli.timedOut ? 'timed out' : 'failed') : '—',
      r.cli?.ok ? r.cli.msPerArticle!.toFixed(2) : '—',
      r.cli?.ok && r.cli.cpuSeconds !== undefined ? ((r.cli.cpuSeconds * 1000) / r.n).toFixed(2) : '—',
      w ? (w.ok ? fmtMs(w.readyMs) : w.timedOut ? 'timed out' : 'failed') : '—',
      rssOf(c?.memory) !== undefined ? String(Math.round(rssOf(c?.memory)!)) : '—',
      fmtMs(l?.hover?.p99),
      fmtMs(l?.definition?.p99),
      fmtMs(l?.references?.p99),
      fmtMs(l?.diagnosticsAfterEdit?.p95),
      fmtMs(l?.corpusOutline?.p50),
      r.throughputRatio !== undefined ? `${r.throughputRatio.toFixed(2)}×` : '—',
    ]);
  }
  return table(rows);
}

interface Flatness {
  base: number;
  largest: number;
  /** Wall time per article at the largest size ÷ at the base size. */
  serverColdRatio?: number;
  cliRatio?: number;
  /** The same on CPU time (server up to ready; CLI process). */
  serverColdCpuRatio?: number;
  cliCpuRatio?: number;
}

function flatness(results: readonly SizeResult[]): Flatness | undefined {
  const measured = results.filter((r) => r.server?.cold.startup.ok || r.cli?.ok);
  if (measured.length < 2) return undefined;
  const base = measured.find((r) => r.n === 1000) ?? [...measured].sort((a, b) => a.n - b.n)[0]!;
  type Which = 'server' | 'cli' | 'serverCpu' | 'cliCpu';
  const per = (r: SizeResult, which: Which): number | undefined => {
    const c = r.server?.cold.startup;
    const v = which === 'server' ? (c?.ok ? c.readyMs : undefined)
      : which === 'serverCpu' ? (c?.ok && c.serverCpuSecondsAtReady !== undefined ? c.serverCpuSecondsAtReady * 1000 : undefined)
      : which === 'cli' ? (r.cli?.ok ? r.cli.wallMs : undefined)
      : r.cli?.ok && r.cli.cpuSeconds !== undefined ? r.cli.cpuSeconds * 1000 : undefined;
    return v === undefined ? undefined : v / r.n;
  };
  const ratio = (which: Which): { n: number; ratio: number } | undefined => {
    const largest = measured.filter((r) => r.n > base.n && per(r, which) !== undefined).sort((a, b) => b.n - a.n)[0];
    const b = per(base, which);
    return largest && b ? { n: largest.n, ratio: round(per(largest, which)! / b, 2) } : undefined;
  };
  const [s, c, sc, cc] = (['server', 'cli', 'serverCpu', 'cliCpu'] as const).map(ratio);
  return {
    base: base.n,
    largest: Math.max(s?.n ?? 0, c?.n ?? 0),
    serverColdRatio: s?.ratio,
    cliRatio: c?.ratio,
    serverColdCpuRatio: sc?.ratio,
    cliCpuRatio: cc?.ratio,
  };
}

// --- main -----------------------------------------------------------------------------------------

interface ResultsFile {
  schema: 1;
  startedAt: string;
  finishedAt: string | undefined;
  machine: {
    cpus: number;
    cpuModel: string;
    totalMemoryMB: number;
    platform: string;
    node: string;
    loadavgStart: [number, number, number];
    loadavgEnd: [number, number, number] | undefined;
    gnuTime: boolean;
  };
  git: { commit: string | undefined; branch: string | undefined; dirty: boolean };
  options: unknown;
  server: { diagnostics: 'push' | 'pull'; publishDebounceMs: number | undefined };
  data: { dir: string; distinctArticles: number };
  cspell: Omit<CspellSetup, 'bin' | 'config'> | { error: string } | undefined;
  sizes: SizeResult[];
  flatness: Flatness | undefined;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.print) return printResults(opts.print);
  const zipsThere = fs.existsSync(opts.data) && fs.readdirSync(opts.data).some((f) => /^\d{4}-\d{2}-\d{2}\.zip$/.test(f)) && fs.existsSync(path.join(opts.data, 'extract.mjs'));
  if (!zipsThere) {
    console.log(
      `bench: SaudiNewsNet not found at ${opts.data}\n` +
        'The benchmark needs the SaudiNewsNet subset (YYYY-MM-DD.zip files and extract.mjs) in ../shared/data/saudinewsnet/\n' +
        'beside the clone (or --data DIR). Nothing was measured.',
    );
    return;
  }
  for (const f of ['dist/server.js', 'dist/cli.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) {
      console.error(`bench: ${f} is missing: run \`npm install\` (or \`npm run build\`) first`);
      process.exit(2);
    }
  }
  const serverSource = fs.readFileSync(path.join(ROOT, 'server', 'src', 'lsp', 'server.ts'), 'utf8');
  const debounceMatch = /PUBLISH_DELAY_MS\s*=\s*(\d+)/.exec(serverSource);
  const debounceMs = debounceMatch ? Number(debounceMatch[1]) : undefined;
  const pullDiagnostics = /onDiagnostic|diagnosticProvider/.test(serverSource);

  const startedAt = new Date();
  const cpus = os.cpus();
  const results: SizeResult[] = [];
  const doc: ResultsFile = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: undefined,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      totalMemoryMB: Math.round(os.totalmem() / 1048576),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      loadavgStart: loadavg(),
      loadavgEnd: undefined,
      gnuTime: !!GNU_TIME,
    },
    git: { commit: git(['rev-parse', 'HEAD']), branch: git(['rev-parse', '--abbrev-ref', 'HEAD']), dirty: (git(['status', '--porcelain']) ?? '') !== '' },
    options: { ...opts, out: path.relative(ROOT, opts.out), data: opts.data },
    server: { diagnostics: pullDiagnostics ? 'pull' : 'push', publishDebounceMs: debounceMs },
    data: { dir: opts.data, distinctArticles: 0 },
    cspell: undefined,
    sizes: results,
    flatness: undefined,
  };
  const save = (): void => {
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, JSON.stringify(doc, null, 1) + '\n');
  };

  console.log(`Arabic News benchmark · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · node ${process.version} · ${doc.git.commit?.slice(0, 10) ?? 'no git'}${doc.git.dirty ? ' (dirty)' : ''} · load ${fmtLoad(doc.machine.loadavgStart)}`);
  console.log(`sizes ${opts.sizes.join(', ')}${opts.quick ? ' (quick)' : ''}; ${opts.samples} positions, ${opts.edits} edits, ${opts.outline} outline requests; budget ${opts.budgetMs / 1000} s per request type; timeout ${opts.timeoutMs / 60000} min`);
  console.log(`diagnostics: ${pullDiagnostics ? 'pull' : 'push'}${debounceMs !== undefined ? `, published ${debounceMs} ms after the last change (PUBLISH_DELAY_MS)` : ''}`);

  const all = extractAll(opts.data);
  doc.data.distinctArticles = all.length;
  if (opts.sizes.some((n) => n > all.length)) console.log(`the data has ${all.length} distinct articles: larger corpora repeat them under new names (r1_…)`);

  let cspell: CspellSetup | { error: string } | undefined;
  if (!opts.skipCspell) {
    cspell = ensureCspell();
    doc.cspell = 'error' in cspell ? cspell : { version: cspell.version, dictVersion: cspell.dictVersion };
  }

  for (const n of opts.sizes) {
    const t0 = now();
    const corpus = materialize(n, all);
    const { files, ...corpusInfo } = corpus;
    const r: SizeResult = { n, corpus: { ...corpusInfo, dir: path.relative(ROOT, corpus.dir) }, loadavg: { start: loadavg() } };
    results.push(r);
    console.log(`\n=== ${n.toLocaleString('en')} articles · ${path.relative(ROOT, corpus.dir)}/ · ${(corpus.bytes / 1048576).toFixed(1)} MB${corpus.repeated ? ` (${corpus.distinct} distinct, repeated under new names)` : ''}${corpus.reused ? ' (cached)' : ''} · load ${fmtLoad(r.loadavg.start)}`);

    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'arabic-news-bench-storage-'));
    try {
      process.stdout.write('server, cold … ');
      const cold = await runServer(corpus, storage, opts, 'cold');
      r.server = { cold };
      console.log(cold.startup.ok ? `ready in ${fmtMs(cold.startup.readyMs)}` : cold.startup.error);
      save();
      if (!opts.skipWarm && cold.startup.ok) {
        process.stdout.write('server, warm … ');
        r.server.warm = await runServer(corpus, storage, opts, 'warm');
        console.log(r.server.warm.startup.ok ? `ready in ${fmtMs(r.server.warm.startup.readyMs)}` : r.server.warm.startup.error);
        save();
      }
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }

    process.stdout.write('CLI lint … ');
    r.cli = await runCli(corpus, opts);
    console.log(r.cli.ok ? fmtMs(r.cli.wallMs) : r.cli.timedOut ? 'timed out' : `failed (exit ${r.cli.exitCode}) ${r.cli.stderrTail ?? ''}`);
    save();

    if (cspell && 'error' in cspell) r.cspell = cspell;
    else if (cspell) {
      process.stdout.write(`cspell${corpus.n > opts.cspellMax ? ` (on ${opts.cspellMax} of ${corpus.n} files)` : ''} … `);
      r.cspell = await runCspell(cspell, corpus, opts);
      console.log(r.cspell.ok ? fmtMs(r.cspell.wallMs) : r.cspell.timedOut ? 'timed out' : `failed (exit ${r.cspell.exitCode}) ${r.cspell.stderrTail ?? ''}`);
      if (r.cli.ok && r.cspell.ok && r.cspell.articlesPerSecond) r.throughputRatio = round(r.cli.articlesPerSecond! / r.cspell.articlesPerSecond, 2);
      if (r.cli.ok && r.cli.cpuSeconds && r.cspell.ok && r.cspell.fullCpuSeconds) r.throughputRatioCpu = round(r.cspell.fullCpuSeconds / r.cli.cpuSeconds, 2);
      if (cspell.startup && doc.cspell && !('error' in doc.cspell)) doc.cspell.startup = cspell.startup;
    }
    r.loadavg.end = loadavg();
    r.durationS = round((now() - t0) / 1000, 1);
    save();

    printSize(r, doc);
  }

  doc.flatness = flatness(results);
  doc.machine.loadavgEnd = loadavg();
  doc.finishedAt = new Date().toISOString();
  save();
  printSummary(doc);
  console.log(`raw figures: ${path.relative(process.cwd(), opts.out)}`);
}

function printSize(r: SizeResult, doc: ResultsFile): void {
  console.log(`\n${r.n.toLocaleString('en')} articles (load ${fmtLoad(r.loadavg.start)} → ${fmtLoad(r.loadavg.end ?? r.loadavg.start)}; ${r.durationS} s)`);
  console.log(sizeTable(r, doc.server.publishDebounceMs));
  for (const note of r.server?.cold.latency?.notes ?? []) console.log(`note: ${note}`);
  if (r.cspell && !('error' in r.cspell) && r.cspell.subset) {
    const startup = doc.cspell && !('error' in doc.cspell) ? doc.cspell.startup?.wallMs : undefined;
    console.log(`note: cspell ran on the first ${r.cspell.filesChecked} files; its throughput for ${r.n} is extrapolated (start-up ${fmtMs(startup)} counted once)`);
  }
  for (const kind of ['cold', 'warm'] as const) {
    const prof = r.server?.[kind]?.profile;
    if (!prof) continue;
    console.log(`\nCPU profile of the ${kind} server, whole session (${prof.file}; ${fmtMs(prof.busyMs)} busy of ${fmtMs(prof.totalMs)}), top self time (% of busy):`);
    console.log(table([['self', '%', 'function', 'where'], ...prof.top.map((t) => [fmtMs(t.selfMs), t.percent.toFixed(1), t.function, t.location])]));
  }
}

function printSummary(doc: ResultsFile): void {
  console.log(`\n=== summary (load ${fmtLoad(doc.machine.loadavgStart)} → ${fmtLoad(doc.machine.loadavgEnd ?? doc.machine.loadavgStart)})`);
  console.log(summaryTable(doc.sizes));
  console.log('(wall time; "CPU" columns: CPU time of the server up to ready / of the CLI process, less sensitive to the machine\'s load)');
  const f = doc.flatness;
  if (f) {
    const fr = (x: number | undefined): string => (x === undefined ? '—' : `${x.toFixed(2)}× ${mark(x <= TARGETS.flatness)}`);
    console.log(`time per article, ${f.largest.toLocaleString('en')} vs ${f.base.toLocaleString('en')} articles (target ≤ ${TARGETS.flatness}×): server cold index ${fr(f.serverColdRatio)} (CPU ${fr(f.serverColdCpuRatio)}), CLI lint ${fr(f.cliRatio)} (CPU ${fr(f.cliCpuRatio)})`);
  }
  const warm = doc.sizes.find((r) => r.server?.warm?.startup.ok)?.server?.warm?.startup;
  if (warm && (warm.storage?.files ?? 0) === 0) console.log('note: the server wrote nothing under initializationOptions.storagePath: the warm start is a second cold start');
}

/** --print FILE: the tables of an earlier run, from its results file, without measuring. */
function printResults(file: string): void {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsFile;
  console.log(`Arabic News benchmark of ${doc.startedAt} · ${doc.machine.cpus} × ${doc.machine.cpuModel} · node ${doc.machine.node} · ${doc.git.commit?.slice(0, 10) ?? 'no git'}${doc.git.dirty ? ' (dirty)' : ''}`);
  doc.flatness = flatness(doc.sizes);
  for (const r of doc.sizes) printSize(r, doc);
  printSummary(doc);
}

main().then(
  // Waits on a server that died may still hold timers: leave now.
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.stack ?? e.message : String(e));
    process.exit(1);
  },
);
