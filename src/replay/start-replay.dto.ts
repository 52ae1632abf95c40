import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString } from 'class-validator';

/** POST /admin/replay. Fields not listed here are ignored. */
export class StartReplayDto {
  @ApiProperty({ description: 'A projection name, or "all"' })
  @IsString({ message: 'projection must be a string: a projection name or "all"' })
  projection: string;

  @ApiPropertyOptional({ description: "Rebuild only this instance's rows" })
  @IsOptional() @IsString()
  instanceId?: string;

  @ApiPropertyOptional({ description: 'Build the shadow tables and report the differences, leave the live tables as they are' })
  @IsOptional() @IsBoolean()
  dryRun?: boolean;
}
