// People, speakers and entity types on short articles written for these tests: every name, place and event in
// them is invented.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArticle } from '../src/analyze/analyze.js';
import { mergeStoryEntities } from '../src/analyze/entities.js';
import type { Analysis, Entity, Quote } from '../src/model.js';

function analyse(id: string, ...paragraphs: string[]): Analysis {
  return analyzeArticle({ id, source: id, language: 'en', paragraphs, text: paragraphs.join('\n\n'), removed: [] });
}

const entityOf = (a: Analysis, surface: string): Entity | undefined => {
  const m = a.mentions.find((x) => x.text === surface);
  return m && a.entities.find((e) => e.key === m.entity);
};
const quoteOf = (a: Analysis, start: string): Quote | undefined =>
  a.quotes.find((q) => q.kind === 'direct' && q.text.startsWith(start));
const speakerName = (a: Analysis, start: string): string | undefined => quoteOf(a, start)?.speakerName;
const NOT_A_SPEAKER = /^(?:it|they|he|she|we|i|(?:the )?statement)$/i;

test('a married couple of one surname: Mr./Mrs. forms and pronouns go to the right one', () => {
  const a = analyse(
    'couple',
    'HARLOW FALLS (fictional) — Former Senator Donald Kessel and his wife, Melania Kessel, opened the new library on Monday.',
    '“Books built this town,” Mr. Kessel said.',
    'Mrs. Kessel, who led the fundraising, thanked the donors. “Every child deserves a library,” she said.',
    'The couple toured the reading room. “I spent my childhood here,” he said.',
  );
  const persons = a.entities.filter((e) => e.type === 'PERSON').map((e) => e.name);
  assert.deepEqual(persons.sort(), ['Donald Kessel', 'Melania Kessel']);
  assert.equal(entityOf(a, 'Mr. Kessel')?.name, 'Donald Kessel');
  assert.equal(entityOf(a, 'Mrs. Kessel')?.name, 'Melania Kessel');
  assert.equal(speakerName(a, 'Books built'), 'Donald Kessel');
  assert.equal(quoteOf(a, 'Books built')?.speaker, 'PERSON:donald kessel');
  assert.equal(speakerName(a, 'Every child'), 'Melania Kessel');
  assert.equal(speakerName(a, 'I spent'), 'Donald Kessel');
});

test('a parent and child of one surname: "Ms." goes to the mother, "he" to the son', () => {
  const a = analyse(
    'family',
    'Mary Olsen, a retired teacher, and her son, John Olsen, sailed across Brindle Bay (a fictional crossing) on Sunday.',
    '“We trained for two years,” Ms. Olsen said.',
    '“My mother did the hard part,” John Olsen said. “I only steered,” he added.',
  );
  assert.equal(entityOf(a, 'Ms. Olsen')?.name, 'Mary Olsen');
  assert.equal(speakerName(a, 'We trained'), 'Mary Olsen');
  assert.equal(speakerName(a, 'My mother'), 'John Olsen');
  assert.equal(speakerName(a, 'I only steered'), 'John Olsen');
});

test('an organisation speaks through its spokesperson; "it", "they" and "the statement" are no speakers', () => {
  const a = analyse(
    'canal',
    'The Canal Authority of Brindle, a fictional port, closed its locks for repairs.',
    '“The closure is temporary,” a spokeswoman for the Canal Authority said.',
    '“We regret the delay,” said Ona Brill, a spokeswoman for the Harbour Board.',
    '“Traffic will resume in May,” the statement said.',
    '“It works again,” it said. “They will reopen,” they said.',
  );
  // The spokeswoman as described, not the authority (and not linked to the authority's entity).
  assert.equal(speakerName(a, 'The closure'), 'spokeswoman for the Canal Authority');
  assert.equal(quoteOf(a, 'The closure')?.speaker, undefined);
  assert.equal(quoteOf(a, 'The closure')?.speakerMention?.text, 'a spokeswoman for the Canal Authority');
  assert.equal(speakerName(a, 'We regret'), 'Ona Brill');
  // Kept, with no speaker.
  for (const start of ['Traffic will', 'It works', 'They will']) {
    const q = quoteOf(a, start);
    assert.ok(q, `quote "${start}" kept`);
    assert.equal(q.speakerName, undefined, start);
    assert.equal(q.speaker, undefined, start);
  }
  for (const q of a.quotes) assert.ok(!NOT_A_SPEAKER.test(q.speakerName ?? ''), `speaker "${q.speakerName}"`);
});

