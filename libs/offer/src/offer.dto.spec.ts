import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Principal, Role } from '@lotse/identity';
import { CreateOfferDto, OfferQuery, UpdateOfferDto } from './offer.dto';
import { escapeLike, mayEditOffersOf } from './offer.service';

async function badFields(cls: new () => object, plain: object): Promise<string[]> {
  const errors = await validate(plainToInstance(cls, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return errors.map((e) => e.property).sort();
}

const valid = {
  name: 'Assistierte Ausbildung (AsA flex)',
  kind: 'training',
  targetGroup: 'Auszubildende',
  legalBasis: '§ 74 SGB III',
  contactName: 'Berufsberatung',
  activeFrom: '2026-08-01',
};

describe('offer requests', () => {
  it('accepts an offer with and without its optional fields', async () => {
    expect(await badFields(CreateOfferDto, valid)).toEqual([]);
    expect(
      await badFields(CreateOfferDto, {
        ...valid,
        contactEmail: 'aa@example.org',
        contactPhone: '+49 2403 (0) 123/45-6',
        description: 'Zeile 1\nZeile 2',
        activeTo: '2026-08-01',
      }),
    ).toEqual([]);
  });

  it('names an end before the start, control characters and nulls where a value is needed', async () => {
    expect(await badFields(CreateOfferDto, { ...valid, activeTo: '2026-07-31' })).toEqual([
      'activeTo',
    ]);
    expect(await badFields(CreateOfferDto, { ...valid, name: 'a\u0000b' })).toEqual(['name']);
    expect(
      await badFields(UpdateOfferDto, {
        version: 1,
        name: null,
        contactEmail: null,
        activeTo: null,
      }),
    ).toEqual(['name']);
    expect(await badFields(UpdateOfferDto, { name: 'x' })).toEqual(['version']);
    expect(
      await badFields(OfferQuery, { q: 'x\u0000', kind: 'x', activeOn: '2026-02-30' }),
    ).toEqual(['activeOn', 'kind', 'q']);
  });
});

describe('offer search and rights', () => {
  it('searches for %, _ and \\ as themselves', () => {
    expect(escapeLike('100_% a\\b')).toBe('100\\_\\% a\\\\b');
  });

  const user = (roles: Role[]): Principal => ({
    id: 'u',
    username: 'u',
    displayName: 'U',
    institutionId: 'own',
    jbaId: 'jba',
    roles,
    groups: [],
  });

  it('lets caseworkers and coordinators edit their own institution, admins every one', () => {
    expect(mayEditOffersOf(user([Role.CASEWORKER]), 'own')).toBe(true);
    expect(mayEditOffersOf(user([Role.COORDINATOR]), 'own')).toBe(true);
    expect(mayEditOffersOf(user([Role.CASEWORKER, Role.COORDINATOR]), 'other')).toBe(false);
    expect(mayEditOffersOf(user([Role.ADMIN]), 'other')).toBe(true);
  });
});
