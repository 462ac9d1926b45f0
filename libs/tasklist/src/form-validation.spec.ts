import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldsOf, FormSchema, validateAgainstForm } from './form-validation';

const obtainConsent: FormSchema = JSON.parse(
  readFileSync(join(__dirname, '../../../bpmn/obtain-consent.form'), 'utf8'),
);
const data = {
  institutionOptions: [
    { label: 'JC', value: 'jc' },
    { label: 'JA', value: 'ja' },
  ],
};
const hash = 'a'.repeat(64);

const good = () => ({
  consent: {
    grantedBy: 'self',
    signedOn: '2026-11-01',
    capacityConfirmed: false,
    guardianInformed: false,
    recipients: ['jc'],
    purposes: ['case-conference'],
    documentHash: hash,
  },
});

describe('validateAgainstForm (obtain-consent.form)', () => {
  it('finds the value fields with their paths', () => {
    expect(fieldsOf(obtainConsent).map((f) => f.path)).toEqual([
      'consent.grantedBy',
      'consent.signedOn',
      'consent.capacityConfirmed',
      'consent.guardianInformed',
      'consent.jointCustody',
      'consent.guardianName',
      'consent.secondGuardianName',
      'consent.recipients',
      'consent.purposes',
      'consent.documentHash',
      'consent.paperOnlyReason',
    ]);
  });

  it('accepts a complete submission', () => {
    expect(validateAgainstForm(obtainConsent, good(), data)).toEqual([]);
  });

  it('names every missing required field', () => {
    const problems = validateAgainstForm(
      obtainConsent,
      { consent: { capacityConfirmed: true } },
      data,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'consent.grantedBy',
      'consent.signedOn',
      'consent.recipients',
      'consent.purposes',
    ]);
    expect(problems[0].messages[0]).toContain('Pflichtfeld');
  });

  it('refuses values outside the options, wrong types, bad dates and patterns', () => {
    const v = good();
    Object.assign(v.consent, {
      grantedBy: 'neighbour',
      recipients: ['jc', 'elsewhere'],
      capacityConfirmed: 'yes',
      signedOn: '2026-02-30',
      documentHash: 'xyz',
    });
    expect(
      validateAgainstForm(obtainConsent, v, data)
        .map((p) => p.field)
        .sort(),
    ).toEqual([
      'consent.capacityConfirmed',
      'consent.documentHash',
      'consent.grantedBy',
      'consent.recipients',
      'consent.signedOn',
    ]);
  });

  it('refuses variables the form does not have', () => {
    const problems = validateAgainstForm(
      obtainConsent,
      { ...good(), caseId: 'x', consent: { ...good().consent, extra: 1 } },
      data,
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['caseId', 'consent.extra']);
  });
});

describe('validateAgainstForm (other field kinds)', () => {
  const schema: FormSchema = {
    components: [
      {
        type: 'number',
        key: 'capacity',
        label: 'Plätze',
        validate: { required: true, min: 1, max: 30 },
      },
      { type: 'textarea', key: 'note', validate: { maxLength: 5 } },
      {
        type: 'group',
        path: 'outcome',
        components: [
          {
            type: 'select',
            key: 'result',
            values: [{ label: 'A', value: 'a' }],
            validate: { required: true },
          },
        ],
      },
      { type: 'text', text: 'only text' },
    ],
  };

  it('checks numbers, lengths and grouped paths', () => {
    expect(validateAgainstForm(schema, { capacity: 5, outcome: { result: 'a' } })).toEqual([]);
    expect(
      validateAgainstForm(schema, { capacity: 0, note: 'toolong', outcome: { result: 'b' } }).map(
        (p) => p.field,
      ),
    ).toEqual(['capacity', 'note', 'outcome.result']);
    expect(validateAgainstForm(schema, { capacity: '5' }).map((p) => p.field)).toEqual([
      'capacity',
      'outcome.result',
    ]);
  });
});
