// The folder page of the file manager: a filter box that hides the rows that do not match, the form that acts on the
// ticked rows (offering what fits them, asking in a dialog before a delete), a menu per row made when it is wanted,
// and uploads (chosen files, a chosen folder, or files and folders dropped on the listing), after which the listing
// is loaded again in place. Without this script the page still browses, downloads, renames,
// copies, deletes and makes folders: tick rows, press a button of the form.

import { localizeTimes } from '../time.js';
import { createUploader } from './uploads.js';
import { applicableActions, deleteQuestion } from './selection-logic.js';
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

// A row's class says its type (entry file, entry directory, entry link, entry other).
const rowType = (row) => ['directory', 'link', 'other', 'file'].find((t) => row?.classList.contains(t))?.toUpperCase() ?? 'FILE';

const boxes = (page) => [...page.querySelectorAll('#entries tbody input[name=path]')];

const chosenEntries = (page) => boxes(page).filter((box) => box.checked).map((box) => {
  const row = box.closest('tr');
  return { path: box.value, name: row?.dataset.name ?? box.value, type: rowType(row) };
});

// The form above the listing acts on the ticked rows; it says how many are ticked and offers what fits them.
function updateSelection(page, texts) {
  const chosen = chosenEntries(page);
  const count = page.querySelector('#selection-count');
  if (count) {
    count.textContent = chosen.length ? fill(texts.selected, chosen.length) : '';
  }
  const fits = applicableActions(chosen);
  const buttons = { rename: 'rename-selected', copy: 'copy-selected', zip: 'zip-selected',
    delete: 'delete-selected', deleteFolders: 'delete-folders-selected' };
  for (const [action, id] of Object.entries(buttons)) {
    const button = page.querySelector(`#${id}`);
    if (button) {
      button.disabled = !fits[action];
    }
  }
  const to = page.querySelector('#selection-to');
  if (to && chosen.length === 1 && to.dataset.for !== chosen[0].path) {
    to.value = chosen[0].name;
    to.dataset.for = chosen[0].path;
  }
}

function choose(page, texts, path) {
  for (const box of boxes(page)) {
    box.checked = box.value === path;
  }
  updateSelection(page, texts);
}

// A delete asks once more in a dialog that says what goes (for a folder: everything in it).
function installSelection(page, texts) {
  const form = page.querySelector('#selection-form');
  if (!form) {
    return;
  }
  page.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'path') {
      updateSelection(page, texts);
    }
  });
  updateSelection(page, texts);
  const dialog = page.querySelector('#confirm-dialog');
  if (!dialog || typeof dialog.showModal !== 'function') {
    return;
  }
  let pending = null;
  let confirmed = null;
  form.addEventListener('submit', (event) => {
    const button = event.submitter;
    if (!button?.classList.contains('delete')) {
      return;
    }
    if (confirmed === button) {
      confirmed = null;
      return;
    }
    event.preventDefault();
    pending = button;
    const folders = button.classList.contains('folders');
    dialog.querySelector('#confirm-text').textContent = deleteQuestion(texts, chosenEntries(page), folders);
    const ok = dialog.querySelector('#confirm-ok');
    ok.textContent = button.textContent.trim();
    dialog.returnValue = '';
    dialog.showModal();
    dialog.querySelector('#confirm-cancel')?.focus();
  });
  dialog.addEventListener('close', () => {
    const button = pending;
    pending = null;
    if (button && dialog.returnValue === 'confirm') {
      confirmed = button;
      form.requestSubmit(button);
    }
  });
}

// A row's own menu, made from the page's <template> only when the row is first pointed at or reached with the
// keyboard, so that a folder of thousands of entries carries none of it. Its actions tick the row and use the form.
function installRowMenus(page, texts) {
  const template = page.querySelector('#entry-menu');
  if (!(template instanceof HTMLTemplateElement)) {
    return;
  }
  const close = () => {
    for (const menu of page.querySelectorAll('#entries .entry-menu')) {
      menu.previousElementSibling?.setAttribute('aria-expanded', 'false');
      menu.remove();
    }
  };
  const offer = (event) => {
    const row = event.target instanceof Element ? event.target.closest('#entries tbody tr.entry') : null;
    const cell = row?.querySelector('td.name');
    if (!cell || cell.querySelector('button.more') || rowType(row) === 'OTHER') {
      return;
    }
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = texts.more;
    more.setAttribute('aria-label', fill(texts.moreFor, row.dataset.name));
    more.setAttribute('aria-haspopup', 'true');
    more.setAttribute('aria-expanded', 'false');
    cell.append(more);
  };
  page.addEventListener('pointerover', offer);
  page.addEventListener('focusin', offer);
  page.addEventListener('click', (event) => {
    const more = event.target instanceof Element ? event.target.closest('#entries button.more') : null;
    if (!more) {
      if (!(event.target instanceof Element && event.target.closest('#entries .entry-menu'))) {
        close();
      }
      return;
    }
    const open = more.getAttribute('aria-expanded') === 'true';
    close();
    if (open) {
      return;
    }
    const row = more.closest('tr');
    const path = row.querySelector('input[name=path]')?.value;
    const type = rowType(row);
    const menu = template.content.firstElementChild.cloneNode(true);
    const keep = { download: type === 'FILE', zip: type !== 'FILE', copy: type === 'FILE',
      delete: type !== 'DIRECTORY', 'delete-folder': type === 'DIRECTORY', rename: true };
    for (const [action, shown] of Object.entries(keep)) {
      const item = menu.querySelector(`.${action}`);
      if (item && !shown) {
        item.remove();
      }
    }
    menu.querySelector('a.download')?.setAttribute('href', row.querySelector('a.open')?.getAttribute('href') ?? '');
    menu.querySelector('a.zip')?.setAttribute('href',
      `/files/${page.dataset.connection}/zip?path=${encodeURIComponent(path)}`);
    const form = page.querySelector('#selection-form');
    const to = page.querySelector('#selection-to');
    menu.addEventListener('click', (click) => {
      const item = click.target instanceof Element ? click.target.closest('button') : null;
      if (!item) {
        return;
      }
      choose(page, texts, path);
      close();
      if (item.classList.contains('rename') || item.classList.contains('copy')) {
        to.value = item.classList.contains('copy') ? fill(texts.copyName, row.dataset.name) : row.dataset.name;
        to.focus();
        to.select();
      } else {
        form.requestSubmit(page.querySelector(item.classList.contains('delete-folder')
          ? '#delete-folders-selected' : '#delete-selected'));
      }
    });
    more.after(menu);
    more.setAttribute('aria-expanded', 'true');
    menu.querySelector('a, button')?.focus();
  });
  page.addEventListener('keydown', (event) => {
    const menu = event.target instanceof Element ? event.target.closest('#entries .entry-menu') : null;
    if (event.key === 'Escape' && menu) {
      const more = menu.previousElementSibling;
      close();
      more?.focus();
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
  updateSelection(page, texts);
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
  installSelection(page, texts);
  installRowMenus(page, texts);
  installUploads(page, texts);
}
