// The mailbox page: select all, keyboard navigation of the list, and new mail pushed by the server (server-sent
// events from /mail/{connection}/events), which refreshes the list in place when the reader is on the first page.

import { localizeTimes } from '../time.js';

const rows = (table) => [...table.querySelectorAll('tbody tr')];

export function nextIndex(current, count, step) {
  if (count === 0) {
    return -1;
  }
  if (current < 0) {
    return step > 0 ? 0 : count - 1;
  }
  return Math.min(count - 1, Math.max(0, current + step));
}

function focusRow(table, index) {
  const all = rows(table);
  all.forEach((row, i) => row.classList.toggle('focused', i === index));
  if (index >= 0) {
    all[index].scrollIntoView({ block: 'nearest' });
  }
}

function focusedIndex(table) {
  return rows(table).findIndex((row) => row.classList.contains('focused'));
}

function installSelectAll(page) {
  const all = page.querySelector('#select-all');
  if (!all) {
    return;
  }
  all.addEventListener('change', () => {
    for (const box of page.querySelectorAll('#message-actions tbody input[type=checkbox]')) {
      box.checked = all.checked;
    }
  });
}

function installNavigation(page) {
  const table = page.querySelector('#messages, #conversations');
  if (!table) {
    return;
  }
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const count = rows(table).length;
    const current = focusedIndex(table);
    if (event.key === 'j' || event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(table, nextIndex(current, count, 1));
    } else if (event.key === 'k' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(table, nextIndex(current, count, -1));
    } else if ((event.key === 'o' || event.key === 'Enter') && current >= 0) {
      event.preventDefault();
      rows(table)[current].querySelector('td.subject a')?.click();
    } else if (event.key === 'x' && current >= 0) {
      event.preventDefault();
      const box = rows(table)[current].querySelector('input[type=checkbox]');
      if (box) {
        box.checked = !box.checked;
      }
    } else if ((event.key === '#' || event.key === 'Delete') && page.querySelector('#message-actions tbody input:checked')) {
      event.preventDefault();
      page.querySelector('#message-actions button[value=delete]')?.click();
    }
  });
}

// Loads the page again and puts its list, folders and pager in place; answers the total the fresh page shows, or null.
async function refreshList(page) {
  const response = await fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
  if (!response.ok) {
    return null;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const selector of ['#messages tbody', '#conversations tbody', '.mail-sidebar .folders', '.pager']) {
    const now = page.querySelector(selector);
    const next = fresh.querySelector(selector);
    if (now && next) {
      now.replaceWith(document.importNode(next, true));
    }
  }
  localizeTimes(page);
  const total = Number(fresh.querySelector('#mailbox')?.dataset.total);
  return Number.isNaN(total) ? null : total;
}

// How long to wait before watching again after the watch broke off: 3 s at first, then twice as long each time it
// breaks off again before telling anything, up to 5 minutes, so that a mail server that is down is not asked every
// few seconds by every open page.
export const FIRST_RETRY_MS = 3000;
export const LONGEST_RETRY_MS = 300000;

export function nextRetry(previous) {
  return previous <= 0 ? FIRST_RETRY_MS : Math.min(previous * 2, LONGEST_RETRY_MS);
}

function installPush(page) {
  const { connection, folder, total } = page.dataset;
  if (!connection || !('EventSource' in window)) {
    return;
  }
  let known = Number(total);
  const params = new URLSearchParams({ folder });
  const url = `${page.dataset.base ?? ''}/mail/${encodeURIComponent(connection)}/events?${params}`;
  let events = null;
  let retry = 0;
  const watch = () => {
    events = new EventSource(url);
    // The browser's own reconnection retries every few seconds for ever; this one waits longer each time.
    events.addEventListener('error', () => {
      events.close();
      retry = nextRetry(retry);
      setTimeout(watch, retry);
    });
    events.addEventListener('mailbox', (event) => {
      retry = 0;
      onCounts(event);
    });
  };
  const onCounts = async (event) => {
    const counts = JSON.parse(event.data);
    page.dataset.unread = String(counts.unread);
    if (counts.total === known) {
      return;
    }
    known = counts.total;
    const busy = page.querySelector('#message-actions tbody input:checked');
    const firstPage = page.dataset.page === '0';
    const shown = firstPage && !busy ? await refreshList(page) : null;
    if (shown !== null) {
      // What the list now shows, which the next event is compared with.
      known = shown;
      page.dataset.refreshed = String(Number(page.dataset.refreshed ?? 0) + 1);
      return;
    }
    page.querySelector('#new-mail')?.removeAttribute('hidden');
  };
  watch();
  window.addEventListener('pagehide', () => events?.close());
}

export function enhanceMailbox(page) {
  installSelectAll(page);
  installNavigation(page);
  installPush(page);
}
