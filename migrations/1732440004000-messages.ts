import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `messages` read model (src/projections/messages/messages.table.ts holds the merge rules,
 * docs/read-models/messages.md the meaning of each column). The message's own columns are
 * nullable: an edit, reaction or receipt may create the row before the message arrives.
 */
export class Messages1732440004000 implements MigrationInterface {
  name = 'Messages1732440004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // base_version is compared byte-wise (COLLATE "C") like the TypeScript merge compares strings.
    await queryRunner.query(`
      CREATE TABLE messages (
        instance_id     text        NOT NULL,
        chat_id         text        NOT NULL,
        id              text        NOT NULL,
        base_version    text COLLATE "C",
        source          text CHECK (source IN ('live', 'history')),
        sender_id       text,
        sender_lid      text,
        from_me         boolean,
        time            timestamptz,
        type            text,
        text            text,
        media           jsonb,
        has_thumbnail   boolean,
        reply_to_id     text,
        is_forwarded    boolean,
        mentions        jsonb,
        raw             jsonb,
        is_edited       boolean     NOT NULL DEFAULT false,
        edited_text     text,
        edited_at       timestamptz,
        is_deleted      boolean     NOT NULL DEFAULT false,
        deleted_for_all boolean     NOT NULL DEFAULT false,
        deleted_at      timestamptz,
        is_starred      boolean     NOT NULL DEFAULT false,
        starred_at      timestamptz,
        is_pinned       boolean     NOT NULL DEFAULT false,
        pinned_at       timestamptz,
        reactions       jsonb       NOT NULL DEFAULT '{}'::jsonb,
        delivered_at    timestamptz,
        read_at         timestamptz,
        played_at       timestamptz,
        first_seen_at   timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        PRIMARY KEY (instance_id, chat_id, id)
      )`);
    // A chat's timeline, newest first ("last 50 messages of this chat", per-chat activity).
    await queryRunner.query('CREATE INDEX messages_chat_time ON messages (instance_id, chat_id, time)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE messages');
  }
}
