import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { IsIsoDate, IsText, NoControlCharacters, PageQuery } from '@lotse/common';
import { OFFER_KINDS, OfferKind } from './offer-kind';

export const OFFER_TEXT_LIMITS = {
  name: 200,
  targetGroup: 500,
  legalBasis: 200,
  contactName: 200,
  contactEmail: 254,
  contactPhone: 50,
  description: 4000,
  q: 200,
} as const;

/** A calendar date not before the date in `other` (when both are dates). */
function IsNotBefore(other: string) {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBefore',
      target: object.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: { message: '$property darf nicht vor dem Beginn liegen' },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const start = (args.object as Record<string, unknown>)[other];
          const date = /^\d{4}-\d{2}-\d{2}$/;
          return !(
            typeof value === 'string' &&
            typeof start === 'string' &&
            date.test(value) &&
            date.test(start) &&
            value < start
          );
        },
      },
    });
}

/** Present in a change only with a value: `null` is refused for a field that must not be empty. */
const IfGiven = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

const Email = () => (target: object, key: string) => {
  IsEmail({}, { message: '$property muss eine E-Mail-Adresse sein' })(target, key);
  MaxLength(OFFER_TEXT_LIMITS.contactEmail, {
    message: `$property darf höchstens ${OFFER_TEXT_LIMITS.contactEmail} Zeichen lang sein`,
  })(target, key);
};

const Phone = () =>
  Matches(/^[0-9+() /-]{3,50}$/, {
    message: '$property muss eine Telefonnummer sein (Ziffern, Leerzeichen, + ( ) / -)',
  });

const Kind = () => IsEnum(OfferKind, { message: '$property ist keine bekannte Angebotsart' });

const Text = (max: number) => (target: object, key: string) => {
  IsText(max)(target, key);
  NoControlCharacters()(target, key);
};

/** POST /offers */
export class CreateOfferDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Die anbietende Institution; ohne Angabe die eigene',
  })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine UUID sein' })
  institutionId?: string;

  @ApiProperty({ example: 'Coaching U25 (§ 16h SGB II)', maxLength: OFFER_TEXT_LIMITS.name })
  @Text(OFFER_TEXT_LIMITS.name)
  name!: string;

  @ApiProperty({ enum: OFFER_KINDS, example: OfferKind.COUNSELLING })
  @Kind()
  kind!: OfferKind;

  @ApiProperty({ example: 'Junge Menschen unter 25, die schwer zu erreichen sind' })
  @Text(OFFER_TEXT_LIMITS.targetGroup)
  targetGroup!: string;

  @ApiProperty({ example: '§ 16h SGB II' })
  @Text(OFFER_TEXT_LIMITS.legalBasis)
  legalBasis!: string;

  @ApiProperty({ example: 'Team U25' })
  @Text(OFFER_TEXT_LIMITS.contactName)
  contactName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'u25@jobcenter.example' })
  @IsOptional()
  @Email()
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '02403 123-456' })
  @IsOptional()
  @Phone()
  contactPhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Text(OFFER_TEXT_LIMITS.description)
  description?: string | null;

  @ApiProperty({ example: '2026-08-01', format: 'date', description: 'Erster Tag' })
  @IsIsoDate()
  activeFrom!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Letzter Tag; leer, solange das Angebot läuft',
  })
  @IsOptional()
  @IsIsoDate()
  @IsNotBefore('activeFrom')
  activeTo?: string | null;
}

/**
 * PATCH /offers/:id: only what changes, and the version the change was made on. `activeTo`
 * ends the offer (null reopens it); optional texts are cleared with null.
 */
export class UpdateOfferDto {
  @ApiProperty({ example: 1, description: 'Die Version, auf der die Änderung beruht' })
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(1, { message: '$property muss mindestens 1 sein' })
  version!: number;

  @ApiPropertyOptional({ maxLength: OFFER_TEXT_LIMITS.name })
  @IfGiven()
  @Text(OFFER_TEXT_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ enum: OFFER_KINDS })
  @IfGiven()
  @Kind()
  kind?: OfferKind;

  @ApiPropertyOptional()
  @IfGiven()
  @Text(OFFER_TEXT_LIMITS.targetGroup)
  targetGroup?: string;

  @ApiPropertyOptional()
  @IfGiven()
  @Text(OFFER_TEXT_LIMITS.legalBasis)
  legalBasis?: string;

  @ApiPropertyOptional()
  @IfGiven()
  @Text(OFFER_TEXT_LIMITS.contactName)
  contactName?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Email()
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Phone()
  contactPhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Text(OFFER_TEXT_LIMITS.description)
  description?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @IfGiven()
  @IsIsoDate()
  activeFrom?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsIsoDate()
  @IsNotBefore('activeFrom')
  activeTo?: string | null;
}

/** GET /offers */
export class OfferQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Sucht in Name, Zielgruppe, Rechtsgrundlage und Beschreibung',
    maxLength: OFFER_TEXT_LIMITS.q,
  })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @MaxLength(OFFER_TEXT_LIMITS.q, {
    message: `$property darf höchstens ${OFFER_TEXT_LIMITS.q} Zeichen lang sein`,
  })
  @NoControlCharacters()
  q?: string;

  @ApiPropertyOptional({ enum: OFFER_KINDS })
  @IsOptional()
  @Kind()
  kind?: OfferKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine UUID sein' })
  institutionId?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-09-01',
    description: 'Nur Angebote, die an diesem Tag laufen',
  })
  @IsOptional()
  @IsIsoDate()
  activeOn?: string;
}

export class OfferView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) jbaId!: string;
  @ApiProperty({ format: 'uuid' }) institutionId!: string;
  @ApiProperty({ example: 'Jobcenter StädteRegion Aachen, Geschäftsstelle Eschweiler' })
  institutionName!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: OFFER_KINDS }) kind!: OfferKind;
  @ApiProperty({ example: 'Beratung' }) kindLabel!: string;
  @ApiProperty() targetGroup!: string;
  @ApiProperty({ example: '§ 16h SGB II' }) legalBasis!: string;
  @ApiProperty() contactName!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contactPhone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ format: 'date' }) activeFrom!: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  activeTo!: string | null;
  @ApiProperty({ description: 'Läuft heute' }) active!: boolean;
  @ApiProperty({ description: 'Die angemeldete Person darf es ändern' }) editable!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() version!: number;
}

export class OfferKindOption {
  @ApiProperty({ enum: OFFER_KINDS }) value!: OfferKind;
  @ApiProperty() label!: string;
}

export class OfferPageView {
  @ApiProperty({ type: [OfferView] }) items!: OfferView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [OfferKindOption] }) kindOptions!: OfferKindOption[];
}
