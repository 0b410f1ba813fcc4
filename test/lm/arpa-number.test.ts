import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFloat32 } from '../../src/lm/arpa-number.js';

test('prints the shortest digits that read back as the same float32', () => {
  assert.equal(formatFloat32(0), '0');
  assert.equal(formatFloat32(-0.30103), '-0.30103');
  assert.equal(formatFloat32(Math.fround(-3.3417509)), '-3.3417509');
  assert.equal(formatFloat32(-1.2e-7), '-1.2e-7');
  assert.equal(formatFloat32(-100), '-100');
});
