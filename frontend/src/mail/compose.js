// The compose page: saves the draft while the user types (debounced, to /compose/autosave), and completes addresses
// from the ones the user has written to before.

export function debounce(action, wait) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), wait);
  };
  debounced.flush = (...args) => {
    clearTimeout(timer);
    action(...args);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** The part of an address field being typed: what follows the last comma or semicolon. */
export function currentTerm(value) {
  const parts = value.split(/[,;]/);
  return parts[parts.length - 1].trim();
}

/** The field's value with its last term replaced by the chosen address, ready for the next one. */
export function completeTerm(value, chosen) {
  const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf(';'));
  const head = cut < 0 ? '' : `${value.slice(0, cut + 1)} `;
  return `${head}${chosen}, `;
}

function csrf(form) {
  return form.querySelector('input[name="_csrf"]')?.value ?? '';
}

function installAutosave(page, form) {
  const status = page.querySelector('#autosave-status');
  const savedText = page.querySelector('#autosaved-text')?.content.textContent.trim() ?? '';
  const connection = page.dataset.connection;
  let lastSent = '';
  const save = async () => {
    const fields = new URLSearchParams();
    for (const name of ['compose', 'draftId', 'inReplyTo', 'references', 'to', 'cc', 'bcc', 'subject', 'body']) {
      fields.set(name, form.elements.namedItem(name)?.value ?? '');
    }
    const snapshot = fields.toString();
    if (snapshot === lastSent) {
      return;
    }
    lastSent = snapshot;
    const response = await fetch(`/mail/${encodeURIComponent(connection)}/compose/autosave`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-TOKEN': csrf(form) },
      body: snapshot,
    });
    if (response.ok) {
      const { draftId } = await response.json();
      form.elements.namedItem('draftId').value = draftId;
      if (status) {
        status.textContent = savedText;
      }
    } else {
      lastSent = '';
    }
  };
  const later = debounce(() => save().catch(() => { lastSent = ''; }), 3000);
  form.addEventListener('input', later);
  // The form carries the draft from here on: a save still pending would make a second copy of it.
  form.addEventListener('submit', () => later.cancel());
}

function installCompletion(page, form) {
  const list = page.querySelector('#address-suggestions');
  const connection = page.dataset.connection;
  if (!list) {
    return;
  }
  const lookup = debounce(async (field) => {
    const term = currentTerm(field.value);
    if (term.length < 2) {
      return;
    }
    const response = await fetch(`/mail/${encodeURIComponent(connection)}/compose/addresses?q=${encodeURIComponent(term)}`,
      { credentials: 'same-origin' });
    if (!response.ok) {
      return;
    }
    const found = await response.json();
    list.replaceChildren(...found.map((entry) => {
      const option = document.createElement('option');
      option.value = completeTerm(field.value, entry.label);
      option.label = entry.label;
      return option;
    }));
  }, 250);
  for (const field of form.querySelectorAll('input[data-complete]')) {
    field.addEventListener('input', () => lookup(field));
  }
}

export function enhanceCompose(page) {
  const form = page.querySelector('#compose-form');
  if (!form) {
    return;
  }
  installAutosave(page, form);
  installCompletion(page, form);
}
