import { Injectable } from '@nestjs/common';
import { EventCategory } from '../../wsapi/event-types';
import { ServiceTopic } from '../../kafka/topics';
import { ContactEventDto, PushNameEventDto, StatusEventDto } from '../../wsapi/payloads/contact-events.dto';
import { IdentityDto } from '../../wsapi/payloads/identity.dto';
import { RestContactDto, SnapshotEnvelopeDataDto, SnapshotEventType } from '../../wsapi/payloads/snapshot.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { ApplyContext, Projection, SourceEvent } from '../engine/projection';
import { upsertMergingLidAliases } from '../upsert/lid-aliases';
import { RowPatch } from '../upsert/table-spec';
import { contactsTable } from './contacts.table';

/** Materializes `contacts` from contact, push-name and status events and the contacts snapshot. */
@Injectable()
export class ContactsProjection implements Projection<RowPatch> {
  readonly name = 'contacts';
  readonly topics = [EventCategory.Contacts, EventCategory.Chats, ServiceTopic.Snapshots];
  readonly tables = ['contacts'];
  readonly handles = ['contact', 'chat_push_name', 'chat_status', SnapshotEventType.Contacts];
  readonly version = 1;

  decode(event: SourceEvent): RowPatch[] {
    const at = event.eventTime;
    switch (event.eventType) {
      case 'contact': {
        const data = validatePayload(ContactEventDto, legacyFlatContact(event.eventData), 'contact');
        return [{ ...identityColumns(event.instanceId, data.contact, at), full_name: data.fullName, in_phone_address_book: data.inPhoneAddressBook, address_book_at: at }];
      }
      case 'chat_push_name': {
        const data = validatePayload(PushNameEventDto, event.eventData, 'chat_push_name');
        return [{ ...identityColumns(event.instanceId, data.user, at), push_name: data.pushName, push_name_at: at }];
      }
      case 'chat_status': {
        const data = validatePayload(StatusEventDto, event.eventData, 'chat_status');
        return [{ ...identityColumns(event.instanceId, data.user, at), about: data.status, about_at: at }];
      }
      case SnapshotEventType.Contacts: {
        const { items } = validatePayload(SnapshotEnvelopeDataDto, event.eventData, 'contacts snapshot');
        return items.map((item, index) => snapshotRow(event.instanceId, validatePayload(RestContactDto, item, `contacts snapshot item ${index}`), at));
      }
      default:
        return [];
    }
  }

  async apply(changes: RowPatch[], { sql }: ApplyContext): Promise<void> {
    await upsertMergingLidAliases(contactsTable, sql, changes);
  }
}

function identityColumns(instanceId: string, identity: IdentityDto, at: string): RowPatch {
  return { instance_id: instanceId, id: identity.id, lid: identity.lid ?? (identity.id.endsWith('@lid') ? identity.id : null), phone: identity.phone ?? null, updated_at: at };
}

function snapshotRow(instanceId: string, item: RestContactDto, at: string): RowPatch {
  const row: RowPatch = {
    ...identityColumns(instanceId, item, at),
    full_name: item.fullName ?? null,
    in_phone_address_book: item.inPhoneAddressBook ?? null,
    address_book_at: at,
    first_name: item.firstName ?? null,
    business_name: item.businessName ?? null,
    profile_at: at,
  };
  if (item.pushName !== undefined) Object.assign(row, { push_name: item.pushName, push_name_at: at });
  return row;
}

/** Older SDKs sent `contact` with a flat `id` instead of a `contact` identity. */
function legacyFlatContact(data: Record<string, unknown>): Record<string, unknown> {
  if (data.contact === undefined && typeof data.id === 'string') return { ...data, contact: { id: data.id, lid: data.lid, phone: data.phone } };
  return data;
}
