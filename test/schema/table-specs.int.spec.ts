import { Client } from 'pg';
import { runMigrations } from '../../src/database/run-migrations';
import { Projection } from '../../src/projections/engine/projection';
import { CHATS_TABLE } from '../../src/projections/chats/chats.table';
import { CONTACTS_TABLE } from '../../src/projections/contacts/contacts.table';
import { GROUP_PARTICIPANTS_TABLE } from '../../src/projections/groups/group-participants.table';
import { GROUP_SNAPSHOTS_TABLE } from '../../src/projections/groups/group-snapshots.table';
import { GROUPS_TABLE } from '../../src/projections/groups/groups.table';
import { MESSAGES_TABLE } from '../../src/projections/messages/messages.table';
import { PROJECTION_CLASSES } from '../../src/projections/registry';
import { TableSpec } from '../../src/projections/upsert/table-spec';
import { testConfig, TEST_DATABASE_URL } from '../support/test-config';
import { MigratedColumn, readMigratedTable, tableSpecMismatches } from './table-spec-mismatches';

/** Every TableSpec the projections upsert through. */
const TABLE_SPECS: readonly TableSpec[] = [CONTACTS_TABLE, CHATS_TABLE, MESSAGES_TABLE, GROUPS_TABLE, GROUP_PARTICIPANTS_TABLE, GROUP_SNAPSHOTS_TABLE];

/** Projection tables written by hand-written SQL rather than through a TableSpec. */
const TABLES_WITHOUT_SPEC = ['messages_lid_map', 'instances', 'instance_history_chunks', 'instance_backfill_outcomes', 'history_pages'];

/**
 * The TableSpecs (from which the upserts are generated) and the migrations (which create the
 * tables) describe the same columns twice: this compares them, column by column, so neither can
 * change without the other.
 */
describe('TableSpecs against the migrated schema', () => {
  let client: Client;

  beforeAll(async () => {
    // The suite's global setup left an empty database: migrate it as the service does on start.
    await runMigrations(TEST_DATABASE_URL, () => undefined);
    client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
  });

  afterAll(() => client?.end());

  it.each(TABLE_SPECS.map((spec) => [spec.table, spec] as const))('%s: every column has the name, type, nullability and key the migrations gave it', async (_table, spec) => {
    expect(tableSpecMismatches(spec, await readMigratedTable(client, spec.table))).toEqual([]);
  });

  it('covers every table a projection owns: each has a TableSpec here or is written by hand-written SQL', () => {
    const config = testConfig();
    const owned = PROJECTION_CLASSES.flatMap((Class) => (new (Class as new (...args: unknown[]) => Projection)(config)).tables);
    const covered = [...TABLE_SPECS.map((spec) => spec.table), ...TABLES_WITHOUT_SPEC];
    expect(owned.filter((table) => !covered.includes(table))).toEqual([]);
    expect(covered.filter((table) => !owned.includes(table))).toEqual([]);
  });

  describe('the comparison itself', () => {
    // The migrated `group_snapshots`, read from the database, against deliberately wrong specs.
    let migrated: MigratedColumn[];
    beforeAll(async () => {
      migrated = await readMigratedTable(client, 'group_snapshots');
    });
    const withColumns = (columns: TableSpec['columns']): TableSpec => ({ table: 'group_snapshots', columns });
    const [instanceId, groupIds, takenAt] = GROUP_SNAPSHOTS_TABLE.columns;

    it('names the table, the column and both sides of a wrong type', () => {
      expect(tableSpecMismatches(withColumns([instanceId, { ...groupIds, type: 'text' }, takenAt]), migrated)).toEqual([
        'group_snapshots.group_ids: type is text in the TableSpec, jsonb in the table',
      ]);
    });

    it('reports a wrong nullability and a wrong key', () => {
      expect(tableSpecMismatches(withColumns([instanceId, groupIds, { ...takenAt, notNull: true }]), migrated)).toEqual([
        'group_snapshots.taken_at: NOT NULL in the TableSpec, nullable in the table',
      ]);
      expect(tableSpecMismatches(withColumns([instanceId, { ...groupIds, merge: { kind: 'key' } }, takenAt]), migrated)).toEqual([
        'group_snapshots.group_ids: NOT NULL in the TableSpec, nullable in the table',
        'group_snapshots: primary key is (group_ids, instance_id) in the TableSpec, (instance_id) in the table',
      ]);
    });

    it('reports a column only one side has', () => {
      expect(tableSpecMismatches(withColumns([instanceId, groupIds, takenAt, { name: 'extra', type: 'text', merge: { kind: 'keepFirst' } }]), migrated)).toEqual([
        'group_snapshots.extra: in the TableSpec, not in the table',
      ]);
      expect(tableSpecMismatches(withColumns([instanceId, groupIds]), migrated)).toEqual(['group_snapshots.taken_at: in the table, not in the TableSpec']);
    });

    it('reports a table the migrations never created', async () => {
      expect(tableSpecMismatches({ table: 'no_such_table', columns: [instanceId] }, await readMigratedTable(client, 'no_such_table'))).toEqual([
        'no_such_table: no such table in the migrated database',
      ]);
    });
  });
});
