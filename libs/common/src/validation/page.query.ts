import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?page=&pageSize=` of every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(1, { message: '$property muss mindestens 1 sein' })
  @Max(100000, { message: '$property darf höchstens 100000 sein' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property muss eine ganze Zahl sein' })
  @Min(1, { message: '$property muss mindestens 1 sein' })
  @Max(100, { message: '$property darf höchstens 100 sein' })
  pageSize?: number;
}
