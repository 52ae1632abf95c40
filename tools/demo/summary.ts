import { Client } from 'pg';
import { SimulatedAccount } from '../simulator/account';
import { WsapiSimulator } from '../simulator/wsapi-simulator';
import { formatCount, textTable } from '../lib/text-table';

const seconds = (ms: unknown) => (ms === null || ms === undefined ? '–' : `${(Number(ms) / 1000).toFixed(1)} s`);
const clip = (text: unknown, width = 38) => {
  const value = text === null || text === undefined ? '–' : String(text);
  return value.length > width ? `${value.slice(0, width - 1)}…` : value;
};

/** Per instance: the sync state machine's row and the flush outcome. */
export async function syncTable(db: Client, simulator: WsapiSimulator): Promise<string> {
  const rows = [];
  for (const account of simulator.accounts) {
    const { rows: found } = await db.query('SELECT * FROM instances WHERE instance_id = $1', [account.instanceId]);
    const row = found[0] ?? {};
    const calls = simulator.flushCalls(account.instanceId);
    rows.push([
      account.instanceId,
      `${row.history_sync ?? '?'} (${row.history_sync_source ?? '?'})`,
      row.status ?? '–',
      `${row.flush_status ?? '–'}${row.flush_error ? `: ${clip(row.flush_error, 30)}` : ''}`,
      `${calls.length} (${calls.map((call) => `${call.status} ${call.outcome}`).join(', ') || 'none'})`,
      `${row.history_events_received ?? 0} / ${formatCount(row.history_messages_received ?? 0)}`,
      seconds(row.initial_sync_ms),
      seconds(row.total_sync_ms),
    ]);
  }
  return textTable(['instance', 'HistorySync (source)', 'sync status', 'flush outcome', 'flush calls seen by WSAPI', 'history events / msgs', 'initial sync', 'total sync'], rows);
}

/** Row counts per instance, next to what the simulator generated. */
export async function countsTable(db: Client, simulator: WsapiSimulator): Promise<string> {
  const rows = [];
  for (const account of simulator.accounts) {
    const expected = simulator.expected(account.instanceId);
    const count = async (sql: string) => Number((await db.query(sql, [account.instanceId])).rows[0].n);
    const messages = await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE source = 'live')::int AS live, count(*) FILTER (WHERE source = 'history')::int AS history FROM messages WHERE instance_id = $1`,
      [account.instanceId],
    );
    const vs = (actual: number, wanted: number) => `${formatCount(actual)}${actual === wanted ? ' ✓' : ` (expected ${formatCount(wanted)})`}`;
    rows.push([
      account.instanceId,
      formatCount(await count('SELECT count(*) AS n FROM contacts WHERE instance_id = $1')),
      vs(await count('SELECT count(*) AS n FROM chats WHERE instance_id = $1'), expected.chats),
      vs(await count('SELECT count(*) AS n FROM current_groups WHERE instance_id = $1'), expected.groups),
      vs(await count('SELECT count(*) AS n FROM current_group_participants WHERE instance_id = $1'), expected.participants),
      vs(messages.rows[0].n, expected.messages),
      `${formatCount(messages.rows[0].live)} / ${formatCount(messages.rows[0].history)}`,
    ]);
  }
  return textTable(['instance', 'contacts', 'chats', 'groups', 'participants', 'messages', 'live / history'], rows);
}

/** A few rows of each read model for one instance, as an analyst would look at them. */
export async function sampleRows(db: Client, account: SimulatedAccount): Promise<string> {
  const id = account.instanceId;
  const contacts = await db.query(
    `SELECT id, lid, COALESCE(full_name, push_name) AS name, push_name, in_phone_address_book FROM contacts WHERE instance_id = $1 AND lid IS NOT NULL ORDER BY md5(id) LIMIT 4`,
    [id],
  );
  const chats = await db.query(
    `SELECT ch.id, COALESCE(g.name, c.full_name, c.push_name, ch.name) AS name, ch.is_group, ch.is_archived, ch.last_message_at
     FROM chats ch LEFT JOIN contacts c ON c.instance_id = ch.instance_id AND c.id = ch.id LEFT JOIN groups g ON g.instance_id = ch.instance_id AND g.id = ch.id
     WHERE ch.instance_id = $1 ORDER BY ch.last_message_at DESC NULLS LAST LIMIT 4`,
    [id],
  );
  const groups = await db.query(
    `SELECT g.id, g.name, count(p.*)::int AS members, count(p.*) FILTER (WHERE p.is_admin)::int AS admins, count(p.*) FILTER (WHERE p.participant_id LIKE '%@lid')::int AS by_lid
     FROM current_groups g LEFT JOIN current_group_participants p ON p.instance_id = g.instance_id AND p.group_id = g.id
     WHERE g.instance_id = $1 GROUP BY g.id, g.name ORDER BY members DESC LIMIT 4`,
    [id],
  );
  const messages = await db.query(
    `SELECT chat_id, sender_id, source, type, COALESCE(text, media->>'mediaType') AS content, time, is_edited, reactions <> '{}'::jsonb AS reacted
     FROM messages WHERE instance_id = $1 AND time IS NOT NULL ORDER BY time DESC LIMIT 5`,
    [id],
  );
  const date = (value: Date | null) => (value ? value.toISOString().replace('T', ' ').slice(0, 19) : '–');
  return [
    `contacts of ${id}`,
    textTable(['id', 'lid', 'name', 'push name', 'in address book'], contacts.rows.map((r) => [r.id, r.lid, clip(r.name, 24), clip(r.push_name, 16), String(r.in_phone_address_book)])),
    '',
    `chats (most recent first)`,
    textTable(['id', 'name', 'group', 'archived', 'last message'], chats.rows.map((r) => [r.id, clip(r.name, 24), String(r.is_group), String(r.is_archived), date(r.last_message_at)])),
    '',
    `groups (current members)`,
    textTable(['id', 'name', 'members', 'admins', 'named by LID'], groups.rows.map((r) => [r.id, clip(r.name, 24), r.members, r.admins, r.by_lid])),
    '',
    `latest messages`,
    textTable(['chat', 'sender', 'source', 'type', 'content', 'time', 'edited', 'reacted'], messages.rows.map((r) => [r.chat_id, r.sender_id, r.source, r.type, clip(r.content, 30), date(r.time), String(r.is_edited), String(r.reacted)])),
  ].join('\n');
}
