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
    for (const name of ['compose', 'draftId', 'inReplyTo', 'references', 'to', 'cc', 'bcc', 'subject', 'body', 'html']) {
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

/** Links only to the web or mail: what the server's sanitiser keeps anyway. */
export function safeLink(url) {
  const trimmed = (url ?? '').trim();
  return /^(https?:\/\/|mailto:)/i.test(trimmed) ? trimmed : null;
}

// The rich-text editor: a contenteditable area whose HTML goes into the hidden "html" field (the server sanitises it
// with the reading allow-list); the plain-text body stays the fallback and is filled from it on submit.
function installRichText(page, form) {
  const toggle = page.querySelector('#rich-text');
  const editor = page.querySelector('#rich-editor');
  const toolbar = page.querySelector('#editor-toolbar');
  const html = form.elements.namedItem('html');
  const body = form.elements.namedItem('body');
  if (!toggle || !editor || !html || !body) {
    return;
  }
  const show = (rich) => {
    editor.hidden = !rich;
    toolbar.hidden = !rich;
    body.hidden = rich;
    if (rich && !editor.innerHTML.trim()) {
      editor.innerHTML = html.value || body.value.split('\n').map((line) => {
        const p = document.createElement('div');
        p.textContent = line;
        return p.outerHTML;
      }).join('');
    }
    if (!rich) {
      html.value = '';
    }
  };
  toggle.addEventListener('change', () => show(toggle.checked));
  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-command]');
    if (!button) {
      return;
    }
    const command = button.dataset.command;
    if (command === 'createLink') {
      const url = safeLink(window.prompt(button.dataset.prompt ?? 'URL'));
      if (url) {
        document.execCommand('createLink', false, url);
      }
    } else {
      document.execCommand(command, false, null);
    }
    editor.focus();
  });
  const sync = () => {
    if (toggle.checked) {
      html.value = editor.innerHTML;
      body.value = editor.innerText;
    }
  };
  editor.addEventListener('input', () => {
    sync();
    form.dispatchEvent(new Event('input'));
  });
  form.addEventListener('submit', sync);
  show(toggle.checked);
}

export function enhanceCompose(page) {
  const form = page.querySelector('#compose-form');
  if (!form) {
    return;
  }
  installRichText(page, form);
  installAutosave(page, form);
  installCompletion(page, form);
}
