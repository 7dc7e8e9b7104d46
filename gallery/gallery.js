// The gallery's light/dark switch: one page-wide setting through <ml-settings>. Kept in a
// file (not inline) so the page works under a strict Content-Security-Policy.
const settings = document.getElementById('settings');
const button = document.getElementById('theme-switch');
const systemDark = matchMedia('(prefers-color-scheme: dark)');

function apply(theme) {
  settings.setAttribute('theme', theme);
  document.documentElement.dataset.theme = theme;
  const dark = theme === 'dark' || (theme === 'auto' && systemDark.matches);
  button.setAttribute('aria-pressed', String(dark));
  button.textContent = dark ? 'Light mode' : 'Dark mode';
}

const requested = new URLSearchParams(location.search).get('theme');
apply(requested === 'dark' || requested === 'light' ? requested : 'auto');
button.addEventListener('click', () => apply(button.getAttribute('aria-pressed') === 'true' ? 'light' : 'dark'));

// Each lab's instructor's card, rendered the first time its <details> is opened: the lab loads
// the card on demand, so a reader who never opens it never downloads it. Built with DOM calls
// and textContent only: the card is data, never markup.
function element(name, text) {
  const made = document.createElement(name);
  if (text !== undefined) made.textContent = text;
  return made;
}

function list(name, items) {
  const made = element(name);
  made.append(...items.map((item) => element('li', item)));
  return made;
}

function tagBlock(tag) {
  const pre = element('pre');
  pre.append(element('code', tag));
  return pre;
}

function renderCard(card) {
  const body = element('div');
  const steps = element('dl');
  for (const [term, text] of [['Predict', card.assignment.predict], ['Explore', card.assignment.explore], ['Submit', card.assignment.submit]]) {
    steps.append(element('dt', term), element('dd', text));
  }
  body.append(
    element('h3', 'Learning goals'),
    list('ul', card.goals),
    element('h3', 'Suggested assignment'),
    steps,
    element('p', 'The tag to hand out:'),
    tagBlock(card.assignment.tag),
    element('h3', 'Discussion prompts'),
    list('ol', card.prompts),
    element('h3', 'Common misconceptions'),
  );
  for (const { belief, truth, tag } of card.misconceptions) {
    const paragraph = element('p');
    paragraph.append(element('strong', `“${belief}”`), ` ${truth}`);
    body.append(paragraph, tagBlock(tag));
  }
  return body;
}

async function showCard(details) {
  try {
    await customElements.whenDefined(details.dataset.lab);
    details.append(renderCard(await customElements.get(details.dataset.lab).instructorCard()));
  } catch (error) {
    details.append(element('p', `The card could not be loaded (${error.message}).`));
  }
}

for (const details of document.querySelectorAll('details[data-lab]')) {
  details.addEventListener('toggle', () => showCard(details), { once: true });
}
