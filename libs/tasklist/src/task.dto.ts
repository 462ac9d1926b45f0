import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '@lotse/common';
import { CaseSummaryView } from '@lotse/referral';

export const TASK_FILTERS = ['mine', 'unassigned', 'institution', 'all'] as const;
export const TASK_DUE = ['soon', 'overdue'] as const;
export const TASK_SORTS = ['due', 'priority', 'created'] as const;

export class ListTasksQuery extends PageQuery {
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
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: '$property ist keine Prozess-ID' })
  process?: string;

  @ApiPropertyOptional({ description: 'Aufgabentyp (Element-ID im Modell)' })
  @IsOptional()
  @IsString()
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
}

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
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Fallkonferenz 10.03.2027' })
  conferenceLabel!: string | null;
  @ApiPropertyOptional({ type: TaskAssigneeView, nullable: true })
  assignee!: TaskAssigneeView | null;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) followUpAt!: string | null;
  @ApiProperty() priority!: number;
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
