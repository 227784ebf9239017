import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from '@marquee/core';
import type { FieldError } from '@marquee/contracts';

/** The parts of a request a schema can describe. */
export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request headers by their lower-case names; checked, never replaced on the request. */
  headers?: z.ZodType;
}

/** What the schemas produced (coerced numbers, defaults applied, unknown keys stripped). */
export interface ParsedRequest {
  params?: unknown;
  query?: unknown;
  body?: unknown;
  headers?: unknown;
}

type Part = keyof RequestSchemas;
const PARTS: Part[] = ['params', 'query', 'headers', 'body'];

/**
 * One `{ field, message }` per zod issue, `field` being a dotted path into the request
 * (`body.seats.0`, `query.limit`). Unknown keys of a strict object get one entry each.
 */
export function toFieldErrors(part: Part, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const base = [part, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: `${base}.${key}`, message: 'Unknown field' });
    } else {
      errors.push({ field: base, message: issue.message });
    }
  }
  return errors;
}

/**
 * Parses params, query and body with their schemas and reports every problem at once as a 400
 * `VALIDATION_FAILED` with field errors.
 */
export async function parseRequest(schemas: RequestSchemas, req: Request): Promise<ParsedRequest> {
  const parsed: ParsedRequest = {};
  const errors: FieldError[] = [];
  for (const part of PARTS) {
    const schema = schemas[part];
    if (!schema) continue;
    const result = await schema.safeParseAsync(req[part]);
    if (result.success) parsed[part] = result.data;
    else errors.push(...toFieldErrors(part, result.error.issues));
  }
  if (errors.length > 0) throw AppError.validation(errors);
  return parsed;
}

/**
 * Middleware for routes outside `ApiRouter.route`: validates and replaces `req.params`,
 * `req.query` and `req.body` with the parsed values (Express 5 makes `req.query` a getter, so it
 * is redefined on the request).
 */
export function validate(schemas: RequestSchemas): RequestHandler {
  return async (req, _res, next) => {
    try {
      const parsed = await parseRequest(schemas, req);
      if (schemas.params) req.params = parsed.params as Request['params'];
      if (schemas.body) req.body = parsed.body;
      if (schemas.query) {
        Object.defineProperty(req, 'query', { value: parsed.query, writable: true, configurable: true, enumerable: true });
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
