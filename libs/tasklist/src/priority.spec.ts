import { priorityLabel } from './priority';

describe('Task priority in words', () => {
  it('maps the engine numbers to four bands, the default 50 being "normal"', () => {
    expect(priorityLabel(0)).toBe('niedrig');
    expect(priorityLabel(24)).toBe('niedrig');
    expect(priorityLabel(25)).toBe('normal');
    expect(priorityLabel(50)).toBe('normal');
    expect(priorityLabel(59)).toBe('normal');
    expect(priorityLabel(60)).toBe('hoch');
    expect(priorityLabel(79)).toBe('hoch');
    expect(priorityLabel(80)).toBe('dringend');
    expect(priorityLabel(100)).toBe('dringend');
  });
});
