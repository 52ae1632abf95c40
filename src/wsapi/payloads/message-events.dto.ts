import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsObject, IsOptional, IsRFC3339, IsString, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { SenderDto } from './identity.dto';

/**
 * Payloads of the message events (shared/wsapi/README.md §3.2). Only what the read models use is
 * checked in depth; `media`, `extendedText`, vCards, ad data … are kept as received. Unknown
 * fields are tolerated. Optional booleans may be absent: WSAPI's server omits false values.
 */

export enum MessageType {
  Text = 'text',
  Media = 'media',
  Reaction = 'reaction',
  Contact = 'contact',
  ContactArray = 'contactArray',
  PinInChat = 'pinInChat',
}

export class ReactionDto {
  /** The message reacted to (same chat). */
  @IsString() @MinLength(1)
  messageId: string;

  /** Empty = the reaction was removed. */
  @IsString()
  emoji: string;
}

export class EditDto {
  /** The message this edit replaces the body of (same chat). */
  @IsString() @MinLength(1)
  originalMessageId: string;

  @IsOptional() @IsString()
  originalMessageTime?: string;
}

export class PinDto {
  @IsString() @MinLength(1)
  messageId: string;

  /** false = unpinned. */
  @IsBoolean()
  pinned: boolean;

  @IsOptional() @IsString()
  expiration?: string;
}

export class ReplyToDto {
  @IsOptional() @IsString()
  id?: string;
}

/** `message`, and each element of `message_history_sync.messages`. */
export class MessageEventDto {
  /** WhatsApp message id, unique within a chat of an instance; for an edit, the edit's protocol id. */
  @IsString() @MinLength(1)
  id: string;

  @IsRFC3339()
  time: string;

  @IsString() @MinLength(1)
  chatId: string;

  @ValidateNested() @Type(() => SenderDto)
  sender: SenderDto;

  /** One of MessageType, or a type we do not know yet (kept as is). */
  @IsString() @MinLength(1)
  type: string;

  @IsOptional() @IsString()
  text?: string;

  @IsOptional() @IsObject()
  media?: Record<string, unknown>;

  @IsOptional() @IsObject()
  extendedText?: Record<string, unknown>;

  @IsOptional() @IsBoolean()
  isForwarded?: boolean;

  @IsOptional() @IsBoolean()
  isEdit?: boolean;

  @IsOptional() @IsArray() @IsString({ each: true })
  mentions?: string[];

  @IsOptional() @ValidateNested() @Type(() => ReplyToDto)
  replyTo?: ReplyToDto;

  /** Required on reactions: without it there is nothing to react to. */
  @ValidateIf((message: MessageEventDto) => message.type === MessageType.Reaction)
  @IsDefined() @ValidateNested() @Type(() => ReactionDto)
  reaction?: ReactionDto;

  /** Required on pins. */
  @ValidateIf((message: MessageEventDto) => message.type === MessageType.PinInChat)
  @IsDefined() @ValidateNested() @Type(() => PinDto)
  pin?: PinDto;

  /** Required on edits: an edit without its original cannot be placed. */
  @ValidateIf((message: MessageEventDto) => message.isEdit === true)
  @IsDefined() @ValidateNested() @Type(() => EditDto)
  edit?: EditDto;
}

/** `message_delete`: a message was deleted (for everyone, or only on this account). */
export class MessageDeleteEventDto {
  @IsString() @MinLength(1)
  id: string;

  @IsString() @MinLength(1)
  chatId: string;

  @IsRFC3339()
  time: string;

  @IsOptional() @ValidateNested() @Type(() => SenderDto)
  sender?: SenderDto;

  @IsOptional() @IsBoolean()
  isDeletedForAll?: boolean;

  @IsOptional() @IsBoolean()
  isDeletedForMe?: boolean;
}

/** `message_star`: this account starred or unstarred a message. */
export class MessageStarEventDto {
  @IsString() @MinLength(1)
  id: string;

  @IsString() @MinLength(1)
  chatId: string;

  @IsRFC3339()
  time: string;

  @IsBoolean()
  isStarred: boolean;

  @IsOptional() @ValidateNested() @Type(() => SenderDto)
  sender?: SenderDto;
}

export enum ReceiptType {
  Delivered = 'delivered',
  Read = 'read',
  ReadSelf = 'readSelf',
  Played = 'played',
}

/** `message_read`: a receipt (delivery, read, played, …) for some messages of one chat. */
export class MessageReadEventDto {
  @IsString() @MinLength(1)
  chatId: string;

  @IsRFC3339()
  time: string;

  /** A ReceiptType, or one of the kinds the read models ignore (sender, retry, serverError, …). */
  @IsString()
  receiptType: string;

  /** Absent when empty (WSAPI's server omits empty lists). */
  @IsOptional() @IsArray() @IsString({ each: true }) @MinLength(1, { each: true })
  messageIds?: string[];

  @IsOptional() @ValidateNested() @Type(() => SenderDto)
  sender?: SenderDto;
}

/**
 * `message_history_sync`: up to 500 bare `message` payloads of (usually) one chat. The elements
 * are validated one by one as MessageEventDto, so that an error names the element.
 */
export class MessageHistorySyncEventDto {
  @IsOptional() @IsString()
  chatId?: string;

  @IsOptional() @IsArray()
  messages?: unknown[];
}
