import { Type } from '@nestjs/common';
import { ChatsProjection } from './chats/chats.projection';
import { ContactsProjection } from './contacts/contacts.projection';
import { Projection } from './engine/projection';
import { GroupsProjection } from './groups/groups.projection';
import { HistoryPagesProjection } from './history-pages/history-pages.projection';
import { MessagesProjection } from './messages/messages.projection';
import { SyncStateProjection } from './sync-state/sync-state.projection';

/**
 * Every projection the service runs (and replay can rebuild). Adding a projection is one new
 * folder under projections/ and one line here.
 */
export const PROJECTION_CLASSES: Type<Projection>[] = [ChatsProjection, ContactsProjection, GroupsProjection, HistoryPagesProjection, MessagesProjection, SyncStateProjection];
