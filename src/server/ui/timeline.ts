// Story timeline: fold and unfold a day's entries, and show one month at a time.
// Progressive: without this script every day is shown unfolded.

function setupDayToggles(root: HTMLElement): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button.day-toggle')) {
    button.addEventListener('click', () => {
      const expanded = button.getAttribute('aria-expanded') === 'true';
      button.setAttribute('aria-expanded', String(!expanded));
      const target = document.getElementById(button.getAttribute('aria-controls') ?? '');
      if (target) target.hidden = expanded;
    });
  }
}

function setupMonthFilter(root: HTMLElement): void {
  const filter = root.querySelector<HTMLElement>('.timeline-filter');
  if (!filter) return;
  filter.hidden = false;
  const days = [...root.querySelectorAll<HTMLElement>('li.day')];
  const buttons = [...filter.querySelectorAll<HTMLButtonElement>('button[data-month]')];
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const month = button.dataset.month ?? '';
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
      for (const day of days) day.hidden = month !== '' && !(day.dataset.date ?? '').startsWith(month);
      // A long timeline is folded by month: the other months' groups go with their days.
      for (const group of root.querySelectorAll<HTMLElement>('details.month'))
        group.hidden = month !== '' && group.dataset.month !== month;
    });
  }
}

function init(): void {
  const root = document.querySelector<HTMLElement>('section.timeline');
  if (!root) return;
  setupDayToggles(root);
  setupMonthFilter(root);
  root.classList.add('interactive');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
