import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class EntrustedNoteDto {
  @ApiProperty({ maxLength: 4000, description: 'Dem Jugendamt anvertraute Information' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Bitte geben Sie die anvertraute Information als Text ein.' })
  @MinLength(1, { message: 'Bitte geben Sie die anvertraute Information ein.' })
  @MaxLength(4000, { message: 'Höchstens 4000 Zeichen.' })
  text!: string;
}

export class EntrustedNoteView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'Das Jugendamt, dem die Information anvertraut wurde' })
  institutionName!: string;
  @ApiProperty() createdAt!: string;
}

export class EntrustedNotesView {
  @ApiProperty({
    description: 'Ob Ihre Institution anvertraute Informationen erfassen darf (das Jugendamt)',
  })
  mayRecord!: boolean;
  @ApiProperty({ type: [EntrustedNoteView] }) items!: EntrustedNoteView[];
}
