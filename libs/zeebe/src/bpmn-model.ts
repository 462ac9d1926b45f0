import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Job type of Zeebe's job-worker user tasks. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

export interface ModelFiles {
  bpmn: string[];
  forms: string[];
  dmn: string[];
}

export function listModelFiles(dir: string): ModelFiles {
  const files = readdirSync(dir).sort();
  const pick = (ext: string) => files.filter((f) => f.endsWith(ext)).map((f) => join(dir, f));
  return { bpmn: pick('.bpmn'), forms: pick('.form'), dmn: pick('.dmn') };
}

/**
 * The job types a set of BPMN files asks workers for: every `zeebe:taskDefinition type`, plus
 * the user-task job type when a user task is not a Camunda (zeebe:userTask) user task.
 */
export function jobTypesOf(bpmnFiles: string[]): Set<string> {
  const types = new Set<string>();
  for (const file of bpmnFiles) {
    const xml = readFileSync(file, 'utf8');
    for (const m of xml.matchAll(/<zeebe:taskDefinition\b[^>]*\btype="([^"]+)"/g)) types.add(m[1]);
    if (/<bpmn:userTask\b/.test(xml)) types.add(USER_TASK_JOB_TYPE);
  }
  return types;
}
