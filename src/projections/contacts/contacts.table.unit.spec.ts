import { foldPatches } from '../upsert/merge-patches';
import { CONTACTS_TABLE } from './contacts.table';

describe('contacts merge rules', () => {
  // The corpus' GET /contacts body names 1234567890@s.whatsapp.net with LID 222424242@lid, its
  // events with 12345678901234@lid: a rebuild consumes the topics in another order than the live
  // run did, so the kept LID must not depend on which came first.
  it('keep the smaller of two LIDs of one person, in either arrival order', () => {
    const person = (lid: string, at: string) => ({ instance_id: 'i', id: '1234567890@s.whatsapp.net', lid, phone: '1234567890', updated_at: at });
    const snapshot = person('222424242@lid', '2025-05-19T00:51:54.000Z');
    const event = person('12345678901234@lid', '2025-05-19T00:51:44.816Z');
    expect(foldPatches(CONTACTS_TABLE, [snapshot, event])).toEqual(foldPatches(CONTACTS_TABLE, [event, snapshot]));
    expect(foldPatches(CONTACTS_TABLE, [snapshot, event])[0]).toMatchObject({ lid: '12345678901234@lid', updated_at: '2025-05-19T00:51:54.000Z' });
  });
});
