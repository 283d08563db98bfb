// Entry point of static/js/console.js, loaded by the console page only (it carries xterm.js, which no other page needs).
import { startConsole } from './terminal.js';

function start() {
  const page = document.getElementById('console');
  if (page) {
    startConsole(page);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
