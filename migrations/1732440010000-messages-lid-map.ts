import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One chat, one id, in `messages` (docs/read-models/messages.md): `messages_lid_map` holds the
 * phone JID of each LID the messages projection has learned (its own table, rebuilt by a replay
 * of `messages`), and `messages.received_chat_lid` the LID a row's chat was named by, so that
 * rows can be found by it (and moved) once its phone JID is known. Existing rows keyed by a LID
 * are marked so, and move as soon as a link for their LID arrives (the projection reads the
 * contacts, chats, groups and snapshots topics from their start after the upgrade); a replay of
 * `messages` re-keys everything (upgrade note in docs/read-models/messages.md).
 */
export class MessagesLidMap1732440010000 implements MigrationInterface {
  name = 'MessagesLidMap1732440010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // phone_jid and received_chat_lid are compared byte-wise (COLLATE "C"), as the TypeScript side compares strings.
    await queryRunner.query(`
      CREATE TABLE messages_lid_map (
        instance_id   text        NOT NULL,
        lid           text        NOT NULL,
        phone_jid     text COLLATE "C" NOT NULL,
        first_seen_at timestamptz NOT NULL,
        PRIMARY KEY (instance_id, lid)
      )`);
    await queryRunner.query('ALTER TABLE messages ADD COLUMN received_chat_lid text COLLATE "C"');
    await queryRunner.query("UPDATE messages SET received_chat_lid = chat_id WHERE chat_id LIKE '%@lid'");
    // Only rows that came by LID are indexed: phone-keyed and group rows cost nothing.
    await queryRunner.query('CREATE INDEX messages_received_chat_lid ON messages (instance_id, received_chat_lid) WHERE received_chat_lid IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX messages_received_chat_lid');
    await queryRunner.query('ALTER TABLE messages DROP COLUMN received_chat_lid');
    await queryRunner.query('DROP TABLE messages_lid_map');
  }
}
