import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ModelFiles {
  bpmn: string[];
  forms: string[];
  dmn: string[];
}

/** The designers' folder: every *.bpmn, *.form and *.dmn in it. */
export function listModelFiles(dir: string): ModelFiles {
  const files = readdirSync(dir).sort();
  const pick = (ext: string) => files.filter((f) => f.endsWith(ext)).map((f) => join(dir, f));
  return { bpmn: pick('.bpmn'), forms: pick('.form'), dmn: pick('.dmn') };
}

/**
 * The external-task topics a set of BPMN files asks workers for: every `camunda:topic` of an
 * element with `camunda:type="external"` (service, send and business-rule tasks, message end
 * and throw events).
 */
export function topicsOf(bpmnFiles: string[]): Set<string> {
  const topics = new Set<string>();
  for (const file of bpmnFiles) {
    const xml = readFileSync(file, 'utf8');
    for (const m of xml.matchAll(/<bpmn:\w+\b[^>]*>/g)) {
      const tag = m[0];
      if (!/\bcamunda:type="external"/.test(tag)) continue;
      const topic = /\bcamunda:topic="([^"]+)"/.exec(tag)?.[1];
      if (topic) topics.add(topic);
    }
  }
  return topics;
}

/** The ids (engine: definition keys) of the executable processes in a BPMN file. */
export function processIdsOf(xml: string): string[] {
  return [...xml.matchAll(/<bpmn:process\b[^>]*?\bid="([^"]+)"/g)].map((m) => m[1]);
}
