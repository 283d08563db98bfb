// The folder page of the file manager: a filter box that hides the rows that do not match, a confirmation dialog
// before a delete, and uploads (chosen files, a chosen folder, or files and folders dropped on the listing), after
// which the listing is loaded again in place. Without this script the page still browses, downloads, renames,
// copies, deletes and makes folders through its plain forms.

import { localizeTimes } from '../time.js';
import { createUploader } from './uploads.js';
import { fill, foldersToCreate, joinPath, matchesFilter, splitRelative } from './upload-logic.js';

const typing = (target) => target instanceof HTMLElement
  && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

function readTexts(page) {
  const texts = {};
  for (const span of page.querySelectorAll('#file-texts [data-text]')) {
    texts[span.dataset.text] = span.textContent.trim();
  }
  return texts;
}

function applyFilter(page, texts) {
  const field = page.querySelector('#filter');
  const query = field?.value ?? '';
  const rows = [...page.querySelectorAll('#entries tbody tr.entry')];
  let shown = 0;
  for (const row of rows) {
    const match = matchesFilter(row.dataset.name ?? row.textContent, query);
    row.hidden = !match;
    shown += match ? 1 : 0;
  }
  const count = page.querySelector('#filter-count');
  if (count) {
    count.textContent = query.trim() ? fill(texts.shown, shown, rows.length) : '';
  }
  const none = page.querySelector('#filter-none');
  if (none) {
    none.hidden = !(query.trim() && rows.length > 0 && shown === 0);
  }
}

function installFilter(page, texts) {
  const box = page.querySelector('#filter-box');
  const field = page.querySelector('#filter');
  if (!box || !field) {
    return;
  }
  box.hidden = false;
  field.addEventListener('input', () => applyFilter(page, texts));
  field.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && field.value) {
      event.preventDefault();
      field.value = '';
      applyFilter(page, texts);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && !typing(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      field.focus();
    }
  });
}

// A delete asks once more in a dialog that says what goes (for a folder: everything in it).
function installDeleteConfirmation(page) {
  const dialog = page.querySelector('#confirm-dialog');
  if (!dialog || typeof dialog.showModal !== 'function') {
    return;
  }
  let pending = null;
  page.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('delete-form')) {
      return;
    }
    event.preventDefault();
    pending = form;
    dialog.querySelector('#confirm-text').textContent = form.querySelector('.warning')?.textContent.trim() ?? '';
    const ok = dialog.querySelector('#confirm-ok');
    ok.textContent = form.querySelector('button[type=submit]')?.textContent.trim() ?? ok.textContent;
    dialog.returnValue = '';
    dialog.showModal();
    dialog.querySelector('#confirm-cancel')?.focus();
  });
  dialog.addEventListener('close', () => {
    const form = pending;
    pending = null;
    if (form && dialog.returnValue === 'confirm') {
      // submit() does not fire the submit event again.
      form.submit();
    }
  });
}

// Closes an open row menu when another opens, or on Escape, so that one menu at a time covers the list.
function installRowMenus(page) {
  page.addEventListener('toggle', (event) => {
    const opened = event.target;
    if (opened instanceof HTMLDetailsElement && opened.classList.contains('entry-menu') && opened.open) {
      for (const other of page.querySelectorAll('details.entry-menu[open]')) {
        if (other !== opened) {
          other.open = false;
        }
      }
      opened.querySelector('input[type=text]')?.focus();
    }
  }, true);
  page.addEventListener('keydown', (event) => {
    const menu = event.target instanceof Element ? event.target.closest('details.entry-menu[open]') : null;
    if (event.key === 'Escape' && menu) {
      menu.open = false;
      menu.querySelector('summary')?.focus();
    }
  });
}

/** Loads the folder again and puts its listing in place of the shown one. */
export async function refreshListing(page, texts) {
  const response = await fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
  if (!response.ok) {
    window.location.reload();
    return;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  const now = page.querySelector('#drop-zone');
  const next = fresh.querySelector('#drop-zone');
  if (now && next) {
    now.replaceChildren(...[...next.childNodes].map((node) => document.importNode(node, true)));
  }
  localizeTimes(page);
  applyFilter(page, texts);
  page.dataset.refreshed = String(Number(page.dataset.refreshed ?? 0) + 1);
}

// Reads what was dropped: files, and folders walked to the bottom (webkitGetAsEntry), with their paths inside the drop.
async function dropped(dataTransfer) {
  const entries = [...dataTransfer.items ?? []]
    .filter((item) => item.kind === 'file')
    .map((item) => (typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((entry) => !entry)) {
    return { files: [...dataTransfer.files].map((file) => ({ file, relative: file.name })), folders: [] };
  }
  const files = [];
  const folders = [];
  const walk = async (entry, prefix) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      files.push({ file, relative });
    } else if (entry.isDirectory) {
      folders.push(relative);
      const reader = entry.createReader();
      for (;;) {
        // readEntries answers in batches, and an empty batch at the end.
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) {
          break;
        }
        for (const child of batch) {
          await walk(child, relative);
        }
      }
    }
  };
  for (const entry of entries) {
    await walk(entry, '');
  }
  return { files, folders };
}

function installUploads(page, texts) {
  const controls = page.querySelector('#upload-controls');
  if (!controls || typeof XMLHttpRequest === 'undefined') {
    return;
  }
  controls.hidden = false;
  const here = page.dataset.path || '/';
  const uploader = createUploader(page, {
    texts,
    onAllDone: () => refreshListing(page, texts).catch(() => {}),
  });

  const send = async (chosen, emptyFolders = []) => {
    if (chosen.length === 0 && emptyFolders.length === 0) {
      return;
    }
    const folders = foldersToCreate(chosen.map((c) => c.relative).filter((r) => r.includes('/')), emptyFolders);
    await uploader.makeFolders(folders, here);
    uploader.add(chosen.map(({ file, relative }) => {
      const [folder, name] = splitRelative(relative);
      return { file, directory: folder ? joinPath(here, folder) : here, name, relative };
    }));
  };

  const filesInput = page.querySelector('#upload-files');
  filesInput?.addEventListener('change', () => {
    send([...filesInput.files].map((file) => ({ file, relative: file.name })));
    filesInput.value = '';
  });
  const folderInput = page.querySelector('#upload-folder');
  folderInput?.addEventListener('change', () => {
    send([...folderInput.files].map((file) => ({ file, relative: file.webkitRelativePath || file.name })));
    folderInput.value = '';
  });

  const zone = page.querySelector('#drop-zone');
  if (!zone) {
    return;
  }
  let depth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  zone.addEventListener('dragenter', (event) => {
    if (carriesFiles(event)) {
      depth += 1;
      zone.classList.add('dragging');
    }
  });
  zone.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) {
      zone.classList.remove('dragging');
    }
  });
  zone.addEventListener('drop', async (event) => {
    if (!carriesFiles(event)) {
      return;
    }
    event.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    const { files, folders } = await dropped(event.dataTransfer);
    send(files, folders);
  });
}

export function enhanceFileBrowser(page) {
  const texts = readTexts(page);
  installFilter(page, texts);
  installDeleteConfirmation(page);
  installRowMenus(page);
  installUploads(page, texts);
}
