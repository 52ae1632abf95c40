import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SqlExecutor } from '../database/sql-executor';
import { ACTIVE_STATES, ChatState, ChatWalk, ReceivedPage, WalkPatch } from './chat-walk';

export interface NewBackfill {
  topicPrefix: string;
  instanceId: string;
  chatIds: string[];
  until: string | null;
  maxMessagesPerChat: number | null;
}

export interface ClaimedWalk extends ChatWalk {
  leaseToken: string;
}

export interface Anchor {
  id: string;
  sender: string | null;
  time: string | null;
}

const WALK_COLUMNS = `c.backfill_id, c.instance_id, c.chat_id, c.state, c.anchor_id, c.anchor_sender, c.anchor_time, c.pages, c.messages,
  c.requests, c.oldest_time, c.requested_count, c.requested_at, c.request_after_partition, c.request_after_offset::text,
  c.page_attempts, c.error_attempts, c.reason, b.until, b.max_messages_per_chat`;

/** backfills and backfill_chats: the durable state of every walk, and history_pages/messages as the walk reads them. */
@Injectable()
export class BackfillRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async create(backfill: NewBackfill): Promise<string> {
    const id = randomUUID();
    await this.sql.transaction(async (manager) => {
      await manager.query(
        // Nothing to walk (no chat has messages yet) is a backfill finished at once, not one that runs forever.
        `INSERT INTO backfills (id, topic_prefix, instance_id, until, max_messages_per_chat, state, created_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN 'running' ELSE 'finished' END, now(), CASE WHEN $6 THEN NULL ELSE now() END)`,
        [id, backfill.topicPrefix, backfill.instanceId, backfill.until, backfill.maxMessagesPerChat, backfill.chatIds.length > 0],
      );
      await manager.query(
        `INSERT INTO backfill_chats (backfill_id, topic_prefix, instance_id, chat_id, state, next_at, updated_at)
         SELECT $1, $2, $3, chat_id, 'ready', now(), now() FROM unnest($4::text[]) AS chat_id`,
        [id, backfill.topicPrefix, backfill.instanceId, backfill.chatIds],
      );
    });
    return id;
  }

  async runningFor(topicPrefix: string, instanceId: string): Promise<string | undefined> {
    const rows = await this.sql.query<{ id: string }>(`SELECT id FROM backfills WHERE topic_prefix = $1 AND instance_id = $2 AND state = 'running' LIMIT 1`, [topicPrefix, instanceId]);
    return rows[0]?.id;
  }

  async instanceKnown(instanceId: string): Promise<boolean> {
    const rows = await this.sql.query(
      'SELECT 1 FROM instances WHERE instance_id = $1 UNION ALL SELECT 1 FROM messages WHERE instance_id = $1 LIMIT 1',
      [instanceId],
    );
    return rows.length > 0;
  }

  /** The chats the read model has messages of: only those have an oldest message to anchor on. */
  async chatsWithMessages(instanceId: string): Promise<string[]> {
    const rows = await this.sql.query<{ chat_id: string }>('SELECT DISTINCT chat_id FROM messages WHERE instance_id = $1 ORDER BY chat_id', [instanceId]);
    return rows.map((row) => row.chat_id);
  }

  /** Leases due walks; SKIP LOCKED and the lease keep two workers from stepping (and requesting for) the same chat. */
  async claimDue(topicPrefix: string, limit: number, leaseMs: number): Promise<ClaimedWalk[]> {
    const leaseToken = randomUUID();
    const rows = await this.sql.query<Record<string, unknown>>(
      `WITH due AS (
         SELECT backfill_id, chat_id FROM backfill_chats
         WHERE topic_prefix = $1 AND state = ANY($2::text[]) AND next_at <= now() AND (lease_until IS NULL OR lease_until < now())
         ORDER BY next_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
       UPDATE backfill_chats c SET lease_token = $4, lease_until = now() + $5 * interval '1 millisecond'
       FROM due, backfills b
       WHERE c.backfill_id = due.backfill_id AND c.chat_id = due.chat_id AND b.id = c.backfill_id
       RETURNING ${WALK_COLUMNS}`,
      [topicPrefix, ACTIVE_STATES, limit, leaseToken, leaseMs],
    );
    return rows.map((row) => ({ ...toWalk(row), leaseToken }));
  }

  /**
   * The page answering the outstanding request: a history event of the chat stored after the last
   * page known when the request was made, that does not hold the anchor and is no newer than it
   * (so neither the page before nor a late flush chunk counts). An empty page qualifies by position.
   */
  async answeringPage(walk: ChatWalk): Promise<ReceivedPage | undefined> {
    const rows = await this.sql.query<{ message_count: number; oldest_time: Date | null; oldest_id: string | null; oldest_sender: string | null }>(
      `SELECT message_count, oldest_time, oldest_id, oldest_sender FROM history_pages
       WHERE instance_id = $1 AND chat_id = $2
         AND ($3::int IS NULL OR kafka_partition <> $3 OR kafka_offset > $4::bigint)
         AND (message_count = 0 OR (NOT ($5::text = ANY(message_ids)) AND newest_time <= $6::timestamptz))
       ORDER BY kafka_partition, kafka_offset LIMIT 1`,
      [walk.instanceId, walk.chatId, walk.requestAfterPartition, walk.requestAfterOffset, walk.anchorId, walk.anchorTime],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { messageCount: row.message_count, oldestTime: iso(row.oldest_time), oldestId: row.oldest_id, oldestSender: row.oldest_sender };
  }

  /** Where the chat's history pages end now: a page for a request made after this must lie beyond it. */
  async lastPagePosition(instanceId: string, chatId: string): Promise<{ partition: number; offset: string } | undefined> {
    const rows = await this.sql.query<{ kafka_partition: number; kafka_offset: string }>(
      'SELECT kafka_partition, kafka_offset::text FROM history_pages WHERE instance_id = $1 AND chat_id = $2 ORDER BY kafka_offset DESC LIMIT 1',
      [instanceId, chatId],
    );
    return rows[0] ? { partition: rows[0].kafka_partition, offset: rows[0].kafka_offset } : undefined;
  }

  async oldestMessage(instanceId: string, chatId: string): Promise<Anchor | undefined> {
    const rows = await this.sql.query<{ id: string; sender_id: string | null; time: Date }>(
      'SELECT id, sender_id, time FROM messages WHERE instance_id = $1 AND chat_id = $2 AND time IS NOT NULL ORDER BY time, id LIMIT 1',
      [instanceId, chatId],
    );
    return rows[0] ? { id: rows[0].id, sender: rows[0].sender_id, time: iso(rows[0].time) } : undefined;
  }

  /**
   * Writes a step's result while the lease is still ours and the walk still active (a cancel in
   * between wins). `keepLease` holds the chat through the WSAPI call that follows the write.
   */
  async save(walk: ClaimedWalk, patch: WalkPatch, options: { keepLease?: boolean; outcomeEvent?: string } = {}): Promise<boolean> {
    const entries = Object.entries(patch);
    const sets = entries.map(([column], index) => `${column} = $${index + 5}`);
    if (!options.keepLease) sets.push('lease_token = NULL', 'lease_until = NULL');
    if (options.outcomeEvent !== undefined) sets.push(`outcome_event = $${entries.length + 5}`);
    const values = [walk.backfillId, walk.chatId, walk.leaseToken, ACTIVE_STATES, ...entries.map(([, value]) => value)];
    if (options.outcomeEvent !== undefined) values.push(options.outcomeEvent);
    const rows = await this.sql.query(
      `UPDATE backfill_chats SET ${[...sets, 'updated_at = now()'].join(', ')}
       WHERE backfill_id = $1 AND chat_id = $2 AND lease_token = $3 AND state = ANY($4::text[]) RETURNING chat_id`,
      values,
    );
    return rows.length > 0;
  }

  /** A backfill whose chats are all finished is finished. */
  async finishIfDone(backfillId: string): Promise<void> {
    await this.sql.query(
      `UPDATE backfills SET state = 'finished', finished_at = now() WHERE id = $1 AND state = 'running'
         AND NOT EXISTS (SELECT 1 FROM backfill_chats WHERE backfill_id = $1 AND state = ANY($2::text[]))`,
      [backfillId, ACTIVE_STATES],
    );
  }

  /** Stops every active walk of the backfill; returns the cancelled walks (for their outcome events). */
  async cancel(id: string, outcome: (walk: ChatWalk) => string): Promise<ChatWalk[] | undefined> {
    return this.sql.transaction(async (manager) => {
      const cancelled = await manager.query(`UPDATE backfills SET state = 'cancelled', finished_at = now() WHERE id = $1 AND state = 'running' RETURNING id`, [id]);
      if (cancelled.length === 0) return undefined;
      const rows = await manager.query(
        `SELECT ${WALK_COLUMNS} FROM backfill_chats c JOIN backfills b ON b.id = c.backfill_id WHERE c.backfill_id = $1 AND c.state = ANY($2::text[]) FOR UPDATE OF c`,
        [id, ACTIVE_STATES],
      );
      const walks = rows.map(toWalk).map((walk) => ({ ...walk, state: ChatState.Cancelled, reason: 'cancelled by the admin' }));
      for (const walk of walks) {
        await manager.query(
          `UPDATE backfill_chats SET state = 'cancelled', reason = $3, outcome_event = $4, lease_token = NULL, lease_until = NULL, updated_at = now()
           WHERE backfill_id = $1 AND chat_id = $2`,
          [id, walk.chatId, walk.reason, outcome(walk)],
        );
      }
      return walks;
    });
  }

  async backfill(id: string): Promise<Record<string, unknown> | undefined> {
    const rows = await this.sql.query('SELECT id, instance_id, until, max_messages_per_chat, state, created_at, finished_at FROM backfills WHERE id = $1', [id]);
    return rows[0];
  }

  async chats(id: string): Promise<ChatWalk[]> {
    const rows = await this.sql.query(
      `SELECT ${WALK_COLUMNS} FROM backfill_chats c JOIN backfills b ON b.id = c.backfill_id WHERE c.backfill_id = $1 ORDER BY c.chat_id`,
      [id],
    );
    return rows.map(toWalk);
  }

  async unpublishedOutcomes(topicPrefix: string, limit: number): Promise<{ backfillId: string; chatId: string; outcomeEvent: string }[]> {
    const rows = await this.sql.query<{ backfill_id: string; chat_id: string; outcome_event: string }>(
      `SELECT backfill_id, chat_id, outcome_event FROM backfill_chats WHERE topic_prefix = $1 AND outcome_event IS NOT NULL AND NOT outcome_published LIMIT $2`,
      [topicPrefix, limit],
    );
    return rows.map((row) => ({ backfillId: row.backfill_id, chatId: row.chat_id, outcomeEvent: row.outcome_event }));
  }

  async markPublished(backfillId: string, chatId: string): Promise<void> {
    await this.sql.query('UPDATE backfill_chats SET outcome_published = true WHERE backfill_id = $1 AND chat_id = $2', [backfillId, chatId]);
  }
}

function toWalk(row: Record<string, unknown>): ChatWalk {
  return {
    backfillId: String(row.backfill_id),
    instanceId: String(row.instance_id),
    chatId: String(row.chat_id),
    state: row.state as ChatState,
    anchorId: (row.anchor_id as string | null) ?? null,
    anchorSender: (row.anchor_sender as string | null) ?? null,
    anchorTime: iso(row.anchor_time),
    pages: Number(row.pages),
    messages: Number(row.messages),
    requests: Number(row.requests),
    oldestTime: iso(row.oldest_time),
    requestedCount: row.requested_count === null ? null : Number(row.requested_count),
    requestedAt: iso(row.requested_at),
    requestAfterPartition: row.request_after_partition === null ? null : Number(row.request_after_partition),
    requestAfterOffset: (row.request_after_offset as string | null) ?? null,
    pageAttempts: Number(row.page_attempts),
    errorAttempts: Number(row.error_attempts),
    reason: (row.reason as string | null) ?? null,
    until: iso(row.until),
    maxMessagesPerChat: row.max_messages_per_chat === null ? null : Number(row.max_messages_per_chat),
  };
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}
