/** Words the simulated accounts are made of: names, group subjects, message texts. */

export const FIRST_NAMES = [
  'Grace', 'Alan', 'Ada', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Radia', 'Tim', 'Hedy', 'Edsger',
  'Frances', 'John', 'Katherine', 'Guido', 'Sophie', 'Yukihiro', 'Anita', 'Bjarne', 'Priya', 'Mateo', 'Amara',
  'Lucas', 'Chloé', 'Jonas', 'Fatima', 'Wei', 'Aarav', 'Beatriz', 'Diego', 'Elif', 'Noah', 'Ingrid', 'Kwame',
] as const;

export const LAST_NAMES = [
  'Hopper', 'Turing', 'Lovelace', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Perlman', 'Berners-Lee',
  'Lamarr', 'Dijkstra', 'Allen', 'McCarthy', 'Johnson', 'van Rossum', 'Wilson', 'Matsumoto', 'Borg', 'Stroustrup',
  'Sharma', 'García', 'Okafor', 'Silva', 'Martin', 'Schmidt', 'Haddad', 'Zhang', 'Patel', 'Costa', 'Yılmaz',
] as const;

export const BUSINESS_NAMES = ['Bletchley Consulting', 'Harbour Bakery', 'Northwind Traders', 'Kite Studio', 'Lumen Dental', 'Orbit Bikes'] as const;

export const GROUP_SUBJECTS = [
  'Family', 'Compiler Club', 'Book club', 'Flat 4B', 'Climbing crew', 'Project Atlas', 'Parents class 3',
  'Sunday football', 'Trip to Lisbon', 'Design review', 'Neighbours', 'On-call', 'Choir', 'Startup founders',
] as const;

export const GROUP_TOPICS = ['Weekly catch-up', 'Be kind, no spam', 'Pinned: schedule in the description', 'Fixtures and scores', ''] as const;

export const STATUS_TEXTS = ['Hey there! I am using WhatsApp.', 'Available', 'At the gym', 'Busy', 'Urgent calls only', '🌍✈️'] as const;

export const TEXTS = [
  'Are we still on for Friday?', 'Yes, 6pm', 'On my way', 'Running 10 minutes late, sorry!', 'Can you send me the file?',
  'Thanks!', 'Happy birthday 🎉', 'Did you see the game last night?', 'Call me when you can', 'Sounds good 👍',
  'What time does it start?', 'I will bring snacks', 'Here is the address', 'Let me check and get back to you',
  'Good morning ☀️', 'Can we move it to Tuesday?', 'Just landed', 'The meeting notes are in the shared folder',
  'lol', 'ok', 'See you tomorrow', 'Where are you?', 'Great news!', 'Don\'t forget the tickets', 'Miss you all ❤️',
] as const;

export const LINKS = [
  { matchedText: 'https://example.com/menu', title: 'Menu — Harbour Bakery', description: 'Fresh bread every morning' },
  { matchedText: 'https://example.org/tickets/4711', title: 'Your tickets', description: 'Row 12, seats 4–5' },
] as const;

export const EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

export const CAPTIONS = ['whiteboard', 'look at this', 'receipt', '', 'view from the office', 'new haircut'] as const;
