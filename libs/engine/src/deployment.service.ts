import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { engineConfig, EngineConfig } from '@lotse/common';
import { listModelFiles, processIdsOf } from './bpmn-model';
import { EngineClient } from './engine-client';

export interface DeployedForm {
  formId: string;
  schema: Record<string, unknown>;
}

export interface DeploymentResult {
  /** The latest definition of every process in bpmn/ (deployed now or before). */
  processes: Array<{
    processDefinitionId: string;
    bpmnProcessId: string;
    version: number;
    xml: string;
  }>;
  forms: DeployedForm[];
  /** Whether the engine made a new deployment (false when nothing changed). */
  changed: boolean;
}

/**
 * Deploys the designers' folder (`bpmn/`) as is: every *.bpmn, *.form and *.dmn in one
 * deployment named `lotse`. The engine deploys only what changed since the last deployment
 * (`deploy-changed-only`), so deploying twice is harmless and each change makes one new version.
 */
@Injectable()
export class DeploymentService {
  private readonly logger = new Logger('Deployment');

  constructor(
    private readonly engine: EngineClient,
    @Inject(engineConfig.KEY) private readonly config: EngineConfig,
  ) {}

  async deployModels(): Promise<DeploymentResult> {
    const files = listModelFiles(this.config.bpmnDir);
    const all = [...files.bpmn, ...files.forms, ...files.dmn].map((f) => ({
      name: basename(f),
      content: readFileSync(f, 'utf8'),
    }));
    const deployment = await this.engine.deploy('lotse', all, { changedOnly: true });
    const changed = Object.keys(deployment.deployedProcessDefinitions ?? {}).length > 0;
    const processIds = all
      .filter((f) => f.name.endsWith('.bpmn'))
      .flatMap((f) => processIdsOf(f.content));
    const processes = await Promise.all(
      processIds.map(async (key) => {
        const d = await this.engine.latestProcessDefinition(key);
        return {
          processDefinitionId: d.id,
          bpmnProcessId: d.key,
          version: d.version,
          xml: await this.engine.processDefinitionXml(d.id),
        };
      }),
    );
    const forms = all
      .filter((f) => f.name.endsWith('.form'))
      .map((f) => {
        const schema = JSON.parse(f.content) as Record<string, unknown>;
        return { formId: String(schema.id), schema };
      });
    this.logger.log({
      msg: changed ? 'models deployed' : 'models unchanged',
      deploymentId: deployment.id,
      processes: processes.map((p) => `${p.bpmnProcessId}@${p.version}`),
      forms: forms.map((f) => f.formId),
    });
    return { processes, forms, changed };
  }
}
