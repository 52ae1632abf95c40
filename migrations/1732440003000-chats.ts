import { MigrationInterface, QueryRunner } from 'typeorm';

/** The chat list of each instance (src/projections/chats, docs/read-models/chats.md). */
export class Chats1732440003000 implements MigrationInterface {
  name = 'Chats1732440003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chats (
        instance_id          text        NOT NULL,
        id                   text        NOT NULL,
        lid                  text,
        is_group             boolean     NOT NULL DEFAULT false,
        name                 text,
        name_at              timestamptz,
        is_archived          boolean,
        archive_at           timestamptz,
        is_pinned            boolean,
        pin_at               timestamptz,
        is_muted             boolean,
        mute_end_time        timestamptz,
        mute_at              timestamptz,
        is_read              boolean,
        read_at              timestamptz,
        ephemeral_expiration integer,
        ephemeral_at         timestamptz,
        picture_id           text,
        picture_at           timestamptz,
        last_activity        timestamptz,
        last_message_at      timestamptz,
        updated_at           timestamptz,
        PRIMARY KEY (instance_id, id)
      )`);
    // LID → phone JID resolution (upsertMergingLidAliases) looks rows up by lid.
    await queryRunner.query('CREATE INDEX chats_lid ON chats (instance_id, lid) WHERE lid IS NOT NULL');
    // "Most recent chats of an instance", the chat list's natural order.
    await queryRunner.query('CREATE INDEX chats_recent ON chats (instance_id, last_message_at DESC NULLS LAST)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE chats');
  }
}
