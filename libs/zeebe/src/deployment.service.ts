import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { zeebeConfig, ZeebeConfig } from '@lotse/common';
import { listModelFiles } from './bpmn-model';
import type { ZeebeClient } from './zeebe-client.factory';
import { ZEEBE_CLIENT } from './zeebe.tokens';

export interface DeployedForm {
  formId: string;
  formKey: string;
  version: number;
  schema: Record<string, unknown>;
}

export interface DeploymentResult {
  processes: Array<{
    bpmnProcessId: string;
    version: number;
    processDefinitionKey: string;
    xml: string;
  }>;
  forms: DeployedForm[];
  decisions: number;
}

/**
 * Deploys the designers' folder (`bpmn/`) as is: every *.bpmn, *.form and *.dmn in one
 * deployment. Zeebe keeps an unchanged resource at its version, so deploying twice is harmless.
 */
@Injectable()
export class DeploymentService {
  private readonly logger = new Logger('Deployment');

  constructor(
    @Inject(ZEEBE_CLIENT) private readonly client: ZeebeClient,
    @Inject(zeebeConfig.KEY) private readonly config: ZeebeConfig,
  ) {}

  async deployModels(): Promise<DeploymentResult> {
    const files = listModelFiles(this.config.bpmnDir);
    const sources = new Map<string, string>();
    const resources = [
      ...files.bpmn.map((f) => ({ processFilename: f })),
      ...files.forms.map((f) => ({ formFilename: f })),
      ...files.dmn.map((f) => ({ decisionFilename: f })),
    ];
    for (const f of [...files.bpmn, ...files.forms])
      sources.set(basename(f), readFileSync(f, 'utf8'));
    const res = await this.client.deployResources(resources);
    const result: DeploymentResult = { processes: [], forms: [], decisions: 0 };
    for (const d of res.deployments as Array<Record<string, any>>) {
      if (d.process) {
        result.processes.push({
          bpmnProcessId: d.process.bpmnProcessId,
          version: d.process.version,
          processDefinitionKey: String(d.process.processDefinitionKey),
          xml: sources.get(basename(d.process.resourceName)) ?? '',
        });
      } else if (d.form) {
        result.forms.push({
          formId: d.form.formId,
          formKey: String(d.form.formKey),
          version: d.form.version,
          schema: JSON.parse(sources.get(basename(d.form.resourceName)) ?? '{}'),
        });
      } else if (d.decision) {
        result.decisions += 1;
      }
    }
    this.logger.log({
      msg: 'models deployed',
      processes: result.processes.map((p) => `${p.bpmnProcessId}@${p.version}`),
      forms: result.forms.map((f) => `${f.formId}@${f.version}`),
    });
    return result;
  }
}
