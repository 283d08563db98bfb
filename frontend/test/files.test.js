import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KEY_PATTERN, UploadQueue, backoffDelay, fill, fnv1a, foldersToCreate, formatBytes, formatDuration, joinPath,
  matchesFilter, retryable, splitRelative, uploadKey,
} from '../src/files/upload-logic.js';
import { applicableActions, deleteQuestion } from '../src/files/selection-logic.js';

const file = (name, size, lastModified = 1767225600000) => ({ name, size, lastModified });

test('the upload key is the same for the same file and differs when the file changed', () => {
  const a = uploadKey(file('입금내역.txt', 1234));
  assert.equal(a, uploadKey(file('입금내역.txt', 1234)));
  assert.match(a, KEY_PATTERN);
  assert.notEqual(a, uploadKey(file('입금내역.txt', 1235)));
  assert.notEqual(a, uploadKey(file('입금내역.txt', 1234, 1767225600001)));
  assert.notEqual(a, uploadKey(file('출금내역.txt', 1234)));
  // Inside a folder upload, the same name in two folders is two uploads.
  assert.notEqual(uploadKey(file('a.txt', 5), 'x/a.txt'), uploadKey(file('a.txt', 5), 'y/a.txt'));
  assert.equal(uploadKey(file('a.txt', 36, 0)), `10-0-${fnv1a('a.txt')}`);
});

test('the key does not depend on how the name was normalised (macOS gives decomposed Hangul)', () => {
  const composed = '한글.txt';
  const decomposed = composed.normalize('NFD');
  assert.notEqual(composed, decomposed);
  assert.equal(uploadKey(file(decomposed, 9)), uploadKey(file(composed, 9)));
});

test('FNV-1a matches its published test vectors', () => {
  assert.equal(fnv1a(''), '811c9dc5');
  assert.equal(fnv1a('a'), 'e40c292c');
  assert.equal(fnv1a('foobar'), 'bf9cf968');
});

test('sizes read as the server pages show them', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1.0 KB');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(12 * 1024 * 1024), '12 MB');
  assert.equal(formatBytes(5 * 1024 ** 4), '5.0 TB');
  assert.equal(formatBytes(-1), '');
});

test('durations read as m:ss or h:mm:ss', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(65), '1:05');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(1.2), '0:02');
  assert.equal(formatDuration(null), '');
  assert.equal(formatDuration(Infinity), '');
});

test('retries wait twice as long each time, up to a cap, and only for failures worth retrying', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(backoffDelay(2, 100, 1000), 400);
  assert.equal(retryable(0), true);
  assert.equal(retryable(502), true);
  assert.equal(retryable(503), true);
  assert.equal(retryable(429), true);
  assert.equal(retryable(400), false);
  assert.equal(retryable(403), false);
  assert.equal(retryable(409), false);
});

test('paths join without doubled slashes', () => {
  assert.equal(joinPath('/', 'a.txt'), '/a.txt');
  assert.equal(joinPath('/docs/', 'a.txt'), '/docs/a.txt');
  assert.equal(joinPath('/docs', 'sub/a.txt'), '/docs/sub/a.txt');
  assert.equal(joinPath('/', ''), '/');
  assert.deepEqual(splitRelative('a/b/c.txt'), ['a/b', 'c.txt']);
  assert.deepEqual(splitRelative('c.txt'), ['', 'c.txt']);
});

test('a folder upload makes each folder once, every parent before its children', () => {
  assert.deepEqual(foldersToCreate(['top/sub/deep/a.txt', 'top/b.txt', 'top/sub/c.txt', 'd.txt']),
    ['top', 'top/sub', 'top/sub/deep']);
  assert.deepEqual(foldersToCreate(['x/a.txt'], ['x/empty', 'y']), ['x', 'y', 'x/empty']);
  assert.deepEqual(foldersToCreate([]), []);
});

test('the filter matches any part of a name, ignoring case and Unicode form', () => {
  assert.equal(matchesFilter('Report-2026.PDF', 'report'), true);
  assert.equal(matchesFilter('Report-2026.PDF', '.pdf'), true);
  assert.equal(matchesFilter('Report-2026.PDF', 'xls'), false);
  assert.equal(matchesFilter('입금내역.txt', '입금'.normalize('NFD')), true);
  assert.equal(matchesFilter('anything', '  '), true);
});

