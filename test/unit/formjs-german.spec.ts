import { translateValidationMessage } from '../../apps/web/src/components/formjsGerman';

describe('form-js validation messages in German', () => {
  it('asks to choose in a required checklist instead of "filling in" a field', () => {
    expect(translateValidationMessage('Field is required.', 'checklist')).toBe(
      'Bitte wählen Sie mindestens eine Option.',
    );
    expect(translateValidationMessage('Field is required.', 'taglist')).toBe(
      'Bitte wählen Sie mindestens eine Option.',
    );
    expect(translateValidationMessage('Field is required.', 'radio')).toBe(
      'Bitte wählen Sie eine Option.',
    );
    expect(translateValidationMessage('Field is required.', 'datetime')).toBe(
      'Bitte geben Sie ein Datum im Format TT.MM.JJJJ ein.',
    );
  });

  it('keeps the general wording for text fields and unknown types', () => {
    expect(translateValidationMessage('Field is required.', 'textfield')).toBe(
      'Bitte füllen Sie dieses Feld aus.',
    );
    expect(translateValidationMessage('Field is required.')).toBe(
      'Bitte füllen Sie dieses Feld aus.',
    );
    expect(translateValidationMessage('Field must have minimum length of 3.', 'checklist')).toBe(
      'Bitte geben Sie mindestens 3 Zeichen ein.',
    );
    expect(translateValidationMessage('Eigene Meldung', 'checklist')).toBe('Eigene Meldung');
  });
});
