import { ApiProperty } from '@nestjs/swagger';
import { INSTITUTION_KIND_INFO, InstitutionKind, INSTITUTION_KINDS } from './institution-kind';
import { Institution } from './institution.entity';

export class InstitutionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) jbaId!: string;
  @ApiProperty({ enum: INSTITUTION_KINDS }) kind!: InstitutionKind;
  @ApiProperty({ example: 'Jobcenter StädteRegion Aachen, Geschäftsstelle Eschweiler' })
  name!: string;
  @ApiProperty({ example: 'SGB II' }) legalBasis!: string;
  @ApiProperty({ example: 'Jobcenter' }) kindLabel!: string;

  static of(i: Institution): InstitutionView {
    const info = INSTITUTION_KIND_INFO[i.kind];
    return {
      id: i.id,
      jbaId: i.jbaId,
      kind: i.kind,
      name: i.name,
      legalBasis: info.legalBasis,
      kindLabel: info.label,
    };
  }
}
