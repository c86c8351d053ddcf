/**
 * A small TextMate-style tokenizer over JavaScript RegExp, enough to test the Arabic News grammar without
 * Oniguruma: `match` rules, `begin`/`end` rules spanning lines, nested `patterns`, `include` of `#repository`
 * rules and `$self`. The earliest match wins, ties go to the earlier rule; a rule's `end` beats its nested
 * patterns at the same position (as in TextMate). `captures` of `match` rules are applied (their `name`
 * only, not their nested patterns); begin/end captures are not.
 */

export interface RawRule {
  readonly name?: string;
  readonly contentName?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly include?: string;
  readonly patterns?: readonly RawRule[];
  readonly captures?: Readonly<Record<string, RawRule>>;
}

export interface RawGrammar extends RawRule {
  readonly scopeName: string;
  readonly repository?: Readonly<Record<string, RawRule>>;
}

export interface Token {
  readonly text: string;
  /** Scope names from outermost to innermost (the grammar's scopeName excluded). */
  readonly scopes: readonly string[];
}

interface Open {
  readonly rule: RawRule;
  readonly end: RegExp;
}

function scopesOf(rule: RawRule): string[] {
  return rule.name ? rule.name.split(/\s+/) : [];
}

export class MiniTextMate {
  private readonly cache = new Map<string, RegExp>();

  constructor(private readonly grammar: RawGrammar) {}

  private re(src: string): RegExp {
    let r = this.cache.get(src);
    if (!r) {
      r = new RegExp(src, 'gd');
      this.cache.set(src, r);
    }
    return r;
  }

  /** The match/begin rules a pattern list stands for, includes resolved, in order. */
  private flatten(patterns: readonly RawRule[] | undefined, seen = new Set<RawRule>()): RawRule[] {
    const out: RawRule[] = [];
    for (const p of patterns ?? []) {
      if (p.include) {
        const target = p.include === '$self' ? this.grammar : this.grammar.repository?.[p.include.replace(/^#/, '')];
        if (!target) throw new Error(`unresolved include ${p.include}`);
        if (seen.has(target)) continue;
        const s = new Set(seen).add(target);
        if (target.match || target.begin) out.push(target);
        else out.push(...this.flatten(target.patterns, s));
      } else if (p.match || p.begin) {
        out.push(p);
      } else if (p.patterns) {
        out.push(...this.flatten(p.patterns, seen));
      }
    }
    return out;
  }

  /** Tokenizes lines (without line breaks); begin/end rules carry over to the next lines. */
  tokenize(lines: readonly string[]): Token[][] {
    const stack: Open[] = [];
    const result: Token[][] = [];
    for (const line of lines) {
      const tokens: Token[] = [];
      const scopes = (): string[] => stack.flatMap((o) => [...scopesOf(o.rule), ...(o.rule.contentName ? [o.rule.contentName] : [])]);
      const emit = (from: number, to: number, extra: readonly string[] = []): void => {
        if (to > from) tokens.push({ text: line.slice(from, to), scopes: [...scopes(), ...extra] });
      };
      let pos = 0;
      let guard = 0;
      while (pos <= line.length && guard++ < 10_000) {
        const top = stack[stack.length - 1];
        const candidates = this.flatten(top ? top.rule.patterns : this.grammar.patterns);
        let best: { index: number; end: number; rule?: RawRule; m?: RegExpExecArray } | undefined;
        if (top) {
          top.end.lastIndex = pos;
          const m = top.end.exec(line);
          if (m) best = { index: m.index, end: m.index + m[0].length };
        }
        for (const rule of candidates) {
          const r = this.re((rule.match ?? rule.begin)!);
          r.lastIndex = pos;
          const m = r.exec(line);
          if (!m) continue;
          if (m[0].length === 0 && rule.match) continue;
          if (!best || m.index < best.index) best = { index: m.index, end: m.index + m[0].length, rule, m };
        }
        if (!best) {
          emit(pos, line.length);
          break;
        }
        emit(pos, best.index);
        if (!best.rule) {
          // end of the open begin/end rule
          const closed = stack.pop()!;
          tokens.push(...(best.end > best.index ? [{ text: line.slice(best.index, best.end), scopes: [...scopes(), ...scopesOf(closed.rule)] }] : []));
          pos = best.end;
          if (best.end === best.index && pos >= line.length) break;
          continue;
        }
        if (best.rule.match) {
          this.emitWithCaptures(best.rule, best.m!, emit);
          pos = best.end;
          continue;
        }
        // begin
        emit(best.index, best.end, scopesOf(best.rule));
        stack.push({ rule: best.rule, end: new RegExp(best.rule.end ?? '$', 'g') });
        pos = best.end;
        if (pos >= line.length) {
          // An end that matches at the end of the line (e.g. `$`) closes here.
          const e = stack[stack.length - 1]!.end;
          e.lastIndex = pos;
          const m = e.exec(line);
          if (m && m.index === pos) stack.pop();
          break;
        }
      }
      result.push(tokens);
    }
    return result;
  }

  /** Emits a match, split where its captures start and end, each part with the captures that cover it. */
  private emitWithCaptures(rule: RawRule, m: RegExpExecArray, emit: (from: number, to: number, extra?: readonly string[]) => void): void {
    const start = m.index;
    const end = start + m[0].length;
    const caps = Object.entries(rule.captures ?? {})
      .map(([k, c]) => ({ range: m.indices?.[Number(k)], scopes: scopesOf(c) }))
      .filter((c): c is { range: [number, number]; scopes: string[] } => c.range !== undefined && c.range[1] > c.range[0]);
    const cuts = [...new Set([start, end, ...caps.flatMap((c) => c.range)])].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i]!, cuts[i + 1]!];
      const extra = [...scopesOf(rule), ...caps.filter((c) => c.range[0] <= a && b <= c.range[1]).flatMap((c) => c.scopes)];
      emit(a, b, extra);
    }
  }

  /** Scopes that apply to `needle` (the first token containing it) on a single tokenized line. */
  static scopesAt(tokens: readonly Token[], needle: string): readonly string[] {
    const line = tokens.map((t) => t.text).join('');
    const at = line.indexOf(needle);
    if (at < 0) throw new Error(`"${needle}" not in line`);
    let offset = 0;
    for (const t of tokens) {
      if (at >= offset && at < offset + t.text.length) return t.scopes;
      offset += t.text.length;
    }
    return [];
  }
}
