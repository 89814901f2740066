import { expect } from 'vitest';
import { ApiError } from '../../shared/domain/errors';

/** Run `fn`, which must throw the documented ApiError `code` with HTTP `status`; returns the error. */
export function expectApiError(fn: () => unknown, code: string, status = 400): ApiError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ApiError);
  const err = caught as ApiError;
  expect(err.code).toBe(code);
  expect(err.status).toBe(status);
  return err;
}

/** Run `fn` and return the ApiError it throws (anything else thrown, or nothing, fails the test). */
export function thrownApiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}
