import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentTerm, completeTerm, debounce, safeLink } from '../src/mail/compose.js';

test('the term being typed is what follows the last separator', () => {
  assert.equal(currentTerm('a@x.test, bo'), 'bo');
  assert.equal(currentTerm('kim'), 'kim');
  assert.equal(currentTerm('a@x.test; 홍'), '홍');
});

test('completing replaces only the term being typed', () => {
  assert.equal(completeTerm('a@x.test, bo', 'Bob <bob@x.test>'), 'a@x.test, Bob <bob@x.test>, ');
  assert.equal(completeTerm('bo', 'bob@x.test'), 'bob@x.test, ');
});

test('a debounced action runs once after the calls stop, or at once when flushed', async () => {
  let runs = 0;
  const later = debounce(() => { runs += 1; }, 20);
  later(); later(); later();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(runs, 1);
  later.flush();
  assert.equal(runs, 2);
});

test('the editor links only to the web and to mail addresses', () => {
  assert.equal(safeLink(' https://example.org/a '), 'https://example.org/a');
  assert.equal(safeLink('mailto:kim@example.kr'), 'mailto:kim@example.kr');
  assert.equal(safeLink('javascript:alert(1)'), null);
  assert.equal(safeLink(null), null);
});

test('a cancelled debounced action does not run', async () => {
  let runs = 0;
  const later = debounce(() => { runs += 1; }, 20);
  later();
  later.cancel();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(runs, 0);
});
