import { Injectable } from '@nestjs/common';
import { ServiceTopic } from '../../kafka/topics';
import { EventCategory } from '../../wsapi/event-types';
import { GroupEventDto, RestGroupDto } from '../../wsapi/payloads/group-events.dto';
import { SnapshotEventType } from '../../wsapi/payloads/snapshot.dto';
import { validatePayload } from '../../wsapi/payloads/validate-payload';
import { snapshotItems } from '../chat-common/snapshot-items';
import { ApplyContext, Projection, SourceEvent } from '../engine/projection';
import { RowPatch } from '../upsert/table-spec';
import { groupEphemeralChanges } from './group-ephemeral';
import { groupEventChanges } from './group-event-changes';
import { groupSnapshotChanges } from './group-snapshot-changes';
import { groupSnapshotsTable } from './group-snapshots.table';
import { groupsTable } from './groups.table';
import { GroupsChange, rowsFor } from './groups-change';
import { upsertMergingLidAliases } from '../upsert/lid-aliases';
import { groupParticipantsTable } from './group-participants.table';
import { GroupKey, markGroupsLeftSinceSnapshot, markParticipantsGoneSinceListing } from './snapshot-reconcile';

/**
 * Materializes `groups` and `group_participants` from `group` events, groups' disappearing-message
 * settings and the groups snapshot.
 */
@Injectable()
export class GroupsProjection implements Projection<GroupsChange> {
  readonly name = 'groups';
  readonly topics = [EventCategory.Groups, EventCategory.Chats, ServiceTopic.Snapshots];
  readonly tables = ['groups', 'group_participants', 'group_snapshots'];
  /** chat_setting only for a group's disappearing-messages timer. */
  readonly handles = ['group', 'chat_setting', SnapshotEventType.Groups];
  readonly version = 1;

  decode(event: SourceEvent): GroupsChange[] {
    const { instanceId, eventTime: at, eventData } = event;
    switch (event.eventType) {
      case 'group':
        return groupEventChanges(instanceId, validatePayload(GroupEventDto, eventData, 'group'), at);
      case 'chat_setting':
        return groupEphemeralChanges(instanceId, eventData, at);
      case SnapshotEventType.Groups:
        return groupSnapshotChanges(instanceId, snapshotItems(RestGroupDto, eventData, 'groups snapshot'), at);
      default:
        return [];
    }
  }

  /** Upserts first, then the snapshot tombstones over everything the batch touched. */
  async apply(changes: GroupsChange[], { sql }: ApplyContext): Promise<void> {
    const groups = rowsFor(changes, 'groups');
    const participants = rowsFor(changes, 'group_participants');
    await groupSnapshotsTable.upsert(sql, rowsFor(changes, 'group_snapshots'));
    await groupsTable.upsert(sql, groups);
    await upsertMergingLidAliases(groupParticipantsTable, sql, participants, { id: 'participant_id', lid: 'participant_lid' });
    await markGroupsLeftSinceSnapshot(sql, [...new Set(changes.map((change) => String(change.row.instance_id)))]);
    await markParticipantsGoneSinceListing(sql, touchedGroups(groups, participants));
  }
}

/** Every (instance, group) whose participants this batch may have changed. */
function touchedGroups(groups: RowPatch[], participants: RowPatch[]): GroupKey[] {
  const keys = new Map<string, GroupKey>();
  const add = (instanceId: unknown, groupId: unknown) => keys.set(`${instanceId} ${groupId}`, { instanceId: String(instanceId), groupId: String(groupId) });
  groups.forEach((row) => add(row.instance_id, row.id));
  participants.forEach((row) => add(row.instance_id, row.group_id));
  return [...keys.values()];
}
