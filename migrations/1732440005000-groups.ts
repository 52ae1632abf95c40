import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups, their participants and the newest groups snapshot of each instance
 * (src/projections/groups, docs/read-models/groups.md), and the views analysts should query.
 */
export class Groups1732440005000 implements MigrationInterface {
  name = 'Groups1732440005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE groups (
        instance_id               text        NOT NULL,
        id                        text        NOT NULL,
        name                      text,
        name_at                   timestamptz,
        description               text,
        description_at            timestamptz,
        owner_id                  text,
        member_add_mode           text,
        details_at                timestamptz,
        created_at                timestamptz,
        is_announce               boolean,
        announce_at               timestamptz,
        is_locked                 boolean,
        locked_at                 timestamptz,
        is_ephemeral              boolean,
        ephemeral_expiration      integer,
        ephemeral_at              timestamptz,
        is_community              boolean     NOT NULL DEFAULT false,
        is_announcement_group     boolean     NOT NULL DEFAULT false,
        community_id              text,
        community_at              timestamptz,
        is_join_approval_required boolean,
        join_approval_at          timestamptz,
        is_suspended              boolean,
        suspended_at              timestamptz,
        delete_reason             text,
        deleted_at                timestamptz,
        is_member                 boolean,
        membership_at             timestamptz,
        listed_participants       jsonb,
        participants_listed_at    timestamptz,
        updated_at                timestamptz,
        PRIMARY KEY (instance_id, id)
      )`);
    await queryRunner.query('CREATE INDEX groups_community ON groups (instance_id, community_id) WHERE community_id IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE group_participants (
        instance_id     text        NOT NULL,
        group_id        text        NOT NULL,
        participant_id  text        NOT NULL,
        participant_lid text,
        phone           text,
        is_member       boolean,
        is_admin        boolean,
        membership_at   timestamptz,
        is_super_admin  boolean,
        display_name    text,
        listed_at       timestamptz,
        updated_at      timestamptz,
        PRIMARY KEY (instance_id, group_id, participant_id)
      )`);
    // "Which groups is this person in" and the LID merge, which works across all groups of an instance.
    await queryRunner.query('CREATE INDEX group_participants_person ON group_participants (instance_id, participant_id)');
    await queryRunner.query('CREATE INDEX group_participants_lid ON group_participants (instance_id, participant_lid) WHERE participant_lid IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE group_snapshots (
        instance_id text        PRIMARY KEY,
        group_ids   jsonb,
        taken_at    timestamptz
      )`);

    // What is current, without the bookkeeping columns. A participant of a group this instance is
    // no longer in is not current either: nothing reports changes in that group any more.
    await queryRunner.query(`
      CREATE VIEW current_groups AS
      SELECT instance_id, id, name, description, owner_id, created_at, is_announce, is_locked, is_ephemeral,
             ephemeral_expiration, is_community, community_id, is_announcement_group, is_join_approval_required,
             member_add_mode, is_suspended, membership_at, updated_at
      FROM groups
      WHERE is_member`);
    await queryRunner.query(`
      CREATE VIEW current_group_participants AS
      SELECT p.instance_id, p.group_id, p.participant_id, p.participant_lid, p.phone, p.display_name,
             p.is_admin, p.is_super_admin, p.updated_at
      FROM group_participants AS p
      JOIN groups AS g ON g.instance_id = p.instance_id AND g.id = p.group_id
      WHERE p.is_member AND g.is_member`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW current_group_participants');
    await queryRunner.query('DROP VIEW current_groups');
    await queryRunner.query('DROP TABLE group_snapshots');
    await queryRunner.query('DROP TABLE group_participants');
    await queryRunner.query('DROP TABLE groups');
  }
}
