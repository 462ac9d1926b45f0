import { Body, Controller, Get, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth.decorators';
import type { Principal } from '../principal';
import { JbaSettingsView, UpdateJbaSettingsDto } from './jba-settings.dto';
import { JbaSettingsService } from './jba-settings.service';

/** Einstellungen: the signed-in user's JBA, its target group and process timings. */
@ApiTags('jba')
@Controller('jba/settings')
export class JbaSettingsController {
  constructor(private readonly settings: JbaSettingsService) {}

  @Get()
  @ApiOkResponse({ type: JbaSettingsView })
  get(@CurrentUser() user: Principal): Promise<JbaSettingsView> {
    return this.settings.get(user);
  }

  @Patch()
  @ApiOkResponse({ type: JbaSettingsView })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse({ description: 'Nur die Administration der koordinierenden Stelle' })
  update(
    @Body() dto: UpdateJbaSettingsDto,
    @CurrentUser() user: Principal,
  ): Promise<JbaSettingsView> {
    return this.settings.update(dto, user);
  }
}
