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
