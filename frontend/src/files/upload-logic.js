// The upload queue's arithmetic, with no DOM and no network: keys that find a partial upload again, sizes and times
// as people read them, when to retry, which folders a folder upload must make first, and the queue's totals.

/** FNV-1a over the UTF-8 bytes of the text, as 8 hex digits: short, stable, and the same in every browser. */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * What the server knows an upload by: the file's size, its modification time and a hash of its name (with its path
 * inside a folder upload). Choosing the same file again, even after the browser was closed, gives the same key, so
 * the upload resumes where it stopped; a changed file gets a new key. Only letters, digits, "." and "-".
 */
export function uploadKey(file, relativePath = '') {
  const size = Math.max(0, Number(file.size) || 0);
  const modified = Math.max(0, Math.trunc(Number(file.lastModified) || 0));
  return `${size.toString(36)}-${modified.toString(36)}-${fnv1a((relativePath || file.name).normalize('NFC'))}`;
}

export const KEY_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Bytes as the server's pages show them: 512 B, 1.5 KB, 12 MB (one decimal below 10). */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '';
  }
  if (bytes < 1024) {
    return `${Math.trunc(bytes)} B`;
  }
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A duration as m:ss or h:mm:ss; empty when not known. */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  const whole = Math.ceil(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** How many times one file is tried after a network error or a server error, before it counts as failed. */
export const MAX_RETRIES = 5;

/** The wait before retry number {@code attempt} (0 for the first): 1 s, 2 s, 4 s … at most 30 s. */
export function backoffDelay(attempt, base = 1000, cap = 30000) {
  return Math.min(cap, base * 2 ** Math.max(0, attempt));
}

/** Whether a failed request is worth trying again: the network failed (status 0), or the server or gateway did. */
export function retryable(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

export function joinPath(directory, name) {
  const dir = directory && directory !== '/' ? directory.replace(/\/+$/, '') : '';
  const rest = String(name).replace(/^\/+/, '');
  return rest ? `${dir}/${rest}` : dir || '/';
}

/** The folder part and the name of a relative path ("a/b/c.txt" → ["a/b", "c.txt"]). */
export function splitRelative(relativePath) {
  const cut = relativePath.lastIndexOf('/');
  return cut < 0 ? ['', relativePath] : [relativePath.slice(0, cut), relativePath.slice(cut + 1)];
}

/**
 * Every folder that the files' relative paths (and any empty folders named) need, each after its parent, each once:
 * ["a/b/c.txt", "a/d.txt"] → ["a", "a/b"].
 */
export function foldersToCreate(relativePaths, emptyFolders = []) {
  const seen = new Set();
  const ordered = [];
  const addWithParents = (folder) => {
    const parts = folder.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i += 1) {
      const path = parts.slice(0, i).join('/');
      if (!seen.has(path)) {
        seen.add(path);
        ordered.push(path);
      }
    }
  };
  for (const relative of relativePaths) {
    addWithParents(splitRelative(relative)[0]);
  }
  for (const folder of emptyFolders) {
    addWithParents(folder);
  }
  return ordered.sort((a, b) => a.split('/').length - b.split('/').length);
}

/** Whether an entry's name matches what the filter box holds: any part of it, ignoring case and Unicode form. */
export function matchesFilter(name, query) {
  const wanted = (query ?? '').trim().normalize('NFC').toLocaleLowerCase();
  return !wanted || String(name).normalize('NFC').toLocaleLowerCase().includes(wanted);
}

/** A bundle text with its {0}, {1} … filled in. */
export function fill(template, ...values) {
  return String(template).replace(/\{(\d+)}/g, (whole, n) => (values[n] === undefined ? whole : String(values[n])));
}

/** States an upload can end in. */
export const FINISHED = new Set(['done', 'skipped', 'cancelled', 'failed']);

/**
 * The upload queue's bookkeeping: each file's state and bytes on the server, the totals the overall progress bar
 * shows, and the speed over the last few seconds (for the time left).
 */
export class UploadQueue {
  constructor(now = () => Date.now(), window = 5000) {
    this.items = [];
    this.nextId = 1;
    this.now = now;
    this.window = window;
    this.samples = [];
  }

  add(file, directory, name, key) {
    const item = { id: this.nextId, file, directory, name, key, size: file.size, state: 'waiting', loaded: 0,
      attempts: 0, overwrite: false, confirmed: false };
    this.nextId += 1;
    this.items.push(item);
    return item;
  }

  get(id) {
    return this.items.find((item) => item.id === id);
  }

  /** The next file to send, in the order they were added. */
  next() {
    return this.items.find((item) => item.state === 'waiting') ?? null;
  }

  setState(item, state) {
    item.state = state;
    if (state === 'done') {
      item.loaded = item.size;
    }
    this.sample();
  }

  /** The server holds {@code bytes} of this file (its offset plus what this request has sent). */
  setLoaded(item, bytes) {
    item.loaded = Math.min(item.size, Math.max(0, bytes));
    this.sample();
  }

  /** Bytes done and to do, over the files that are still meant to go up (not skipped or cancelled). */
  totals() {
    let done = 0;
    let total = 0;
    let finished = 0;
    for (const item of this.items) {
      if (FINISHED.has(item.state)) {
        finished += 1;
      }
      if (item.state === 'skipped' || item.state === 'cancelled') {
        continue;
      }
      total += item.size;
      done += item.state === 'done' ? item.size : item.loaded;
    }
    return { done, total, finished, count: this.items.length };
  }

  allFinished() {
    return this.items.length > 0 && this.items.every((item) => FINISHED.has(item.state));
  }

  sample() {
    const t = this.now();
    this.samples.push({ t, done: this.totals().done });
    while (this.samples.length > 2 && t - this.samples[0].t > this.window) {
      this.samples.shift();
    }
  }

  /** Bytes per second over the last few seconds; 0 until there is something to measure. */
  speed() {
    if (this.samples.length < 2) {
      return 0;
    }
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.t - first.t) / 1000;
    return seconds > 0 ? Math.max(0, (last.done - first.done) / seconds) : 0;
  }

  /** Seconds left at the current speed, or null when the speed is not known. */
  remaining() {
    const speed = this.speed();
    const { done, total } = this.totals();
    return speed > 0 ? (total - done) / speed : null;
  }
}
