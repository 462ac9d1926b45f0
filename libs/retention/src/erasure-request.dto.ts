import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { NoControlCharacters } from '@lotse/common';

/** Löschersuchen (Art. 17 DSGVO) for one case, by its id or its reference (Aktenzeichen). */
export class CreateErasureRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Der Fall (oder `reference`)' })
  @IsOptional()
  @IsUUID('all', { message: '$property muss eine Fall-ID sein' })
  referralId?: string;

  @ApiPropertyOptional({ example: 'FM-2026-00042', description: 'Aktenzeichen des Falls' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(/^FM-\d{4}-\d{5,}$/, {
    message: '$property muss ein Aktenzeichen wie FM-2026-00042 sein',
  })
  reference?: string;

  @ApiProperty({
    example: 'Schreiben vom 01.12.2026 nach Art. 17 DSGVO',
    description: 'Anlass des Löschersuchens, ohne Namen',
  })
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(3, { message: '$property fehlt' })
  @MaxLength(500, { message: '$property darf höchstens 500 Zeichen lang sein' })
  @NoControlCharacters({ singleLine: false })
  reason!: string;
}

export class ErasureRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['carried-out', 'deferred'] }) state!: string;
  @ApiProperty({ example: 'Gelöscht' }) stateLabel!: string;
  @ApiProperty({ description: 'Ergebnis, bei Zurückstellung mit der entgegenstehenden Pflicht' })
  result!: string;
  @ApiProperty() caseStatus!: string;
  @ApiProperty() caseStatusLabel!: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty() requestedBy!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) carriedOutAt!: string | null;
}
