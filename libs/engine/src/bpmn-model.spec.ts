import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listModelFiles, processIdsOf, topicsOf } from './bpmn-model';
import { failureBackoffMs } from './external-task-registry.service';
import { EngineError, fromEngineVariables, toEngineVariables } from './engine-client';

describe('the models in bpmn/', () => {
  const files = listModelFiles(join(__dirname, '../../../bpmn'));

  it('ask for the topics Lotse has workers for', () => {
    expect([...topicsOf(files.bpmn)].sort()).toEqual(
      expect.arrayContaining([
        'lotse.consent.check',
        'lotse.eligibility.check',
        'lotse.referral.notify-ineligible',
        'lotse.consent.remind',
        'lotse.referral.close-without-consent',
        'lotse.conference.build-agenda',
      ]),
    );
  });

  it('come with a form for every linked form', () => {
    const formIds = new Set(files.forms.map((f) => JSON.parse(readFileSync(f, 'utf8')).id));
    const refs = files.bpmn.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/camunda:formRef="([^"]+)"/g)].map((m) => m[1]),
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(formIds).toContain(ref);
  });

  it('name their processes', () => {
    const ids = files.bpmn.flatMap((f) => processIdsOf(readFileSync(f, 'utf8')));
    expect(ids).toEqual(
      expect.arrayContaining(['case-referral', 'conference-cycle', 'guardian-consent-review']),
    );
  });
});

describe('failureBackoffMs', () => {
  it('grows with each failed attempt and is capped', () => {
    expect(failureBackoffMs(4, 5)).toBe(2000);
    expect(failureBackoffMs(3, 5)).toBe(4000);
    expect(failureBackoffMs(0, 5)).toBe(32000);
    expect(failureBackoffMs(0, 50)).toBe(60000);
  });
});

describe('process variables', () => {
  it('carry plain values with their engine types, and come back as plain values', () => {
    const vars = toEngineVariables({ a: 'x', b: true, c: 3, d: 1.5, e: null, f: undefined });
    expect(vars).toEqual({
      a: { value: 'x', type: 'String' },
      b: { value: true, type: 'Boolean' },
      c: { value: 3, type: 'Long' },
      d: { value: 1.5, type: 'Double' },
      e: { value: null, type: 'Null' },
    });
    expect(fromEngineVariables(vars)).toEqual({ a: 'x', b: true, c: 3, d: 1.5, e: null });
  });

  it('refuse lists and objects (they stay in Lotse)', () => {
    expect(() => toEngineVariables({ reasons: ['a'] })).toThrow(/reasons/);
  });
});

describe('engine errors', () => {
  it('tell a lost race, a missing task and a message nobody waits for apart', () => {
    expect(new EngineError(500, 'TaskAlreadyClaimedException', 'claimed').conflict).toBe(true);
    expect(new EngineError(404, 'InvalidRequestException', 'x').notFound).toBe(true);
    expect(
      new EngineError(
        400,
        'RestException',
        "Cannot correlate message 'm': No process definition or execution matches the parameters",
      ).noMatchingSubscription,
    ).toBe(true);
    expect(new EngineError(0, undefined, 'unreachable').unavailable).toBe(true);
    expect(new EngineError(400, 'RestException', 'bad').unavailable).toBe(false);
  });
});
