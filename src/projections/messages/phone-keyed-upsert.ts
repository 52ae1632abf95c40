import { Sql } from '../../database/sql';
import { IdentityColumns, isLid, lidAliasKey, rekeyedByLid, takeLidRows } from '../upsert/lid-aliases';
import { RowPatch } from '../upsert/table-spec';
import { LidPhoneLink, senderLinks } from './lid-links';
import { lockLids, resolveLids } from './lid-phone-map';
import { messagesTable } from './messages.table';

/** A message row is keyed by chat_id; received_chat_lid keeps the LID its chat was named by. */
const CHAT_COLUMNS: IdentityColumns = { id: 'chat_id', lid: 'received_chat_lid', storedBy: 'lid' };

/**
 * Upserts a batch of message patches with every one-to-one chat keyed by its phone JID once the
 * LID↔phone mapping is known (docs/read-models/messages.md, "One chat, one id"):
 *  - the batch's links (from its own senders and from `links`) go into messages_lid_map;
 *  - a patch whose chat is a LID with a known phone JID is re-keyed to it;
 *  - rows stored by a LID whose phone JID this batch set or changed are moved to it, merged by
 *    the table's rules, in the same upsert as the batch.
 * A batch that names no LID at all costs nothing extra; one with links only, one statement;
 * one with LID chats, a lock and that statement; moving rows, a DELETE (when a mapping is new).
 */
export async function upsertKeyedByPhoneJid(sql: Sql, patches: RowPatch[], links: LidPhoneLink[]): Promise<void> {
  const allLinks = links.concat(senderLinks(patches));
  const lidChats = lidChatsOf(patches);
  if (allLinks.length === 0 && lidChats.size === 0) return messagesTable.upsert(sql, patches);

  const wanted = [...lidChats.values()];
  await lockLids(sql, wanted);
  const { phoneByLid, changed } = await resolveLids(sql, allLinks, wanted);
  await lockLids(sql, [...changed.keys()].filter((key) => !lidChats.has(key)).map((key) => key.split(' ') as [string, string]));
  const moved = await takeLidRows(messagesTable, sql, changed, CHAT_COLUMNS);
  const rekeyed = lidChats.size === 0 ? patches : patches.map((patch) => rekeyedByLid(patch, phoneByLid, CHAT_COLUMNS));
  // The moved rows first: the batch's patches are the later arrivals, as in any other upsert.
  await messagesTable.upsert(sql, moved.length === 0 ? rekeyed : moved.concat(rekeyed));
}

/** The distinct (instance, LID) chats the patches name. Group chats (`…@g.us`) never are. */
function lidChatsOf(patches: RowPatch[]): Map<string, [string, string]> {
  const chats = new Map<string, [string, string]>();
  for (const patch of patches) {
    if (isLid(patch.chat_id)) chats.set(lidAliasKey(patch.instance_id, patch.chat_id), [patch.instance_id as string, patch.chat_id]);
  }
  return chats;
}
