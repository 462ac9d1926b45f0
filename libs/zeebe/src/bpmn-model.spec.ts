import { join } from 'node:path';
import { jobTypesOf, listModelFiles, USER_TASK_JOB_TYPE } from './bpmn-model';
import { failureBackoffMs } from './worker-registry.service';

describe('the models in bpmn/', () => {
  const files = listModelFiles(join(__dirname, '../../../bpmn'));

  it('ask for the job types Lotse has workers for', () => {
    const types = jobTypesOf(files.bpmn);
    expect([...types].sort()).toEqual(
      expect.arrayContaining([
        'lotse.consent.check',
        'lotse.eligibility.check',
        'lotse.referral.notify-ineligible',
        'lotse.consent.remind',
        'lotse.referral.close-without-consent',
        USER_TASK_JOB_TYPE,
      ]),
    );
  });

  it('come with a form for every linked form id', () => {
    const fs = jest.requireActual('node:fs') as typeof import('node:fs');
    const formIds = new Set(files.forms.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')).id));
    for (const bpmn of files.bpmn) {
      for (const m of fs.readFileSync(bpmn, 'utf8').matchAll(/formId="([^"]+)"/g))
        expect(formIds).toContain(m[1]);
    }
  });
});

describe('failureBackoffMs', () => {
  it('grows with each failed attempt and is capped', () => {
    expect(failureBackoffMs(5, 5)).toBe(2000);
    expect(failureBackoffMs(4, 5)).toBe(4000);
    expect(failureBackoffMs(1, 5)).toBe(32000);
    expect(failureBackoffMs(0, 50)).toBe(60000);
  });
});
