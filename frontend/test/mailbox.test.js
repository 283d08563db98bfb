import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextIndex, nextRetry, FIRST_RETRY_MS, LONGEST_RETRY_MS } from '../src/mail/mailbox.js';
import { formatBrief } from '../src/time.js';
import { keyOf } from '../src/shortcuts.js';

test('moving through the list stops at its ends', () => {
  assert.equal(nextIndex(-1, 5, 1), 0);
  assert.equal(nextIndex(-1, 5, -1), 4);
  assert.equal(nextIndex(4, 5, 1), 4);
  assert.equal(nextIndex(0, 5, -1), 0);
  assert.equal(nextIndex(2, 5, 1), 3);
  assert.equal(nextIndex(-1, 0, 1), -1);
});

test('a time today shows as the time, an older one as the day', () => {
  const now = new Date(2026, 10, 27, 15, 0);
  assert.match(formatBrief(new Date(2026, 10, 27, 9, 5), now, 'en-GB'), /09:05/);
  assert.match(formatBrief(new Date(2026, 2, 3, 9, 5), now, 'en-GB'), /3 Mar/);
  assert.match(formatBrief(new Date(2025, 2, 3, 9, 5), now, 'en-GB'), /2025/);
});

test('shortcuts ignore modified keys and treat Delete as #', () => {
  assert.equal(keyOf({ key: 'j' }), 'j');
  assert.equal(keyOf({ key: 'Delete' }), '#');
  assert.equal(keyOf({ key: 'r', ctrlKey: true }), null);
});

test('watching again waits longer each time the watch breaks off, up to five minutes', () => {
  assert.equal(nextRetry(0), FIRST_RETRY_MS);
  assert.equal(nextRetry(FIRST_RETRY_MS), 2 * FIRST_RETRY_MS);
  let delay = 0;
  for (let i = 0; i < 20; i += 1) {
    delay = nextRetry(delay);
  }
  assert.equal(delay, LONGEST_RETRY_MS);
});
