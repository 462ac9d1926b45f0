import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementNames, elementsWithProperty } from './bpmn-names';

const xml = readFileSync(join(__dirname, '../../../bpmn/case-referral.bpmn'), 'utf8');

describe('reading the deployed BPMN', () => {
  it('names the elements as the designers did', () => {
    const names = elementNames(xml);
    expect(names.get('Task_ObtainConsent')).toBe('Einwilligung einholen');
    expect(names.get('case-referral')).toBe('Fallmeldung');
  });

  it('finds the elements that stand for a case status', () => {
    expect(elementsWithProperty(xml, 'lotse.status', 'awaiting-conference')).toEqual([
      'Event_CaseScheduled',
    ]);
    expect(elementsWithProperty(xml, 'lotse.status', 'ineligible')).toEqual(['End_Ineligible']);
    expect(elementsWithProperty(xml, 'lotse.status', 'received')).toEqual(['Task_CheckConsent']);
    expect(elementsWithProperty(xml, 'lotse.status', 'unknown')).toEqual([]);
  });
});
