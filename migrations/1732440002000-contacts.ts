import { MigrationInterface, QueryRunner } from 'typeorm';

export class Contacts1732440002000 implements MigrationInterface {
  name = 'Contacts1732440002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contacts (
        instance_id           text NOT NULL,
        id                    text NOT NULL,
        lid                   text,
        phone                 text,
        full_name             text,
        in_phone_address_book boolean,
        address_book_at       timestamptz,
        first_name            text,
        business_name         text,
        profile_at            timestamptz,
        push_name             text,
        push_name_at          timestamptz,
        about                 text,
        about_at              timestamptz,
        updated_at            timestamptz,
        PRIMARY KEY (instance_id, id)
      )`);
    await queryRunner.query('CREATE INDEX contacts_lid ON contacts (instance_id, lid) WHERE lid IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE contacts');
  }
}
