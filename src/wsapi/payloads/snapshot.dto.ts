import { IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import { IdentityDto } from './identity.dto';

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

/** One element of GET /contacts: an Identity with names. */
export class RestContactDto extends IdentityDto {
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
