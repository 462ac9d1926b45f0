import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsText, NoControlCharacters, PageQuery } from '@lotse/common';
import { CaseSummaryView } from '@lotse/referral';
import { PRIORITY_LABELS } from './priority';

export const TASK_FILTERS = ['mine', 'unassigned', 'institution', 'all'] as const;
export const TASK_DUE = ['soon', 'overdue'] as const;
export const TASK_SORTS = ['due', 'priority', 'created'] as const;
/** Longest search text of the task list. */
export const TASK_SEARCH_MAX = 100;
/** Longest name of a saved filter, and how many filters one user may keep. */
export const SAVED_FILTER_NAME_MAX = 80;
export const SAVED_FILTERS_PER_USER = 20;

const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

/** What selects and orders the tasks of the list (everything but the page); a saved filter keeps it. */
export class TaskFilterQuery {
  @ApiPropertyOptional({ enum: TASK_FILTERS, default: 'all' })
  @IsOptional()
  @IsIn(TASK_FILTERS, { message: `$property erlaubt: ${TASK_FILTERS.join(', ')}` })
  filter?: (typeof TASK_FILTERS)[number];

  @ApiPropertyOptional({ enum: TASK_DUE, description: 'soon: in den nächsten 3 Tagen fällig' })
  @IsOptional()
  @IsIn(TASK_DUE, { message: `$property erlaubt: ${TASK_DUE.join(', ')}` })
  due?: (typeof TASK_DUE)[number];

  @ApiPropertyOptional({ description: 'BPMN-Prozess-ID, z. B. case-referral' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(/^[\w.-]{1,100}$/, { message: '$property ist keine Prozess-ID' })
  process?: string;

  @ApiPropertyOptional({ description: 'Aufgabentyp (Element-ID im Modell)' })
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(/^[\w.-]{1,100}$/, { message: '$property ist keine Element-ID' })
  type?: string;

  @ApiPropertyOptional({ enum: TASK_SORTS, default: 'due' })
  @IsOptional()
  @IsIn(TASK_SORTS, { message: `$property erlaubt: ${TASK_SORTS.join(', ')}` })
  sort?: (typeof TASK_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: '$property erlaubt: asc, desc' })
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({
    description:
      'Suche (jedes Wort muss passen) in Aufgabe, Aktenzeichen, meldender Institution, Fallkonferenz ' +
      '("Fallkonferenz am 12.03.2027, 14:00 Uhr") und Name des jungen Menschen – den Namen nur bei ' +
      'Fällen, deren personenbezogene Daten Ihre Institution sehen darf',
    maxLength: TASK_SEARCH_MAX,
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: '$property muss ein Text sein' })
  @MaxLength(TASK_SEARCH_MAX, {
    message: `$property darf höchstens ${TASK_SEARCH_MAX} Zeichen lang sein`,
  })
  @NoControlCharacters({ singleLine: true })
  q?: string;
}

export class ListTasksQuery extends IntersectionType(TaskFilterQuery, PageQuery) {}

export class AssignTaskDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property muss eine Benutzer-ID sein' })
  userId!: string;
}

export class CompleteTaskDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Die Werte des Formulars',
  })
  @IsObject({ message: '$property muss ein Objekt sein' })
  variables!: Record<string, unknown>;
}

export class TaskAssigneeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class TaskSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Einwilligung einholen' }) name!: string;
  @ApiProperty() elementId!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) caseId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) caseReference!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) conferenceId!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Fallkonferenz am 10.03.2027, 14:00 Uhr',
  })
  conferenceLabel!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Vor- und Nachname des jungen Menschen, nur wenn Ihre Institution die personenbezogenen ' +
      'Daten des Falls sehen darf (meldende Stelle oder in einer gültigen Einwilligung genannt)',
  })
  youngPersonName!: string | null;
  @ApiPropertyOptional({ type: TaskAssigneeView, nullable: true })
  assignee!: TaskAssigneeView | null;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) followUpAt!: string | null;
  @ApiProperty({ description: '0–100, höher ist dringender (Vorgabe der Engine: 50)' })
  priority!: number;
  @ApiProperty({
    enum: PRIORITY_LABELS,
    description: 'unter 25 niedrig, 25–59 normal, 60–79 hoch, ab 80 dringend',
  })
  priorityLabel!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ enum: ['open', 'completed', 'canceled'] }) state!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() assignedToMe!: boolean;
}

export class TaskPageView {
  @ApiProperty({ type: [TaskSummaryView] }) items!: TaskSummaryView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Stand der ganzen Auswahl; ändert sich mit jeder Aufgabe darin' })
  version!: string;
}

/** How many tasks a query selects, and their state: the list polls it to see that it changed. */
export class TaskListVersionView {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Wie `version` der Liste; ein anderer Wert heißt: neu laden' })
  version!: string;
}

export class SavedTaskFilterView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: TaskFilterQuery }) query!: TaskFilterQuery;
  @ApiProperty() createdAt!: string;
}

export class CreateSavedTaskFilterDto {
  @ApiProperty({ minLength: 1, maxLength: SAVED_FILTER_NAME_MAX, example: 'Meine überfälligen' })
  @Transform(trimmed)
  @IsText(SAVED_FILTER_NAME_MAX, { singleLine: true })
  name!: string;

  @ApiProperty({ type: TaskFilterQuery })
  @IsDefined({ message: '$property fehlt' })
  @IsObject({ message: '$property muss ein Objekt sein' })
  @ValidateNested()
  @Type(() => TaskFilterQuery)
  query!: TaskFilterQuery;
}

export class TaskFormView {
  @ApiProperty() formId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'form-js Schema' })
  schema!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Anfangswerte und Optionen',
  })
  data!: Record<string, unknown>;
}

/** The conference a task belongs to (tasks of the conference cycle have no case). */
export class TaskConferenceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() place!: string;
  @ApiProperty() statusLabel!: string;
}

export class TaskDetailView extends TaskSummaryView {
  @ApiProperty({ type: [String] }) candidateGroups!: string[];
  @ApiPropertyOptional({ type: TaskFormView, nullable: true }) form!: TaskFormView | null;
  @ApiPropertyOptional({ type: CaseSummaryView, nullable: true })
  case!: CaseSummaryView | null;
  @ApiPropertyOptional({ type: TaskConferenceView, nullable: true })
  conference!: TaskConferenceView | null;
}

export class OptionView {
  @ApiProperty() value!: string;
  @ApiProperty() label!: string;
}

export class TaskFacetsView {
  @ApiProperty({ type: [OptionView] }) processes!: OptionView[];
  @ApiProperty({ type: [OptionView] }) types!: OptionView[];
}

export class TaskCompletedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['completed'] }) state!: 'completed';
}