test('a story keeps two people of one surname apart, and a titled surname joins the one of its gender', () => {
  const a = analyse(
    's1',
    'Former Vice President Al Brandt visited Harlow Falls, a fictional town. Brandt said it was home.',
  );
  const b = analyse('s2', 'Tipper Brandt opened a clinic in Harlow Falls. Brandt praised its nurses.');
  const c = analyse('s3', 'Mrs. Brandt returned to the clinic on Friday. Mr. Brandt stayed in the capital.');
  const merged = mergeStoryEntities([a, b, c]);
  const persons = merged.entities.filter((e) => e.type === 'PERSON');
  const al = persons.find((e) => e.name === 'Al Brandt');
  const tipper = persons.find((e) => e.name === 'Tipper Brandt');
  assert.ok(al && tipper, persons.map((e) => e.name).join(', '));
  assert.ok(!al.aliases.includes('Tipper Brandt') && !tipper.aliases.includes('Al Brandt'));
  assert.ok(!al.aliases.includes('Mrs. Brandt'), `Al Brandt's aliases: ${al.aliases.join(', ')}`);
  assert.ok(!tipper.aliases.includes('Mr. Brandt'), `Tipper Brandt's aliases: ${tipper.aliases.join(', ')}`);
  assert.ok(al.aliases.includes('Mr. Brandt'));
});

test('role words and titles before names are not the name; "and" splits two people', () => {
  const a = analyse(
    'roles',
    'Singer Lana Morrow and Briton Colin Pratt met in Harlow Falls, a fictional town.',
    'End Quote Ed Harmon spoke next.',
    'Treasury Secretary Timothy R. Vale and Federal Reserve Chairman Ben S. Carver signed the fictional accord.',
  );
  const names = a.entities.map((e) => `${e.type}:${e.name}`);
  for (const want of [
    'PERSON:Lana Morrow',
    'PERSON:Colin Pratt',
    'PERSON:Ed Harmon',
    'PERSON:Timothy R. Vale',
    'PERSON:Ben S. Carver',
    'ORG:Federal Reserve',
  ])
    assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
  for (const bad of ['Singer', 'Briton', 'End Quote', ' and '])
    assert.ok(!a.entities.some((e) => e.type === 'PERSON' && e.name.includes(bad)), `${bad} in a name`);
});

test('products, drugs and vessels are not persons; demonyms and adjectives are not organisations', () => {
  const a = analyse(
    'things',
    'Doctors in Harlow Falls (a fictional town) gave patients the drug Zelvaxin. Zelvaxin said to ease the fever, the leaflet claims.',
    'Rescuers aboard the Northern Gale reached the tanker Sea Ranger at dawn. The Northern Gale returned to port.',
    'Islamic charities and European donors paid for the repairs. French engineers arrived on Tuesday.',
  );
  for (const thing of ['Zelvaxin', 'Northern Gale', 'Sea Ranger'])
    assert.ok(
      !a.entities.some((e) => e.type === 'PERSON' && e.name === thing),
      `${thing} typed PERSON: ${a.entities.map((e) => `${e.type}:${e.name}`).join(', ')}`,
    );
  for (const adjective of ['Islamic', 'European', 'French'])
    assert.ok(!a.entities.some((e) => e.name === adjective), `${adjective} is an entity`);
});

test('a person is never geocoded, and aliases do not cross gender or given names', () => {
  const a = analyse('p1', 'Paul Jackson, a fictional singer, sang in Harlow Falls. Jackson danced until midnight.');
  const b = analyse('p2', 'Jackson waved to the crowd. Ms Jackson, his cousin, sold tickets. Prince Paul clapped.');
  for (const r of [a, b])
    for (const e of r.entities) if (e.type !== 'PLACE') assert.equal(e.geo, undefined, `${e.name} has coordinates`);
  const merged = mergeStoryEntities([a, b]);
  const paul = merged.entities.find((e) => e.name === 'Paul Jackson');
  assert.ok(paul);
  assert.equal(paul.type, 'PERSON');
  assert.equal(paul.geo, undefined);
  assert.ok(!paul.aliases.includes('Ms Jackson'), paul.aliases.join(', '));
  assert.ok(!paul.aliases.includes('Prince Paul'), paul.aliases.join(', '));
  for (const e of merged.entities) if (e.type !== 'PLACE') assert.equal(e.geo, undefined, `${e.name} has coordinates`);
});
