// The upload queue on the folder page: each file's status is asked first (how much the server holds, whether the
// name is taken), then the rest of the file goes up as the raw body of a PUT, one file at a time, with a progress bar
// per file and one for all. A network or server failure is retried with backoff, each time from the offset the
// server reports; a cancelled file's partial copy is removed.

import {
  FINISHED, MAX_RETRIES, UploadQueue, backoffDelay, fill, formatBytes, formatDuration, retryable, uploadKey,
} from './upload-logic.js';

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

class UploadFailed extends Error {
  constructor(status, detail, body = null) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export function createUploader(page, { texts, onAllDone }) {
  const base = `/files/${encodeURIComponent(page.dataset.connection)}`;
  const csrfHeader = page.dataset.csrfHeader || 'X-CSRF-TOKEN';
  const csrf = page.dataset.csrf || page.querySelector('input[name="_csrf"]')?.value || '';
  const panel = page.querySelector('#upload-panel');
  const overall = page.querySelector('#upload-overall');
  const summary = page.querySelector('#upload-summary');
  const list = page.querySelector('#upload-list');
  const existsDialog = page.querySelector('#exists-dialog');
  const ascii = page.querySelector('#upload-ascii');
  const queue = new UploadQueue();
  const rows = new Map();
  let policy = null;
  let running = false;

  const params = (item, extra = {}) => new URLSearchParams({
    dir: item.directory, name: item.name, size: String(item.size), key: item.key, ...extra,
  });

  const request = async (method, url, body, contentType) => {
    const headers = { [csrfHeader]: csrf, Accept: 'application/json' };
    if (contentType) {
      headers['Content-Type'] = contentType;
    }
    let response;
    try {
      response = await fetch(url, { method, credentials: 'same-origin', headers, body });
    } catch (networkError) {
      throw new UploadFailed(0, networkError.message);
    }
    const text = await response.text();
    const json = text ? (() => { try { return JSON.parse(text); } catch { return null; } })() : null;
    if (!response.ok) {
      throw new UploadFailed(response.status, json?.detail ?? json?.title ?? response.statusText, json);
    }
    return json;
  };

  const render = (item) => {
    const row = rows.get(item.id);
    if (!row) {
      return;
    }
    row.li.className = item.state;
    row.progress.max = Math.max(1, item.size);
    row.progress.value = item.state === 'done' ? Math.max(1, item.size) : item.loaded;
    row.state.textContent = item.state === 'failed' && item.error
      ? `${texts.failed}: ${item.error}` : texts[item.state === 'checking' ? 'waiting' : item.state] ?? '';
    row.cancel.hidden = FINISHED.has(item.state);
  };

  const renderTotals = () => {
    const { done, total, finished, count } = queue.totals();
    overall.max = Math.max(1, total);
    overall.value = Math.min(done, Math.max(1, total));
    let line = fill(texts.summary, formatBytes(done), formatBytes(total));
    const remaining = queue.remaining();
    if (!queue.allFinished() && remaining !== null) {
      line += ` · ${fill(texts.speed, formatBytes(queue.speed()), formatDuration(remaining))}`;
    }
    summary.textContent = queue.allFinished() ? `${line} · ${texts.allDone}` : `${line} · ${finished}/${count}`;
  };

  const addRow = (item, label) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = label;
    const progress = document.createElement('progress');
    progress.max = Math.max(1, item.size);
    progress.value = 0;
    progress.setAttribute('aria-label', label);
    const state = document.createElement('span');
    state.className = 'state';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'cancel';
    cancel.textContent = texts.cancel;
    cancel.setAttribute('aria-label', fill(texts.cancelNamed, label));
    cancel.addEventListener('click', () => cancelItem(item));
    li.append(name, progress, state, cancel);
    list.append(li);
    rows.set(item.id, { li, progress, state, cancel });
    render(item);
  };

  const update = (item) => {
    render(item);
    renderTotals();
  };

  // Asks what to do about a name that is taken, unless "all" was chosen before: overwrite or skip.
  const decide = (item) => {
    if (policy) {
      return Promise.resolve(policy);
    }
    if (!existsDialog || typeof existsDialog.showModal !== 'function') {
      return Promise.resolve('skip');
    }
    existsDialog.querySelector('#exists-text').textContent = fill(texts.existsQuestion, item.name);
    existsDialog.returnValue = '';
    return new Promise((resolve) => {
      existsDialog.addEventListener('close', () => {
        const answer = existsDialog.returnValue || 'skip';
        if (answer.endsWith('-all')) {
          policy = answer.replace('-all', '');
        }
        resolve(answer.replace('-all', ''));
      }, { once: true });
      existsDialog.showModal();
    });
  };

