import type { EngineConfig } from '@lotse/common';

/** A variable as the engine's REST API carries it. */
export interface EngineVariable {
  value: unknown;
  type?: string;
  valueInfo?: Record<string, unknown>;
}
export type EngineVariables = Record<string, EngineVariable>;

/** Values the engine may hold for Lotse: ids, settings, outcomes. Never personal data. */
export type PlainValue = string | number | boolean | null;

/**
 * Plain values to the engine's typed variables. Lotse keeps objects and lists out of the
 * engine (they would need a serialisation format there); a non-plain value is a programming
 * error and is refused here rather than stored half-readable.
 */
export function toEngineVariables(values: Record<string, unknown> = {}): EngineVariables {
  const out: EngineVariables = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) out[name] = { value: null, type: 'Null' };
    else if (typeof value === 'string') out[name] = { value, type: 'String' };
    else if (typeof value === 'boolean') out[name] = { value, type: 'Boolean' };
    else if (typeof value === 'number')
      out[name] = { value, type: Number.isInteger(value) ? 'Long' : 'Double' };
    else throw new TypeError(`process variable "${name}" is not a plain value`);
  }
  return out;
}

/** The engine's typed variables as plain values (dates stay ISO strings). */
export function fromEngineVariables(vars: EngineVariables | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(vars ?? {})) out[name] = v?.value ?? null;
  return out;
}

/** A failed call to the engine: its HTTP status and the engine's exception type and message. */
export class EngineError extends Error {
  constructor(
    /** HTTP status; 0 when the engine did not answer (refused, reset, timed out). */
    readonly status: number,
    /** The engine's exception type, e.g. `TaskAlreadyClaimedException`. */
    readonly type: string | undefined,
    message: string,
    /** True when the request may have reached the engine but no answer came back. */
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  /** The engine could not be reached or failed on its side: try again later. */
  get unavailable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }

  get notFound(): boolean {
    return (
      this.status === 404 ||
      this.type === 'NotFoundException' ||
      /does not exist|Cannot find|not found/i.test(this.message)
    );
  }

  /** Another party won a race (a claim, a completion, a concurrent update). */
  get conflict(): boolean {
    return (
      this.type === 'TaskAlreadyClaimedException' ||
      this.type === 'OptimisticLockingException' ||
      /already claimed|was updated by another transaction/i.test(this.message)
    );
  }

  /** A message found no process instance waiting for it (yet). */
  get noMatchingSubscription(): boolean {
    return /Cannot correlate message|No process definition or execution matches/i.test(
      this.message,
    );
  }
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The engine's REST API (Operaton `/engine-rest`) with HTTP Basic credentials of Lotse's
 * service account. Every call has a timeout; failures are `EngineError`s.
 */
export class EngineClient {
  private readonly authorization: string;

  constructor(private readonly config: EngineConfig) {
    this.authorization = `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`;
  }

  get baseUrl(): string {
    return this.config.url;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    opts: RequestOptions = {},
  ): Promise<T> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.config.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const isForm = body instanceof FormData;
    let res: Response;
    try {
      res = await fetch(`${this.config.url}${path}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      const err = e as Error;
      const timedOut = err.name === 'TimeoutError' || timeout.aborted;
      throw new EngineError(
        0,
        undefined,
        timedOut
          ? `the engine did not answer ${method} ${path} in time`
          : `the engine is not reachable (${(err.cause as Error)?.message ?? err.message})`,
        // a request that was sent may have taken effect although no answer came back
        timedOut,
      );
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let type: string | undefined;
      let message = text || res.statusText;
      try {
        const problem = JSON.parse(text) as { type?: string; message?: string };
        type = problem.type;
        message = problem.message ?? message;
      } catch {
        /* not JSON */
      }
      if (res.status === 401)
        message = "the engine refused Lotse's credentials (ENGINE_USER / ENGINE_PASSWORD)";
      throw new EngineError(res.status, type, `${method} ${path}: ${message}`.slice(0, 1000));
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, undefined, opts);
  }

  post<T>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>('POST', path, body ?? {}, opts);
  }

  delete<T>(path: string, opts?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, opts);
  }

  version(opts?: RequestOptions): Promise<{ version: string }> {
    return this.get('/version', opts);
  }

  // ------------------------------------------------------------ deployments

  /**
   * One deployment of the given files; with `changedOnly` the engine keeps an unchanged
   * resource at its version (the deployment is then empty of it).
   */
  deploy(
    name: string,
    files: Array<{ name: string; content: string }>,
    opts: { changedOnly: boolean },
  ): Promise<DeploymentDto> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', 'lotse');
    form.set('deploy-changed-only', String(opts.changedOnly));
    form.set('enable-duplicate-filtering', String(opts.changedOnly));
    for (const f of files) form.set(f.name, new Blob([f.content]), f.name);
    return this.request('POST', '/deployment/create', form, { timeoutMs: 60_000 });
  }

  latestProcessDefinition(key: string): Promise<ProcessDefinitionDto> {
    return this.get(`/process-definition/key/${encodeURIComponent(key)}`);
  }

  async processDefinitionXml(id: string): Promise<string> {
    const r = await this.get<{ bpmn20Xml: string }>(
      `/process-definition/${encodeURIComponent(id)}/xml`,
    );
    return r.bpmn20Xml;
  }

  // ------------------------------------------------------------ process instances

  /** Starts (message start event) or continues (catch event) the instances it matches. */
  correlateMessage(body: {
    messageName: string;
    businessKey?: string;
    correlationKeys?: EngineVariables;
    processVariables?: EngineVariables;
    all?: boolean;
    resultEnabled?: boolean;
  }): Promise<unknown> {
    return this.post('/message', body);
  }

  /** Process instances, running or ended, of one definition key with one business key. */
  async countProcessInstances(businessKey: string, processDefinitionKey: string): Promise<number> {
    const r = await this.get<{ count: number }>(
      `/history/process-instance/count${qs({ processInstanceBusinessKey: businessKey, processDefinitionKey })}`,
    );
    return r.count;
  }

  deleteProcessInstance(id: string, reason: string): Promise<void> {
    return this.delete(
      `/process-instance/${encodeURIComponent(id)}${qs({ skipIoMappings: true, deleteReason: reason })}`,
    );
  }

  // ------------------------------------------------------------ user tasks

  claimTask(taskId: string, userId: string): Promise<void> {
    return this.post(`/task/${encodeURIComponent(taskId)}/claim`, { userId });
  }

  unclaimTask(taskId: string): Promise<void> {
    return this.post(`/task/${encodeURIComponent(taskId)}/unclaim`, {});
  }

  setAssignee(taskId: string, userId: string): Promise<void> {
    return this.post(`/task/${encodeURIComponent(taskId)}/assignee`, { userId });
  }

  completeTask(taskId: string, variables: Record<string, unknown>): Promise<void> {
    return this.post(`/task/${encodeURIComponent(taskId)}/complete`, {
      variables: toEngineVariables(variables),
    });
  }
}

export interface DeploymentDto {
  id: string;
  name: string;
  deployedProcessDefinitions: Record<string, ProcessDefinitionDto> | null;
}

export interface ProcessDefinitionDto {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  resource: string;
}

/** Query string of defined values. */
export function qs(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
