import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InstitutionView } from './institution.dto';
import { InstitutionService } from './institution.service';

@ApiTags('institutions')
@Controller('institutions')
export class InstitutionController {
  constructor(private readonly institutions: InstitutionService) {}

  @Get()
  @ApiOkResponse({ type: [InstitutionView] })
  async list(): Promise<InstitutionView[]> {
    return (await this.institutions.listAll()).map(InstitutionView.of);
  }
}
