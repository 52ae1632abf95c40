import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** PUT /admin/instances/:id/settings. Absent = unchanged; null = cleared (back to the fallback). */
export class UpdateInstanceSettingsDto {
  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'HistorySync for this instance when WSAPI is not asked (no account key); null = HISTORY_SYNC_DEFAULT' })
  @IsOptional() @IsBoolean()
  historySync?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 8, description: "The instance's webhook signing secret (WSAPI's eventSigningSecret); null = the default" })
  @IsOptional() @IsString() @MinLength(8) @MaxLength(512)
  signingSecret?: string | null;
}
