// Articles for the dedup stage's tests: a wire story, its near copy a day later, another outlet's report carrying
// one of its paragraphs, and an unrelated story. Words drawn from a topic's list, so that the stories cluster.
import type { Article } from '../src/model.js';
import { seededRandom } from './helpers.js';

const FLOOD =
  'Velmora flood river Korlan rescue villages water rain dam evacuated minister Teskar province army boats levee ' +
  'crest shelters farmland bridge';
const MARKET =
  'Ostrand bank shares market rates inflation Halvik central investors bond yields quarter profit exports currency ' +
  'trading index slump';

/** A paragraph of three twelve-word sentences drawn from a topic's words (deterministic for a seed). */
function paragraphs(topic: string, seed: number, count: number): string[] {
  const words = topic.split(' ');
  const random = seededRandom(seed);
  const sentence = () => {
    const ws = Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)] as string);
    return `${ws.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  return Array.from({ length: count }, () => `${sentence()} ${sentence()} ${sentence()}`);
}

function article(id: string, published: string, paras: string[]): Article {
  return {
    id,
    source: `/test/${id}.txt`,
    title: paras[0]?.slice(0, 40),
    published: { value: published, precision: 'day', from: 'sidecar' },
    language: 'en',
    paragraphs: paras,
    text: paras.join('\n\n'),
    removed: [],
  };
}

export const original = article('a-orig', '2015-09-27', paragraphs(FLOOD, 1, 10));
/** The wire story as another outlet runs it a day later: the last paragraph dropped, a credit line added. */
export const copy = article('c-copy', '2015-09-28', [
  ...original.paragraphs.slice(0, -1),
  'Copyright the agency. All rights reserved.',
]);
/** Another outlet's own report that carries one paragraph of the wire story. */
export const sharer = article('b-shares', '2015-09-29', [
  ...paragraphs(FLOOD, 2, 4),
  original.paragraphs[3] as string,
  ...paragraphs(FLOOD, 3, 4),
]);
export const unrelated = article('x-market', '2015-09-27', paragraphs(MARKET, 4, 10));
