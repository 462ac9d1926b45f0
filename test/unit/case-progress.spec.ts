import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_STEPS, caseProgress, POSITIONS } from '../../apps/web/src/caseProgress';

const model = readFileSync(join(__dirname, '../../bpmn/case-referral.bpmn'), 'utf8');

describe('caseProgress (step bar and position in words)', () => {
  it('maps only element ids the case-referral model has', () => {
    for (const id of Object.keys(POSITIONS)) expect(model).toContain(`id="${id}"`);
  });

  it('names every user task of the model', () => {
    const userTasks = [...model.matchAll(/<bpmn:userTask id="([^"]+)"/g)].map((m) => m[1]);
    expect(userTasks.length).toBeGreaterThan(0);
    for (const id of userTasks) expect(POSITIONS[id]).toBeDefined();
  });

  it('says what a case waiting for its consent waits for', () => {
    const p = caseProgress({
      status: 'awaiting-consent',
      openTaskElementIds: ['Task_ObtainConsent'],
    });
    expect(CASE_STEPS[p.current]).toBe('Einwilligung');
    expect(p.position).toMatch(/^Wartet auf die Einwilligung/);
    expect(p.ended).toBe(false);
  });

  it('places waiting, scheduled, protocol and follow-up cases', () => {
    expect(CASE_STEPS[caseProgress({ status: 'awaiting-conference' }).current]).toBe('Wartet');
    expect(caseProgress({ status: 'awaiting-conference' }).position).toBe(
      'Wartet auf die Auswahl für eine Fallkonferenz',
    );
    expect(CASE_STEPS[caseProgress({ status: 'scheduled' }).current]).toBe('Eingeplant');
    expect(
      CASE_STEPS[
        caseProgress({ status: 'discussed', openTaskElementIds: ['Task_RecordProtocol'] }).current
      ],
    ).toBe('Protokoll');
    expect(CASE_STEPS[caseProgress({ status: 'discussed' }).current]).toBe('Besprochen');
    expect(
      caseProgress({ status: 'follow-up', openTaskElementIds: ['Task_ReviewMeasure'] }).position,
    ).toBe('Wartet auf die Überprüfung einer fälligen Maßnahme');
  });

  it('keeps a case at its step while the young person, now of age, consents again', () => {
    const p = caseProgress({
      status: 'awaiting-conference',
      openTaskElementIds: ['Task_ObtainOwnConsent'],
    });
    expect(CASE_STEPS[p.current]).toBe('Wartet');
    expect(p.position).toMatch(/volljährigen/);
  });

  it('shows ended cases as ended at their step, with the reason', () => {
    const ineligible = caseProgress({ status: 'ineligible' });
    expect(ineligible).toMatchObject({ ended: true, position: 'Beendet: nicht in der Zielgruppe' });
    expect(CASE_STEPS[ineligible.current]).toBe('Zielgruppe');
    const revoked = caseProgress({
      status: 'consent-revoked',
      statusHistory: ['received', 'awaiting-conference', 'scheduled', 'consent-revoked'],
    });
    expect(revoked.ended).toBe(true);
    expect(CASE_STEPS[revoked.current]).toBe('Eingeplant');
    expect(revoked.position).toBe('Beendet nach dem Widerruf der Einwilligung');
  });

  it('marks a closed case complete', () => {
    expect(caseProgress({ status: 'closed' })).toMatchObject({
      complete: true,
      ended: false,
      current: CASE_STEPS.length - 1,
    });
  });
});
