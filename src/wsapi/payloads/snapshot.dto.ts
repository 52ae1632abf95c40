import { IsArray, IsBoolean, IsInt, IsOptional, IsString, MinLength } from 'class-validator';

/**
 * REST snapshots (GET /contacts, /chats, /groups) travel through Kafka as events of our own on
 * `<prefix>.snapshots`: eventData = { items: <the response array> }, receivedAt = fetch time.
 */
export enum SnapshotEventType {
  Contacts = 'contacts_snapshot',
  Chats = 'chats_snapshot',
  Groups = 'groups_snapshot',
}

export class SnapshotEnvelopeDataDto {
  @IsArray()
  items: unknown[];
}

/** One element of GET /contacts. */
export class RestContactDto {
  @IsString() @MinLength(1)
  id: string;

  @IsOptional() @IsString()
  lid?: string;

  @IsOptional() @IsString()
  phone?: string;

  @IsOptional() @IsInt()
  device?: number;

  @IsOptional() @IsString()
  fullName?: string;

  @IsOptional() @IsString()
  firstName?: string;

  @IsOptional() @IsString()
  pushName?: string;

  @IsOptional() @IsString()
  businessName?: string;

  @IsOptional() @IsBoolean()
  inPhoneAddressBook?: boolean;
}
