import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { uuidParam } from '@lotse/common';
import { CurrentUser, Roles } from '../auth.decorators';
import type { Principal } from '../principal';
import { Role } from '../role';
import { AccountView, CreateAccountDto, SetPasswordDto, UpdateAccountDto } from './account.dto';
import { AccountService } from './account.service';

/** Konten: the admins of an institution manage its staff accounts. */
@ApiTags('accounts')
@ApiForbiddenResponse({ description: 'Nur für die Administration' })
@Roles(Role.ADMIN)
@Controller('accounts')
export class AccountController {
  constructor(private readonly accounts: AccountService) {}

  @Get()
  @ApiOkResponse({ type: [AccountView] })
  list(@CurrentUser() admin: Principal): Promise<AccountView[]> {
    return this.accounts.list(admin);
  }

  @Post()
  @ApiCreatedResponse({ type: AccountView })
  @ApiBadRequestResponse()
  @ApiConflictResponse({ description: 'Benutzername vergeben' })
  create(@Body() dto: CreateAccountDto, @CurrentUser() admin: Principal): Promise<AccountView> {
    return this.accounts.create(dto, admin);
  }

  @Patch(':id')
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description: 'Eigenes Konto sperren oder eigene Administration entziehen',
  })
  update(
    @Param('id', uuidParam) id: string,
    @Body() dto: UpdateAccountDto,
    @CurrentUser() admin: Principal,
  ): Promise<AccountView> {
    return this.accounts.update(id, dto, admin);
  }

  @Put(':id/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  setPassword(
    @Param('id', uuidParam) id: string,
    @Body() dto: SetPasswordDto,
    @CurrentUser() admin: Principal,
  ): Promise<void> {
    return this.accounts.setPassword(id, dto, admin);
  }
}
