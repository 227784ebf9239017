import type { RequestHandler } from 'express';
import { AppError } from '@marquee/core';
import type { FieldError } from '@marquee/contracts';

/** Most field errors one answer lists; a hostile body can hold millions of bad strings. */
const MAX_REPORTED = 20;
/** Deeper than any body a service declares; deeper input is refused rather than walked. */
const MAX_DEPTH = 32;

const NUL = '\u0000';

/**
 * Why a string cannot be stored as text, or undefined when it can. PostgreSQL refuses NUL in
 * `text` and `jsonb` (a 500 when it gets there), and a lone surrogate has no UTF-8 form: the
 * driver would silently store U+FFFD instead of what the client sent.
 */
export function unsafeTextReason(value: string): string | undefined {
  if (value.includes(NUL)) return 'must not contain NUL (U+0000) characters';
  if (!value.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  return undefined;
}

/**
 * Every string in `value` (object keys included) that cannot be stored as text, as field errors
 * under `part` (`body.cast.0.name`, `query.q`).
 */
export function findUnsafeText(value: unknown, part: string): FieldError[] {
  const errors: FieldError[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (errors.length >= MAX_REPORTED) return;
    if (typeof node === 'string') {
      const reason = unsafeTextReason(node);
      if (reason) errors.push({ field: path, message: reason });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth >= MAX_DEPTH) {
      errors.push({ field: path, message: `is nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}.${i}`, depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      const reason = unsafeTextReason(key);
      const safeKey = reason ? JSON.stringify(key).slice(1, -1).slice(0, 50) : key;
      if (reason) errors.push({ field: `${path}.${safeKey}`, message: `the field name ${reason}` });
      else walk(item, `${path}.${key}`, depth + 1);
    }
  };
  walk(value, part, 0);
  return errors;
}

function pathSegmentErrors(rawPath: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const segment of rawPath.split('/')) {
    if (!segment.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // Not UTF-8 at all (a lone surrogate encoded, %FF, …): refused before the router sees it.
      errors.push({ field: 'path', message: 'must be percent-encoded UTF-8' });
      break;
    }
    const reason = unsafeTextReason(decoded);
    if (reason) {
      errors.push({ field: 'path', message: reason });
      break;
    }
  }
  return errors;
}

/**
 * Refuses, before any handler runs, a request whose path, query string or parsed body holds a
 * string PostgreSQL cannot store as text: 400 `VALIDATION_FAILED` naming each field. Mounted by
 * `createHttpApp` right after the body parsers, so every service and every route gets it.
 */
export function rejectUnsafeText(): RequestHandler {
  return (req, _res, next) => {
    const errors = [...pathSegmentErrors(req.path), ...findUnsafeText(req.query, 'query'), ...findUnsafeText(req.body, 'body')];
    if (errors.length === 0) next();
    else next(AppError.validation(errors.slice(0, MAX_REPORTED), 'The request holds text that cannot be stored'));
  };
}
