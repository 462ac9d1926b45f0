import { DomainException } from '../errors/domain.exception';
import { fieldLabel, labelledMessage } from './field-labels';

describe('German field labels in messages', () => {
  it('names the field by its label, whatever the path', () => {
    expect(labelledMessage('youngPerson.firstName', 'firstName darf nicht leer sein')).toBe(
      'Vorname darf nicht leer sein',
    );
    expect(labelledMessage('password', 'password muss mindestens 12 Zeichen lang sein')).toBe(
      'Passwort muss mindestens 12 Zeichen lang sein',
    );
    expect(labelledMessage('content.measures[1].dueOn', 'dueOn muss ein Datum sein')).toBe(
      'Fällig am muss ein Datum sein',
    );
    expect(fieldLabel('consent.signedOn')).toBe('Unterschrieben am');
  });

  it('leaves words that only contain the name, and unknown fields, as they are', () => {
    expect(labelledMessage('name', 'Der Benutzername ist vergeben')).toBe(
      'Der Benutzername ist vergeben',
    );
    expect(labelledMessage('frobnicate', 'frobnicate muss ein Text sein')).toBe(
      'frobnicate muss ein Text sein',
    );
  });

  it('says in German that a field is not expected', () => {
    expect(labelledMessage('youngPerson.shoeSize', 'property shoeSize should not exist')).toBe(
      'Das Feld „shoeSize“ ist hier nicht vorgesehen.',
    );
  });

  it('is applied to every 400, the path staying in the field', () => {
    const e = DomainException.invalidField(
      'referredOn',
      'referredOn darf nicht in der Zukunft liegen',
    );
    expect(e.fields).toEqual([
      { field: 'referredOn', messages: ['Datum der Fallmeldung darf nicht in der Zukunft liegen'] },
    ]);
  });
});
