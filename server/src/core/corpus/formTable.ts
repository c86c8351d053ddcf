/**
 * Interned normalized word forms: each distinct form gets a small integer id, shared by every
 * document of the corpus. Documents store ids instead of strings (a few bytes per token), and
 * corpus-wide tables (frequencies, memoized clitic analyses) are arrays indexed by id.
 */
let tables = 0;

export class FormTable {
  private readonly ids = new Map<string, number>();
  private readonly forms: string[] = [];
  /** A number no other table of this process has (word forms remember their id per table by it). */
  readonly serial = tables++;

  /** The id of a form, adding it when new. */
  intern(form: string): number {
    let id = this.ids.get(form);
    if (id === undefined) {
      id = this.forms.length;
      this.forms.push(form);
      this.ids.set(form, id);
    }
    return id;
  }

  /** The id of a known form, or -1. */
  lookup(form: string): number {
    return this.ids.get(form) ?? -1;
  }

  form(id: number): string {
    return this.forms[id]!;
  }

  get size(): number {
    return this.forms.length;
  }
}
