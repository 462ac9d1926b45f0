import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { DeploymentResult } from '@lotse/zeebe';
import { elementNames } from './bpmn-names';
import { FormDefinition, ProcessDefinition } from './deployed-model.entity';

/** What was deployed: process XML (diagrams, task names) and form schemas, by engine key. */
@Injectable()
export class ModelCatalog {
  private readonly names = new Map<string, Map<string, string>>();

  constructor(
    @InjectRepository(ProcessDefinition) private readonly processes: Repository<ProcessDefinition>,
    @InjectRepository(FormDefinition) private readonly forms: Repository<FormDefinition>,
  ) {}

  async record(result: DeploymentResult): Promise<void> {
    if (result.processes.length) {
      await this.processes.upsert(
        result.processes.map((p) => ({
          key: p.processDefinitionKey,
          bpmnProcessId: p.bpmnProcessId,
          version: p.version,
          xml: p.xml,
        })),
        ['key'],
      );
    }
    if (result.forms.length) {
      await this.forms.upsert(
        result.forms.map((f) => ({
          key: f.formKey,
          formId: f.formId,
          version: f.version,
          schema: f.schema as never,
        })),
        ['key'],
      );
    }
  }

  findProcess(key: string): Promise<ProcessDefinition | null> {
    return this.processes.findOneBy({ key });
  }

  /** The name the designers gave a process (e.g. "Fallmeldung"); its id when unknown. */
  async processName(processDefinitionKey: string, fallback: string): Promise<string> {
    const p = await this.findProcess(processDefinitionKey);
    const name = p ? /<bpmn:process\b[^>]*\bname="([^"]+)"/.exec(p.xml)?.[1] : undefined;
    return name ?? fallback;
  }

  latestProcess(bpmnProcessId: string): Promise<ProcessDefinition | null> {
    return this.processes.findOne({ where: { bpmnProcessId }, order: { version: 'DESC' } });
  }

  findForm(key: string): Promise<FormDefinition | null> {
    return this.forms.findOneBy({ key });
  }

  /** The name of an element of a deployed process; the id when unknown. */
  async elementName(processDefinitionKey: string, elementId: string): Promise<string> {
    let names = this.names.get(processDefinitionKey);
    if (!names) {
      const p = await this.findProcess(processDefinitionKey);
      if (!p) return elementId;
      names = elementNames(p.xml);
      this.names.set(processDefinitionKey, names);
    }
    return names.get(elementId) ?? elementId;
  }
}
