// "New since your last visit": the front page marks the stories changed since the reader was last here, a story's
// page the sources that joined it since. The visits are kept in this browser only (localStorage), never sent.

const PREVIOUS = 'storyline.visit.previous';
const CURRENT = 'storyline.visit.current';
/**
 * A page load this long after the last one starts a new visit: reloads and going back and forth within one sitting
 * keep the same marks instead of clearing them at the first reload.
 */
const VISIT_GAP_MS = 30 * 60 * 1000;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage refused (private mode, blocked): no marks, the page still works
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // as above
  }
}

/** The instant the marks count from (the previous visit's last page load), after recording this load. */
function lastVisit(now: Date): string | null {
  const current = read(CURRENT);
  let previous = read(PREVIOUS);
  if (current === null || now.getTime() - Date.parse(current) > VISIT_GAP_MS) {
    previous = current;
    if (current !== null) write(PREVIOUS, current);
  }
  write(CURRENT, now.toISOString());
  return previous;
}

function init(): void {
  const since = lastVisit(new Date());
  if (since === null) return; // a first visit: everything is new, so nothing is marked
  // Story cards (changed since) and a story's sources (joined since): ISO instants compare as strings.
  for (const item of document.querySelectorAll<HTMLElement>('li.card[data-updated], li[id^="src-"][data-updated]')) {
    if ((item.dataset.updated ?? '') <= since) continue;
    item.classList.add('new');
    const mark = document.createElement('span');
    mark.className = 'new-mark';
    mark.textContent = 'new since your last visit';
    (item.querySelector('h2') ?? item.querySelector('.source-line') ?? item).append(' ', mark);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
