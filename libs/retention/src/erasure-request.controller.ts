import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Role, Roles } from '@lotse/identity';
import { CreateErasureRequestDto, ErasureRequestView } from './erasure-request.dto';
import { ErasureRequestService } from './erasure-request.service';

/** Löschersuchen (Art. 17 DSGVO): for the JBA's data protection officer and its coordination. */
@ApiTags('data-protection')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('erasure-requests')
export class ErasureRequestController {
  constructor(private readonly requests: ErasureRequestService) {}

  @Get()
  @Roles(Role.DATA_PROTECTION_OFFICER, Role.COORDINATOR)
  @ApiOkResponse({ type: [ErasureRequestView], description: 'Neueste zuerst' })
  list(@CurrentUser() user: Principal): Promise<ErasureRequestView[]> {
    return this.requests.list(user);
  }

  @Post()
  @HttpCode(201)
  @Roles(Role.DATA_PROTECTION_OFFICER, Role.COORDINATOR)
  @ApiCreatedResponse({
    type: ErasureRequestView,
    description: 'Ausgeführt (`carried-out`) oder zurückgestellt (`deferred`, mit der Pflicht)',
  })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  create(
    @Body() dto: CreateErasureRequestDto,
    @CurrentUser() user: Principal,
  ): Promise<ErasureRequestView> {
    return this.requests.create(dto, user);
  }
}
