/** The kinds of partner institutions in a Jugendberufsagentur. */
export enum InstitutionKind {
  /** Agentur für Arbeit, Berufsberatung (SGB III) */
  EMPLOYMENT_AGENCY = 'employment-agency',
  /** Jobcenter (SGB II) */
  JOB_CENTRE = 'job-centre',
  /** Jugendamt (SGB VIII); coordinates the case conferences */
  YOUTH_WELFARE_OFFICE = 'youth-welfare-office',
  /** Berufskolleg / Schule */
  SCHOOL = 'school',
  /** Jugendmigrationsdienst */
  YOUTH_MIGRATION_SERVICE = 'youth-migration-service',
  /** Bildungsbüro */
  EDUCATION_OFFICE = 'education-office',
}

export const INSTITUTION_KINDS = Object.values(InstitutionKind);

export const INSTITUTION_KIND_INFO: Record<
  InstitutionKind,
  { label: string; abbreviation: string; legalBasis: string }
> = {
  [InstitutionKind.EMPLOYMENT_AGENCY]: {
    label: 'Agentur für Arbeit',
    abbreviation: 'AA',
    legalBasis: 'SGB III',
  },
  [InstitutionKind.JOB_CENTRE]: { label: 'Jobcenter', abbreviation: 'JC', legalBasis: 'SGB II' },
  [InstitutionKind.YOUTH_WELFARE_OFFICE]: {
    label: 'Jugendamt',
    abbreviation: 'JA',
    legalBasis: 'SGB VIII',
  },
  [InstitutionKind.SCHOOL]: {
    label: 'Schule / Berufskolleg',
    abbreviation: 'BK',
    legalBasis: 'Schulgesetz',
  },
  [InstitutionKind.YOUTH_MIGRATION_SERVICE]: {
    label: 'Jugendmigrationsdienst',
    abbreviation: 'JMD',
    legalBasis: 'Bundesprogramm',
  },
  [InstitutionKind.EDUCATION_OFFICE]: {
    label: 'Bildungsbüro',
    abbreviation: 'BB',
    legalBasis: 'kommunal',
  },
};
