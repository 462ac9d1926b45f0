import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { uuidParam } from '@lotse/common';
import { CurrentUser, Principal } from '@lotse/identity';
import { SavedTaskFilterService } from './saved-task-filter.service';
import { TaskListService } from './tasklist.service';
import {
  AssignTaskDto,
  CompleteTaskDto,
  CreateSavedTaskFilterDto,
  SavedTaskFilterView,
  TaskFilterQuery,
  TaskListVersionView,
  ListTasksQuery,
  TaskCompletedView,
  TaskDetailView,
  TaskFacetsView,
  TaskPageView,
} from './task.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('tasks')
export class TaskListController {
  constructor(
    private readonly tasks: TaskListService,
    private readonly filters: SavedTaskFilterService,
  ) {}

  @Get()
  @ApiOkResponse({ type: TaskPageView })
  list(@CurrentUser() user: Principal, @Query() query: ListTasksQuery): Promise<TaskPageView> {
    return this.tasks.list(user, query);
  }

  @Get('facets')
  @ApiOkResponse({ type: TaskFacetsView })
  facets(@CurrentUser() user: Principal): Promise<TaskFacetsView> {
    return this.tasks.facets(user);
  }

  /** Polled by the list (every 30 s while visible): has the selection changed since it loaded? */
  @Get('version')
  @ApiOkResponse({ type: TaskListVersionView })
  version(
    @CurrentUser() user: Principal,
    @Query() query: TaskFilterQuery,
  ): Promise<TaskListVersionView> {
    return this.tasks.version(user, query);
  }

  @Get('filters')
  @ApiOkResponse({ type: [SavedTaskFilterView] })
  savedFilters(@CurrentUser() user: Principal): Promise<SavedTaskFilterView[]> {
    return this.filters.list(user);
  }

  @Post('filters')
  @ApiCreatedResponse({ type: SavedTaskFilterView })
  @ApiBadRequestResponse({
    description: 'Name fehlt, zu lang oder schon vergeben, zu viele Filter, ungültige Abfrage',
  })
  saveFilter(
    @Body() dto: CreateSavedTaskFilterDto,
    @CurrentUser() user: Principal,
  ): Promise<SavedTaskFilterView> {
    return this.filters.create(dto, user);
  }

  @Delete('filters/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Gelöscht' })
  @ApiNotFoundResponse({ description: 'Gibt es nicht oder gehört jemand anderem' })
  deleteFilter(@Param('id', uuidParam) id: string, @CurrentUser() user: Principal): Promise<void> {
    return this.filters.remove(id, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: TaskDetailView })
  @ApiNotFoundResponse({ description: 'Gibt es nicht oder ist für Sie nicht sichtbar' })
  detail(
    @Param('id', uuidParam) id: string,
    @CurrentUser() user: Principal,
  ): Promise<TaskDetailView> {
    return this.tasks.detail(id, user);
  }

  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TaskDetailView })
  @ApiConflictResponse({ description: 'Schon jemand anderem zugewiesen oder erledigt' })
  claim(
    @Param('id', uuidParam) id: string,
    @CurrentUser() user: Principal,
  ): Promise<TaskDetailView> {
    return this.tasks.claim(id, user);
  }

  @Post(':id/unclaim')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TaskDetailView })
  unclaim(
    @Param('id', uuidParam) id: string,
    @CurrentUser() user: Principal,
  ): Promise<TaskDetailView> {
    return this.tasks.unclaim(id, user);
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TaskDetailView })
  assign(
    @Param('id', uuidParam) id: string,
    @Body() dto: AssignTaskDto,
    @CurrentUser() user: Principal,
  ): Promise<TaskDetailView> {
    return this.tasks.assign(id, dto.userId, user);
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TaskCompletedView })
  @ApiBadRequestResponse({ description: 'Formularwerte ungültig; `errors` nennt jedes Feld' })
  @ApiConflictResponse({
    description: 'Schon erledigt, jemand anderem zugewiesen oder nicht mehr aktiv',
  })
  @ApiServiceUnavailableResponse({
    description: 'Prozess-Engine nicht erreichbar; nichts wurde gespeichert',
  })
  complete(
    @Param('id', uuidParam) id: string,
    @Body() dto: CompleteTaskDto,
    @CurrentUser() user: Principal,
  ): Promise<TaskCompletedView> {
    return this.tasks.complete(id, dto.variables, user);
  }
}
