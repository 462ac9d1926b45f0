import { EntityManager } from 'typeorm';
import { DEMO_INSTITUTIONS, DEMO_JBA } from '@lotse/institution';
import { OfferKind } from './offer-kind';

interface DemoOffer {
  id: string;
  institutionId: string;
  name: string;
  kind: OfferKind;
  targetGroup: string;
  legalBasis: string;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  description: string | null;
  activeFrom: string;
  activeTo: string | null;
}

const I = DEMO_INSTITUTIONS;
const id = (n: number) => `0a000000-0000-4000-8000-000000000${(0x100 + n).toString(16)}`;

/** The offers overview of the demo JBA (fixed ids; one offer has ended). */
export const DEMO_OFFERS: readonly DemoOffer[] = [
  {
    id: id(1),
    institutionId: I.JC.id,
    name: 'Coaching U25 (§ 16h SGB II)',
    kind: OfferKind.COUNSELLING,
    targetGroup:
      'Junge Menschen unter 25, die von Beratung und Leistungen bisher nicht erreicht werden',
    legalBasis: '§ 16h SGB II',
    contactName: 'Team U25',
    contactEmail: 'u25@jc.jba-eschweiler.example',
    contactPhone: '02403 7001-250',
    description:
      'Aufsuchende Begleitung mit festem Coach: Klärung der Lebenslage, Anträge, Wege zurück zu Schule, Ausbildung oder Arbeit.',
    activeFrom: '2024-01-01',
    activeTo: null,
  },
  {
    id: id(2),
    institutionId: I.JC.id,
    name: 'Aktivierungsmaßnahme U25 „Startklar“',
    kind: OfferKind.VOCATIONAL_PREPARATION,
    targetGroup: 'Leistungsberechtigte unter 25 ohne Ausbildungsplatz',
    legalBasis: '§ 16 Abs. 1 SGB II i. V. m. § 45 SGB III',
    contactName: 'Arbeitsvermittlung U25',
    contactEmail: 'u25@jc.jba-eschweiler.example',
    contactPhone: '02403 7001-260',
    description:
      'Sechs Monate Gruppen- und Einzelcoaching, Bewerbungstraining, betriebliche Erprobung.',
    activeFrom: '2025-02-01',
    activeTo: null,
  },
  {
    id: id(3),
    institutionId: I.AA.id,
    name: 'Berufsvorbereitende Bildungsmaßnahme (BvB)',
    kind: OfferKind.VOCATIONAL_PREPARATION,
    targetGroup:
      'Junge Menschen unter 25 mit erfüllter Vollzeitschulpflicht, noch nicht ausbildungsreif',
    legalBasis: '§ 51 SGB III',
    contactName: 'Berufsberatung',
    contactEmail: 'berufsberatung@aa.jba-eschweiler.example',
    contactPhone: '0800 4 5555 00',
    description:
      'Bis zu zehn Monate Berufsorientierung, Praktika und Unterstützung beim Hauptschulabschluss; Vorbereitung auf eine Ausbildung.',
    activeFrom: '2024-08-01',
    activeTo: null,
  },
  {
    id: id(4),
    institutionId: I.AA.id,
    name: 'Assistierte Ausbildung (AsA flex)',
    kind: OfferKind.TRAINING,
    targetGroup:
      'Auszubildende und Ausbildungssuchende, die Unterstützung brauchen, und ihre Betriebe',
    legalBasis: '§§ 74 ff. SGB III',
    contactName: 'Berufsberatung',
    contactEmail: 'berufsberatung@aa.jba-eschweiler.example',
    contactPhone: '0800 4 5555 00',
    description:
      'Nachhilfe, sozialpädagogische Begleitung und Hilfe bei Konflikten im Betrieb, vor und während der Ausbildung.',
    activeFrom: '2024-01-01',
    activeTo: null,
  },
  {
    id: id(5),
    institutionId: I.AA.id,
    name: 'Einstiegsqualifizierung (EQ)',
    kind: OfferKind.INTERNSHIP,
    targetGroup: 'Ausbildungssuchende mit eingeschränkten Vermittlungsperspektiven',
    legalBasis: '§ 54a SGB III',
    contactName: 'Arbeitgeber-Service',
    contactEmail: 'berufsberatung@aa.jba-eschweiler.example',
    contactPhone: null,
    description:
      'Sechs- bis zwölfmonatiges betriebliches Langzeitpraktikum als Brücke in die Ausbildung.',
    activeFrom: '2024-01-01',
    activeTo: null,
  },
  {
    id: id(6),
    institutionId: I.JA.id,
    name: 'Jugendsozialarbeit – Übergangsbegleitung (§ 13 SGB VIII)',
    kind: OfferKind.YOUTH_WELFARE,
    targetGroup:
      'Junge Menschen mit sozialen Benachteiligungen oder individuellen Beeinträchtigungen',
    legalBasis: '§ 13 SGB VIII',
    contactName: 'Jugendberufshilfe',
    contactEmail: 'jugendberufsagentur@ja.jba-eschweiler.example',
    contactPhone: '02403 71-480',
    description:
      'Sozialpädagogische Begleitung im Übergang Schule – Beruf, auch zu Hause und in Krisen.',
    activeFrom: '2024-01-01',
    activeTo: null,
  },
  {
    id: id(7),
    institutionId: I.JA.id,
    name: 'Sozialpädagogisch begleitetes Jugendwohnen',
    kind: OfferKind.HOUSING,
    targetGroup:
      'Junge Menschen in Ausbildung oder Maßnahme, die nicht bei den Eltern wohnen können',
    legalBasis: '§ 13 Abs. 3 SGB VIII',
    contactName: 'Jugendberufshilfe',
    contactEmail: 'jugendberufsagentur@ja.jba-eschweiler.example',
    contactPhone: '02403 71-481',
    description: null,
    activeFrom: '2024-01-01',
    activeTo: null,
  },
  {
    id: id(8),
    institutionId: I.JA.id,
    name: 'Jugend- und Suchtberatung',
    kind: OfferKind.HEALTH,
    targetGroup:
      'Jugendliche und junge Erwachsene bis 27 mit Fragen zu Sucht, Krisen und psychischer Belastung',
    legalBasis: '§ 14 SGB VIII',
    contactName: 'Beratungsstelle am Markt',
    contactEmail: 'jugendberufsagentur@ja.jba-eschweiler.example',
    contactPhone: '02403 71-490',
    description: 'Offene Sprechstunde dienstags 14–17 Uhr, anonym und kostenlos.',
    activeFrom: '2024-01-01',
    activeTo: null,
  },
  {
    id: id(9),
    institutionId: I.BK.id,
    name: 'Ausbildungsvorbereitung (AV) mit Praktikum',
    kind: OfferKind.VOCATIONAL_PREPARATION,
    targetGroup: 'Schulpflichtige ohne Ausbildungsplatz, mit oder ohne Hauptschulabschluss',
    legalBasis: 'APO-BK Anlage A (Schulgesetz NRW)',
    contactName: 'Abteilungsleitung Ausbildungsvorbereitung',
    contactEmail: 'sekretariat@bk.jba-eschweiler.example',
    contactPhone: '02403 5060-0',
    description:
      'Ein Schuljahr mit drei Praxistagen je Woche im Betrieb; Hauptschulabschluss möglich.',
    activeFrom: '2024-08-01',
    activeTo: null,
  },
  {
    id: id(10),
    institutionId: I.BK.id,
    name: 'Berufsfachschule – Hauptschulabschluss nach Klasse 10',
    kind: OfferKind.SCHOOL_QUALIFICATION,
    targetGroup: 'Junge Menschen mit Hauptschulabschluss nach Klasse 9',
    legalBasis: 'APO-BK Anlage B (Schulgesetz NRW)',
    contactName: 'Sekretariat',
    contactEmail: 'sekretariat@bk.jba-eschweiler.example',
    contactPhone: '02403 5060-0',
    description: null,
    activeFrom: '2024-08-01',
    activeTo: null,
  },
  {
    id: id(11),
    institutionId: I.JMD.id,
    name: 'Integrationskurs für junge Menschen',
    kind: OfferKind.LANGUAGE_COURSE,
    targetGroup: 'Zugewanderte von 16 bis 27 Jahren',
    legalBasis: '§ 43 AufenthG, § 13 IntV (Jugendintegrationskurs)',
    contactName: 'Jugendmigrationsdienst',
    contactEmail: 'jmd@jmd.jba-eschweiler.example',
    contactPhone: '02403 8899-10',
    description: 'Deutsch bis B1 und Orientierungskurs, mit Berufsorientierung und Praktikum.',
    activeFrom: '2024-01-01',
    activeTo: null,
  },
  {
    id: id(12),
    institutionId: I.BB.id,
    name: 'Ferienwerkstatt Berufsorientierung 2025',
    kind: OfferKind.CAREER_ORIENTATION,
    targetGroup: 'Schülerinnen und Schüler der Klassen 8 bis 10',
    legalBasis: 'Landesinitiative „Kein Abschluss ohne Anschluss“ (KAoA)',
    contactName: 'Bildungsbüro, Übergangsmanagement',
    contactEmail: 'bildungsbuero@bb.jba-eschweiler.example',
    contactPhone: null,
    description: 'Zwei Wochen Werkstatttage in Betrieben der Region während der Sommerferien.',
    activeFrom: '2025-07-14',
    activeTo: '2025-08-22',
  },
];

/**
 * Adds the demo offers that are missing. Idempotent; an offer changed in the demo keeps its
 * changes (it is not overwritten on the next start).
 */
export async function seedDemoOffers(m: EntityManager): Promise<void> {
  for (const o of DEMO_OFFERS) {
    await m.query(
      `insert into offer (id, jba_id, institution_id, name, kind, target_group, legal_basis, contact_name,
                          contact_email, contact_phone, description, active_from, active_to, version)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1)
       on conflict (id) do nothing`,
      [
        o.id,
        DEMO_JBA.id,
        o.institutionId,
        o.name,
        o.kind,
        o.targetGroup,
        o.legalBasis,
        o.contactName,
        o.contactEmail,
        o.contactPhone,
        o.description,
        o.activeFrom,
        o.activeTo,
      ],
    );
  }
}
