import { PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { SenderDto } from './identity.dto';

/**
 * Chat events (shared/wsapi/README.md §3.3), the chat-related parts of `message` /
 * `message_history_sync` (§3.2) and one element of GET /chats (§4.4). Each DTO requires what the
 * chat read model relies on; other documented fields are optional but type-checked when present,
 * and unknown fields are tolerated.
 */
export enum ChatSettingType {
  Mute = 'mute',
  Pin = 'pin',
  Read = 'read',
  Archive = 'archive',
  Ephemeral = 'ephemeral',
}

/**
 * `muteEndTime`: an RFC 3339 time from the hosted API, whole Unix seconds from the open-source
 * server (wsapi-app; corpus README, "Differences between WSAPI's own sources"). A number skips
 * the string check; parseWsapiTime reads both.
 */
const unlessSeconds = () => ValidateIf((_, value: unknown) => typeof value !== 'number');

export class MuteSettingDto {
  @IsBoolean()
  isMuted: boolean;

  @IsOptional() @unlessSeconds() @IsString()
  muteEndTime?: string | number;
}

export class PinSettingDto {
  @IsBoolean()
  isPinned: boolean;
}

export class ReadSettingDto {
  @IsBoolean()
  isRead: boolean;
}

export class ArchiveSettingDto {
  @IsBoolean()
  isArchived: boolean;
}

export class EphemeralSettingDto {
  /** `off 24h 7d 90d`. */
  @IsString() @MinLength(1)
  expiration: string;

  @IsOptional() @ValidateNested() @Type(() => SenderDto)
  sender?: SenderDto;
}

/** `chat_setting`: `settingType` names the one block that is present. */
export class ChatSettingEventDto {
  @IsString() @MinLength(1)
  id: string;

  @IsString() @MinLength(1)
  settingType: string;

  @IsOptional() @ValidateNested() @Type(() => MuteSettingDto)
  mute?: MuteSettingDto;

  @IsOptional() @ValidateNested() @Type(() => PinSettingDto)
  pin?: PinSettingDto;

  @IsOptional() @ValidateNested() @Type(() => ReadSettingDto)
  read?: ReadSettingDto;

  @IsOptional() @ValidateNested() @Type(() => ArchiveSettingDto)
  archive?: ArchiveSettingDto;

  @IsOptional() @ValidateNested() @Type(() => EphemeralSettingDto)
  ephemeral?: EphemeralSettingDto;
}

/** `chat_picture` (legacy `user_picture`). An empty pictureId means the picture was removed. */
export class ChatPictureEventDto {
  @IsString() @MinLength(1)
  id: string;

  @IsOptional() @ValidateNested() @Type(() => SenderDto)
  sender?: SenderDto;

  @IsString()
  pictureId: string;
}

/** What the chat list needs from a `message` payload (live, or one element of a history chunk). */
export class MessageActivityDto {
  @IsString() @MinLength(1)
  chatId: string;

  @IsString() @MinLength(1)
  time: string;

  @IsOptional() @ValidateNested() @Type(() => SenderDto)
  sender?: SenderDto;

  @IsOptional() @IsBoolean()
  isGroup?: boolean;

  @IsOptional() @IsBoolean()
  isStatus?: boolean;
}

/**
 * The time alone, with MessageActivityDto's rules for it (inherited, not restated): for a history
 * message whose other fields equal those of one already validated in full.
 */
export class MessageActivityTimeDto extends PickType(MessageActivityDto, ['time'] as const) {}

/** `message_history_sync`: `messages` holds bare message payloads (validated one by one). */
export class HistorySyncEventDto {
  @IsOptional() @IsString()
  chatId?: string;

  @IsArray()
  messages: unknown[];
}

/** One element of GET /chats. */
export class RestChatDto {
  @IsString() @MinLength(1)
  id: string;

  @IsOptional() @IsString()
  lid?: string;

  @IsOptional() @IsBoolean()
  isGroup?: boolean;

  @IsOptional() @IsBoolean()
  isArchived?: boolean;

  @IsOptional() @IsBoolean()
  isPinned?: boolean;

  @IsOptional() @IsBoolean()
  isMuted?: boolean;

  @IsOptional() @unlessSeconds() @IsString()
  muteEndTime?: string | number;

  @IsOptional() @IsString()
  pushName?: string;

  @IsOptional() @IsString()
  businessName?: string;

  @IsOptional() @IsString()
  fullName?: string;

  @IsOptional() @IsString()
  lastActivity?: string;
}
