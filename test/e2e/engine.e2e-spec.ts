import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { engineConfig, EngineConfig, LotseLogger, LotseConfigModule } from '@lotse/common';
import {
  DeploymentService,
  EngineClient,
  EngineModule,
  ExternalTask,
  ExternalTaskHandler,
  ExternalTaskWorkersModule,
  toEngineVariables,
} from '@lotse/engine';
import { deploy } from '../../apps/worker/src/commands';
import { eventually, Lotse, signIn, startLotse, startWorker } from '../harness/lotse';
import { runWorkerToEnd } from '../harness/processes';
import { adultConsent, referral } from '../harness/fixtures';

/* eslint-disable @typescript-eslint/no-require-imports */
const { engine: testEngine, ROOT } = require('../harness/test-env');
/* eslint-enable @typescript-eslint/no-require-imports */

/** A model of this test only: a failing step, a step with a business error, a slow step. */
const TEST_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="lotse-engine-check" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="Which" default="toSlow"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>toFail</bpmn:outgoing><bpmn:outgoing>toError</bpmn:outgoing><bpmn:outgoing>toSlow</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:serviceTask id="Fail" camunda:type="external" camunda:topic="lotse.check.fail"><bpmn:incoming>toFail</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:serviceTask id="Refuse" camunda:type="external" camunda:topic="lotse.check.refuse"><bpmn:incoming>toError</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:boundaryEvent id="Refused" attachedToRef="Refuse"><bpmn:outgoing>f4</bpmn:outgoing><bpmn:errorEventDefinition errorRef="NotAllowed"/></bpmn:boundaryEvent>
    <bpmn:serviceTask id="Slow" camunda:type="external" camunda:topic="lotse.check.slow"><bpmn:incoming>toSlow</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="Done"><bpmn:incoming>f2</bpmn:incoming><bpmn:incoming>f3</bpmn:incoming><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="EndRefused"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Which"/>
    <bpmn:sequenceFlow id="toFail" sourceRef="Which" targetRef="Fail"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${path == 'fail'}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="toError" sourceRef="Which" targetRef="Refuse"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${path == 'refuse'}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="toSlow" sourceRef="Which" targetRef="Slow"/>
    <bpmn:sequenceFlow id="f2" sourceRef="Fail" targetRef="Done"/>
    <bpmn:sequenceFlow id="f3" sourceRef="Refuse" targetRef="Done"/>
    <bpmn:sequenceFlow id="f4" sourceRef="Refused" targetRef="EndRefused"/>
    <bpmn:sequenceFlow id="f5" sourceRef="Slow" targetRef="Done"/>
  </bpmn:process>
  <bpmn:error id="NotAllowed" errorCode="not-allowed"/>
