import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsIsoDate, IsNotFutureDate, IsText } from '@lotse/common';

/** Empty is IsText's message; only blanks is this one. */
const NOT_ONLY_BLANKS = /^$|\S/;
const BLANKS_MESSAGE = '$property darf nicht nur aus Leerzeichen bestehen';

/** Who a new referral is about: enough to find an open case of the same young person. */
export class ExistingCasesQueryDto {
  @ApiProperty({ example: 'Lena' })
  @IsText(100)
  @Matches(NOT_ONLY_BLANKS, { message: BLANKS_MESSAGE })
  firstName!: string;

  @ApiProperty({ example: 'Muster' })
  @IsText(100)
  @Matches(NOT_ONLY_BLANKS, { message: BLANKS_MESSAGE })
  lastName!: string;

  @ApiProperty({ example: '2006-04-12', format: 'date' })
  @IsIsoDate()
  @IsNotFutureDate()
  birthDate!: string;
}

export class ExistingCaseInstitutionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Jugendamt Eschweiler' }) name!: string;
  @ApiProperty({ example: 'jugendamt@eschweiler.example' }) contactEmail!: string;
}

export class ExistingCaseReferrerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

/**
 * An open case of the same young person in the JBA (Doppelbetreuung). Without a consent that
 * names the caller's institution (or being its referrer) only who coordinates and since when.
 */
export class ExistingCaseView {
  @ApiProperty({
    type: ExistingCaseInstitutionView,
    description:
      'Koordinierende Stelle der Jugendberufsagentur; ohne eine solche die meldende Stelle des Falls',
  })
  coordinatingInstitution!: ExistingCaseInstitutionView;

  @ApiPropertyOptional({
    type: ExistingCaseReferrerView,
    nullable: true,
    description: 'null ohne Einwilligung für Ihre Institution',
  })
  referringInstitution!: ExistingCaseReferrerView | null;

  @ApiProperty({ format: 'date', description: 'Datum der Fallmeldung des offenen Falls' })
  since!: string;

  @ApiProperty({ description: 'Leer ohne Einwilligung für Ihre Institution' })
  statusLabel!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null ohne Einwilligung für Ihre Institution',
  })
  caseId!: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'null ohne Einwilligung für Ihre Institution',
  })
  reference!: string | null;
}

export class ExistingCasesView {
  @ApiProperty({ type: [ExistingCaseView] }) items!: ExistingCaseView[];
}
