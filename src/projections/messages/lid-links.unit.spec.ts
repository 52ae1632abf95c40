import { eventLinks, LidPhoneLink, senderLinks } from './lid-links';
import { INSTANCE, sourceEvent } from './test-events.spec';

const PHONE = '15550100201@s.whatsapp.net';
const LID = '88000000201@lid';
const AT = '2026-03-01T10:15:30.123Z';
const link = (lid = LID, phone = PHONE, at = AT) => new LidPhoneLink(INSTANCE, lid, phone, at);

describe('LID↔phone links', () => {
  it('reads them from contacts, push names, statuses, pictures, groups and the snapshots', () => {
    const identity = { id: PHONE, lid: LID, phone: '15550100201' };
    expect(eventLinks(sourceEvent('contact', { contact: identity, fullName: 'Grace', inPhoneAddressBook: true }))).toEqual([link()]);
    expect(eventLinks(sourceEvent('contact', { id: PHONE, lid: LID, fullName: 'Grace' }))).toEqual([link()]); // older SDKs: flat
    expect(eventLinks(sourceEvent('chat_push_name', { user: identity, pushName: 'Grace' }))).toEqual([link()]);
    expect(eventLinks(sourceEvent('chat_status', { user: identity, status: 'At sea' }))).toEqual([link()]);
    expect(eventLinks(sourceEvent('chat_picture', { id: PHONE, sender: identity, pictureId: 'p1' }))).toEqual([link()]);
    expect(eventLinks(sourceEvent('group', { id: 'g@g.us', join: [identity, { id: '15550100202@s.whatsapp.net', lid: '88000000202@lid' }], leave: [identity] }))).toEqual([
      link(),
      link('88000000202@lid', '15550100202@s.whatsapp.net'),
    ]);
    expect(eventLinks(sourceEvent('contacts_snapshot', { items: [identity, { id: '15550100202@s.whatsapp.net' }] }))).toEqual([link()]);
    expect(eventLinks(sourceEvent('chats_snapshot', { items: [{ id: PHONE, lid: LID, isGroup: false }] }))).toEqual([link()]);
    expect(eventLinks(sourceEvent('groups_snapshot', { items: [{ groupId: 'g@g.us', owner: identity, participants: [{ ...identity, isAdmin: true }] }] }))).toEqual([link()]);
  });

  it('passes over anything that is not a phone JID with a LID, without throwing', () => {
    const odd = [
      sourceEvent('contact', { contact: 42 }),
      sourceEvent('contact', { contact: { id: LID } }), // LID only: nothing to link
      sourceEvent('contact', { contact: { id: `15550100201:12@s.whatsapp.net`, lid: LID } }), // a device, not a chat
      sourceEvent('contact', { contact: { id: PHONE, lid: 7 } }),
      sourceEvent('chat_push_name', { user: 'Grace' }),
      sourceEvent('group', { id: 'g@g.us', join: 'everyone', leave: [null, 3] }),
      sourceEvent('contacts_snapshot', { items: 'none' }),
      sourceEvent('groups_snapshot', { items: [null, { participants: {} }, 'junk'] }),
      sourceEvent('chat_presence', { id: PHONE, sender: { id: PHONE, lid: LID } }), // not a topic the messages projection reads
    ];
    for (const event of odd) expect(eventLinks(event)).toEqual([]);
  });

  it('takes one link per sender from message rows, the earliest received', () => {
    const row = (senderId: string, senderLid: string | null, at: string) => ({ instance_id: INSTANCE, chat_id: PHONE, id: 'M', sender_id: senderId, sender_lid: senderLid, first_seen_at: at });
    expect(senderLinks([row(PHONE, LID, '2026-03-01T10:00:02.000Z'), row(PHONE, LID, '2026-03-01T10:00:01.000Z'), row(LID, LID, AT), { instance_id: INSTANCE, chat_id: PHONE, id: 'R', reactions: {} }])).toEqual([
      link(LID, PHONE, '2026-03-01T10:00:01.000Z'),
    ]);
  });
});
