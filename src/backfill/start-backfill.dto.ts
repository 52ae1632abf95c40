import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

/** POST /admin/instances/:id/backfill. */
export class StartBackfillDto {
  @ApiPropertyOptional({ type: [String], description: 'The chats to walk back; absent = every chat the instance has messages of' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10_000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(256, { each: true })
  chatIds?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Stop a chat once its oldest message reached is this old or older' })
  @IsOptional() @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, description: 'Stop a chat after this many older messages' })
  @IsOptional() @IsInt() @Min(1) @Max(10_000_000)
  maxMessagesPerChat?: number;
}