</bpmn:definitions>`;

@Injectable()
class CheckHandlers {
  readonly calls = { fail: 0, refuse: 0, slow: 0 };

  @ExternalTaskHandler({ topic: 'lotse.check.fail', retries: 2 })
  async fail(): Promise<never> {
    this.calls.fail++;
    throw new Error('Datenbank nicht erreichbar (Test)');
  }

  @ExternalTaskHandler({ topic: 'lotse.check.refuse' })
  async refuse(task: ExternalTask) {
    this.calls.refuse++;
    return task.bpmnError('not-allowed', 'Nicht zulässig');
  }

  /** Takes longer than its lock: the registry must extend the lock, or the task runs twice. */
  @ExternalTaskHandler({ topic: 'lotse.check.slow', lockDurationMs: 1000 })
  async slow(task: ExternalTask) {
    this.calls.slow++;
    await new Promise((r) => setTimeout(r, 3000));
    return task.complete({ slowDone: true });
  }
}

@Module({
  imports: [LotseConfigModule, EngineModule, ExternalTaskWorkersModule],
  providers: [CheckHandlers],
})
class CheckWorkerModule {}

/** Runs `fn` with BPMN_DIR pointing at `dir` (config is read when a module starts). */
async function withBpmnDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.BPMN_DIR;
  process.env.BPMN_DIR = dir;
  try {
    return await fn();
  } finally {
    process.env.BPMN_DIR = before;
  }
}

describe('The engine (Operaton) and Lotse’s adapter', () => {
  let lotse: Lotse;
  let engine: EngineClient;
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'lotse-engine-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    lotse = await startLotse();
    engine = lotse.worker!.get(EngineClient);
  });
  afterAll(async () => {
    await lotse?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('answers only with credentials, and keeps Cockpit behind a sign-in', async () => {
    expect((await fetch(`${testEngine.restUrl}/version`)).status).toBe(401);
    const wrong = Buffer.from(`${testEngine.serviceUser}:not-the-password`).toString('base64');
    expect(
      (
        await fetch(`${testEngine.restUrl}/version`, {
          headers: { authorization: `Basic ${wrong}` },
        })
      ).status,
    ).toBe(401);
    expect((await engine.version()).version).toBe('1.0.3');
    // The web apps' API needs a session of an engine user.
    const cockpit = await fetch(
      `${testEngine.url}/operaton/api/cockpit/plugin/base/default/process-definition/statistics`,
    );
    expect([401, 403]).toContain(cockpit.status);
  });

  it('deploys only what changed: a second deployment keeps every version', async () => {
    const first = await deploy();
    const second = await deploy();
    expect(second.changed).toBe(false);
    expect(second.processes.map((p) => p.processDefinitionId).sort()).toEqual(
      first.processes.map((p) => p.processDefinitionId).sort(),
    );
    // A changed model becomes a new version.
    const dir = tempDir();
    const deployer = new DeploymentService(engine, {
      ...lotse.worker!.get<EngineConfig>(engineConfig.KEY),
      bpmnDir: dir,
    });
    writeFileSync(join(dir, 'lotse-engine-check.bpmn'), TEST_MODEL);
    const v1 = await deployer.deployModels();
    expect((await deployer.deployModels()).changed).toBe(false);
    writeFileSync(
      join(dir, 'lotse-engine-check.bpmn'),
      TEST_MODEL.replace('<bpmn:startEvent id="Start">', '<bpmn:startEvent id="Start" name="Los">'),
    );
    const v2 = await deployer.deployModels();
    expect(v2.changed).toBe(true);
    expect(v2.processes[0].version).toBe(v1.processes[0].version + 1);
  });

  it('refuses to start a worker when a topic in the models has no handler', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'bpmn'), dir, { recursive: true });
    writeFileSync(join(dir, 'lotse-engine-check.bpmn'), TEST_MODEL);
    // The real worker binary, so that nothing of a refused start stays behind in this process.
    const run = await runWorkerToEnd({ BPMN_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /No handler for topic\(s\) lotse\.check\.fail, lotse\.check\.refuse, lotse\.check\.slow/,
    );
  });

  describe('external tasks', () => {
    let app: INestApplicationContext;
    let handlers: CheckHandlers;

    beforeAll(async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'lotse-engine-check.bpmn'), TEST_MODEL);
      app = await withBpmnDir(dir, async () => {
        const a = await NestFactory.createApplicationContext(CheckWorkerModule, {
          logger: new LotseLogger('check', 'error'),
        });
        await a.init();
        await a.get(DeploymentService).deployModels();
        return a;
      });
      handlers = app.get(CheckHandlers);
    });
    afterAll(() => app?.close());

    const start = async (path: string) => {
      const r = await engine.post<{ id: string }>(
        '/process-definition/key/lotse-engine-check/start',
        {
          businessKey: randomUUID(),
          variables: toEngineVariables({ path }),
        },
      );
      return r.id;
    };

    it('report a technical failure with retries and back-off, then raise an incident', async () => {
      const id = await start('fail');
      const [incident] = await eventually(
        async () => {
          const found = await engine.get<Array<{ incidentType: string; incidentMessage: string }>>(
            `/incident?processInstanceId=${id}`,
          );
          return found.length ? found : undefined;
        },
        { what: 'an incident after the retries', timeoutMs: 30_000 },
      );
      expect(incident).toMatchObject({
        incidentType: 'failedExternalTask',
        incidentMessage: 'Datenbank nicht erreichbar (Test)',
      });
      expect(handlers.calls.fail).toBe(2);
    });

    it('turn a business outcome into a BPMN error the model catches', async () => {
      const id = await start('refuse');
      const ended = await eventually(
        async () => {
          const [h] = await engine.get<Array<{ state: string; endActivityId: string }>>(
            `/history/process-instance?processInstanceId=${id}`,
          );
          return h?.state === 'COMPLETED' ? h : undefined;
        },
        { what: 'the instance to end', timeoutMs: 30_000 },
      );
      const ends = await engine.get<Array<{ activityId: string }>>(
        `/history/activity-instance?processInstanceId=${id}&activityType=noneEndEvent`,
      );
      expect(ended.state).toBe('COMPLETED');
      expect(ends.map((a) => a.activityId)).toEqual(['EndRefused']);
    });

    it('keep the lock of a slow step, so that it runs once', async () => {
      const id = await start('slow');
      await eventually(
        async () => {
          const [h] = await engine.get<Array<{ state: string }>>(
            `/history/process-instance?processInstanceId=${id}`,
          );
          return h?.state === 'COMPLETED';
        },
        { what: 'the slow step to complete', timeoutMs: 30_000 },
      );
      expect(handlers.calls.slow).toBe(1);
    });
  });

  it('delivers a message that arrives before the process waits for it, once it waits', async () => {
    // A case whose process waits at its consent check (no worker runs), and a message for the
    // obtain-consent task that does not exist yet: the relay keeps offering it.
    await lotse.worker!.close();
    const jc = await signIn(lotse.baseUrl, 'jc.sachbearbeitung');
    const accepted = (await jc.post('/api/v1/referrals', referral({ consent: undefined }))).body;
    await eventually(
      async () => (await engine.countProcessInstances(accepted.id, 'case-referral')) === 1,
      { what: 'the process to start' },
    );
    // A consent that names nobody: the check sends the case to *obtain consent*, whose
    // boundary event takes the message.
    const consent = await jc.post(
      `/api/v1/referrals/${accepted.id}/consents`,
      adultConsent({ recipients: [] }),
    );
    expect(consent.status).toBe(201);
    const row = async () =>
      (
        await lotse.db.query(
          `select attempts, sent_at, expired_at from outbox_message where dedup_key = $1`,
          [`consent-provided:${consent.body.id}`],
        )
      )[0];
    await eventually(async () => (await row()).attempts > 0, {
      what: 'the relay to find nobody waiting yet',
    });
    expect((await row()).sent_at).toBeNull();

    // The worker comes back: the check runs, and the message is taken once the process waits.
    const worker = await startWorker();
    try {
      await eventually(async () => (await row()).sent_at !== null, {
        what: 'the message to be delivered',
        timeoutMs: 60_000,
      });
      expect((await row()).expired_at).toBeNull();
    } finally {
      await worker.close();
    }
  });
});
