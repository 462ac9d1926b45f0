import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FieldError } from './domain.exception';
import type { ProblemBody } from './problem.filter';

/** One field the server refused, with its German messages. */
export class FieldErrorView implements FieldError {
  @ApiProperty({ example: 'youngPerson.birthDate' }) field!: string;
  @ApiProperty({ type: [String] }) messages!: string[];
}

/** The body of every error answer (written by the ProblemFilter), in the OpenAPI description. */
export class ProblemView implements ProblemBody {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'VALIDATION' }) code!: string;
  @ApiProperty({ example: 'Die Anfrage enthält ungültige Angaben.' }) message!: string;
  @ApiPropertyOptional({ type: [FieldErrorView] }) errors?: FieldErrorView[];
}
