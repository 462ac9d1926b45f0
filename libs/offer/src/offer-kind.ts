/** What kind of support an offer is (Angebotsart); the overview filters by it. */
export enum OfferKind {
  COUNSELLING = 'counselling',
  CAREER_ORIENTATION = 'career-orientation',
  VOCATIONAL_PREPARATION = 'vocational-preparation',
  TRAINING = 'training',
  QUALIFICATION = 'qualification',
  LANGUAGE_COURSE = 'language-course',
  SCHOOL_QUALIFICATION = 'school-qualification',
  INTERNSHIP = 'internship',
  YOUTH_WELFARE = 'youth-welfare',
  HEALTH = 'health',
  HOUSING = 'housing',
  OTHER = 'other',
}

export const OFFER_KINDS = Object.values(OfferKind);

export const OFFER_KIND_LABELS: Record<OfferKind, string> = {
  [OfferKind.COUNSELLING]: 'Beratung',
  [OfferKind.CAREER_ORIENTATION]: 'Berufsorientierung',
  [OfferKind.VOCATIONAL_PREPARATION]: 'Berufsvorbereitung',
  [OfferKind.TRAINING]: 'Ausbildung / ausbildungsbegleitende Hilfen',
  [OfferKind.QUALIFICATION]: 'Qualifizierung / Weiterbildung',
  [OfferKind.LANGUAGE_COURSE]: 'Sprachkurs',
  [OfferKind.SCHOOL_QUALIFICATION]: 'Schulabschluss',
  [OfferKind.INTERNSHIP]: 'Praktikum',
  [OfferKind.YOUTH_WELFARE]: 'Hilfe nach SGB VIII',
  [OfferKind.HEALTH]: 'Gesundheit / Beratung bei Sucht und Krisen',
  [OfferKind.HOUSING]: 'Wohnen',
  [OfferKind.OTHER]: 'Sonstiges',
};