  const put = (item, offset) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    item.xhr = xhr;
    const query = params(item, { offset: String(offset), overwrite: String(item.overwrite),
      type: ascii?.checked ? 'ascii' : 'binary' });
    xhr.open('PUT', `${base}/upload?${query}`);
    xhr.setRequestHeader(csrfHeader, csrf);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      queue.setLoaded(item, offset + event.loaded);
      update(item);
    };
    xhr.onload = () => {
      item.xhr = null;
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body ?? {});
      } else {
        reject(new UploadFailed(xhr.status, body?.detail ?? body?.title ?? xhr.statusText, body));
      }
    };
    xhr.onerror = () => {
      item.xhr = null;
      reject(new UploadFailed(0, 'network'));
    };
    xhr.onabort = () => {
      item.xhr = null;
      reject(new UploadFailed(-1, 'aborted'));
    };
    xhr.send(item.file.slice(offset));
  });

  const sendOne = async (item) => {
    for (let attempt = 0; ; attempt += 1) {
      if (item.state === 'cancelled') {
        return;
      }
      try {
        const status = await request('GET', `${base}/upload?${params(item)}`);
        if (item.state === 'cancelled') {
          return;
        }
        if (status.exists && !item.confirmed) {
          const answer = await decide(item);
          if (answer !== 'overwrite') {
            queue.setState(item, 'skipped');
            update(item);
            return;
          }
          item.overwrite = true;
        }
        item.confirmed = true;
        queue.setLoaded(item, status.offset);
        queue.setState(item, 'uploading');
        update(item);
        const result = await put(item, status.offset);
        if (result.complete) {
          queue.setState(item, 'done');
          update(item);
          return;
        }
        // The server kept only part of the body: go on from what it holds.
      } catch (failure) {
        if (item.state === 'cancelled' || failure.status === -1) {
          return;
        }
        if (failure.status === 409) {
          // The name was taken meanwhile: ask again.
          item.confirmed = false;
          item.overwrite = false;
          if (attempt < MAX_RETRIES) {
            continue;
          }
        }
        if (retryable(failure.status) && attempt < MAX_RETRIES) {
          queue.setState(item, 'retrying');
          update(item);
          await sleep(backoffDelay(attempt));
          continue;
        }
        item.error = failure.message;
        queue.setState(item, 'failed');
        update(item);
        return;
      }
    }
  };

  const run = async () => {
    if (running) {
      return;
    }
    running = true;
    try {
      for (let item = queue.next(); item; item = queue.next()) {
        queue.setState(item, 'checking');
        update(item);
        await sendOne(item);
      }
    } finally {
      running = false;
    }
    renderTotals();
    if (queue.allFinished()) {
      onAllDone?.();
    }
  };

  const cancelItem = (item) => {
    if (FINISHED.has(item.state)) {
      return;
    }
    const started = item.state !== 'waiting';
    queue.setState(item, 'cancelled');
    item.xhr?.abort();
    update(item);
    if (started) {
      // Removes what the server holds of it; a failure here only leaves a partial file for the next try to resume.
      request('DELETE', `${base}/upload?${params(item)}`).catch(() => {});
    }
  };

  page.querySelector('#upload-cancel-all')?.addEventListener('click', () => {
    queue.items.forEach(cancelItem);
    renderTotals();
  });

  return {
    queue,
    /** Creates the folders (relative to the page's folder), each after its parent; one that is there already is fine. */
    async makeFolders(folders, into) {
      for (const folder of folders) {
        const cut = folder.lastIndexOf('/');
        const parent = cut < 0 ? into : `${into === '/' ? '' : into}/${folder.slice(0, cut)}`;
        const name = cut < 0 ? folder : folder.slice(cut + 1);
        try {
          await request('POST', `${base}/folders`, JSON.stringify({ parent, name }), 'application/json');
        } catch (failure) {
          if (failure.status !== 409) {
            summary.textContent = `${texts.failed}: ${failure.message}`;
          }
        }
      }
    },
    /** Queues files: each {file, directory, name, relative}. */
    add(files) {
      policy = null;
      panel.hidden = false;
      for (const { file, directory, name, relative } of files) {
        const item = queue.add(file, directory, name, uploadKey(file, relative));
        addRow(item, relative || name);
      }
      renderTotals();
      run();
    },
  };
}
