import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { uuidParam } from '@lotse/common';
import { CurrentUser, Principal } from '@lotse/identity';
import { CreateOfferDto, OfferPageView, OfferQuery, OfferView, UpdateOfferDto } from './offer.dto';
import { OfferService } from './offer.service';

/** Angebotsübersicht: the support offers of the JBA's partners. No DELETE: an offer ends. */
@ApiTags('offers')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('offers')
export class OfferController {
  constructor(private readonly offers: OfferService) {}

  @Get()
  @ApiOkResponse({ type: OfferPageView })
  @ApiBadRequestResponse()
  search(@CurrentUser() user: Principal, @Query() q: OfferQuery): Promise<OfferPageView> {
    return this.offers.search(user, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: OfferView })
  @ApiNotFoundResponse()
  get(@Param('id', uuidParam) id: string, @CurrentUser() user: Principal): Promise<OfferView> {
    return this.offers.get(user, id);
  }

  @Post()
  @ApiCreatedResponse({ type: OfferView })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse({
    description: 'Sachbearbeitung und Koordination nur für die eigene Institution',
  })
  create(@Body() dto: CreateOfferDto, @CurrentUser() user: Principal): Promise<OfferView> {
    return this.offers.create(user, dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: OfferView, description: 'Geändert; activeTo beendet das Angebot' })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Inzwischen geändert (version)' })
  update(
    @Param('id', uuidParam) id: string,
    @Body() dto: UpdateOfferDto,
    @CurrentUser() user: Principal,
  ): Promise<OfferView> {
    return this.offers.update(user, id, dto);
  }
}
