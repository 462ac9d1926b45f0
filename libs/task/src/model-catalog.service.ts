import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { DeploymentResult } from '@lotse/engine';
import { elementNames } from './bpmn-names';
import { FormDefinition, ProcessDefinition } from './deployed-model.entity';

/** What was deployed: process XML (diagrams, task names) and form schemas. */
@Injectable()
export class ModelCatalog {
  private readonly names = new Map<string, Map<string, string>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ProcessDefinition) private readonly processes: Repository<ProcessDefinition>,
    @InjectRepository(FormDefinition) private readonly forms: Repository<FormDefinition>,
  ) {}

  async record(result: DeploymentResult): Promise<void> {
    if (result.processes.length) {
      await this.processes.upsert(
        result.processes.map((p) => ({
          id: p.processDefinitionId,
          bpmnProcessId: p.bpmnProcessId,
          version: p.version,
          xml: p.xml,
        })),
        ['id'],
      );
    }
    for (const f of result.forms) {
      // A new version only when the content changed (one recorder at a time per form).
      await this.dataSource.transaction(async (m) => {
        await m.query(`select pg_advisory_xact_lock(hashtext($1))`, [`form:${f.formId}`]);
        const [latest] = await m.query(
          `select version, schema = $2::jsonb as same from form_definition
            where form_id = $1 order by version desc limit 1`,
          [f.formId, JSON.stringify(f.schema)],
        );
        if (latest?.same) return;
        const version = (latest?.version ?? 0) + 1;
        await m.insert(FormDefinition, {
          key: `${f.formId}:${version}`,
          formId: f.formId,
          version,
          schema: f.schema as never,
        });
      });
    }
  }

  findProcess(id: string): Promise<ProcessDefinition | null> {
    return this.processes.findOneBy({ id });
  }

  /** The name the designers gave a process (e.g. "Fallmeldung"); its id when unknown. */
  async processName(processDefinitionId: string, fallback: string): Promise<string> {
    const p = await this.findProcess(processDefinitionId);
    const name = p ? /<bpmn:process\b[^>]*\bname="([^"]+)"/.exec(p.xml)?.[1] : undefined;
    return name ?? fallback;
  }

  latestProcess(bpmnProcessId: string): Promise<ProcessDefinition | null> {
    return this.processes.findOne({ where: { bpmnProcessId }, order: { version: 'DESC' } });
  }

  /** The latest version of a form (the models bind their forms with `latest`). */
  findForm(formId: string): Promise<FormDefinition | null> {
    return this.forms.findOne({ where: { formId }, order: { version: 'DESC' } });
  }

  /** The name of an element of a deployed process; the id when unknown. */
  async elementName(processDefinitionId: string, elementId: string): Promise<string> {
    let names = this.names.get(processDefinitionId);
    if (!names) {
      const p = await this.findProcess(processDefinitionId);
      if (!p) return elementId;
      names = elementNames(p.xml);
      this.names.set(processDefinitionId, names);
    }
    return names.get(elementId) ?? elementId;
  }
}
