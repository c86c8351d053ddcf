import { ExportEntity } from './entities';

/** One JSON line per document: {"path","entities":[{"start","end","type","actor","canonical","text"}]} (UTF-16 offsets). */
export function toJsonlLine(path: string, entities: readonly ExportEntity[]): string {
  return JSON.stringify({ path, entities: entities.map((e) => ({ start: e.start, end: e.end, type: e.type, actor: e.actor, canonical: e.canonical, text: e.text })) });
}