test('bundle texts get their placeholders filled', () => {
  assert.equal(fill('{0} of {1}', '1 KB', '2 KB'), '1 KB of 2 KB');
  assert.equal(fill('{1} 중 {0}', 'a', 'b'), 'b 중 a');
  assert.equal(fill('{0} and {2}', 'x'), 'x and {2}');
});

test('the queue counts bytes of the files still meant to go up, and hands them out in order', () => {
  const queue = new UploadQueue(() => 0);
  const a = queue.add(file('a', 100), '/', 'a', 'ka');
  const b = queue.add(file('b', 300), '/', 'b', 'kb');
  const c = queue.add(file('c', 600), '/', 'c', 'kc');
  assert.equal(queue.next(), a);
  queue.setState(a, 'uploading');
  queue.setLoaded(a, 40);
  assert.deepEqual(queue.totals(), { done: 40, total: 1000, finished: 0, count: 3 });
  queue.setLoaded(a, 5000);
  assert.equal(a.loaded, 100, 'never more than the file');
  queue.setState(a, 'done');
  assert.equal(queue.next(), b);
  queue.setState(b, 'skipped');
  assert.deepEqual(queue.totals(), { done: 100, total: 700, finished: 2, count: 3 });
  assert.equal(queue.allFinished(), false);
  queue.setState(c, 'uploading');
  queue.setLoaded(c, 250);
  queue.setState(c, 'failed');
  assert.deepEqual(queue.totals(), { done: 350, total: 700, finished: 3, count: 3 });
  assert.equal(queue.allFinished(), true);
  assert.equal(queue.next(), null);
});

test('speed and time left come from the last few seconds of progress', () => {
  let now = 0;
  const queue = new UploadQueue(() => now, 5000);
  const a = queue.add(file('a', 10000), '/', 'a', 'k');
  assert.equal(queue.speed(), 0);
  assert.equal(queue.remaining(), null);
  queue.setLoaded(a, 0);
  now = 1000;
  queue.setLoaded(a, 1000);
  now = 2000;
  queue.setLoaded(a, 2000);
  assert.equal(queue.speed(), 1000);
  assert.equal(queue.remaining(), 8);
  // Ten seconds later the early, faster samples no longer count.
  now = 12000;
  queue.setLoaded(a, 3000);
  now = 14000;
  queue.setLoaded(a, 3200);
  assert.equal(queue.speed(), 100);
});

test('the form offers only what fits the ticked entries', () => {
  const f = { name: 'a.txt', type: 'FILE' };
  const d = { name: 'old', type: 'DIRECTORY' };
  const l = { name: 'to-docs', type: 'LINK' };
  assert.deepEqual(applicableActions([]),
    { rename: false, copy: false, zip: false, delete: false, deleteFolders: false });
  assert.deepEqual(applicableActions([f]),
    { rename: true, copy: true, zip: true, delete: true, deleteFolders: false });
  assert.deepEqual(applicableActions([d]),
    { rename: true, copy: false, zip: true, delete: false, deleteFolders: true });
  assert.deepEqual(applicableActions([l]),
    { rename: true, copy: false, zip: true, delete: true, deleteFolders: false });
  assert.deepEqual(applicableActions([f, l]),
    { rename: false, copy: false, zip: true, delete: true, deleteFolders: false });
  assert.deepEqual(applicableActions([d, d]),
    { rename: false, copy: false, zip: true, delete: false, deleteFolders: true });
  assert.equal(applicableActions([f, d, l]).zip, true, 'files and folders together go as one ZIP');
  assert.equal(applicableActions([f, d]).delete, false, 'a folder goes only with the button that says so');
});

test('a delete asks by name for one entry and by count for several', () => {
  const texts = { fileWarning: 'Delete {0}?', folderWarning: 'Delete {0} and all in it?',
    manyWarning: 'Delete {0} entries?', manyFoldersWarning: 'Delete {0} folders and all in them?' };
  assert.equal(deleteQuestion(texts, [{ name: 'a.txt' }], false), 'Delete a.txt?');
  assert.equal(deleteQuestion(texts, [{ name: 'old' }], true), 'Delete old and all in it?');
  assert.equal(deleteQuestion(texts, [{ name: 'a' }, { name: 'b' }], false), 'Delete 2 entries?');
  assert.equal(deleteQuestion(texts, [{ name: 'x' }, { name: 'y' }, { name: 'z' }], true),
    'Delete 3 folders and all in them?');
});
