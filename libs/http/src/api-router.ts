import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '@marquee/core';
import { ErrorCode, PROBLEM_CONTENT_TYPE } from '@marquee/contracts';
import { authenticate, authorize, type RouteAuth } from './authenticate';
import {
  BEARER_SCHEME,
  pathParameterNames,
  toOpenApiPath,
  type OpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
  type ServiceOpenApiRegistry,
} from './openapi';
import { setRouteLabel } from './route-label';
import type { AuthUser, TokenVerifier } from './token-verifier';
import { parseRequest, type RequestSchemas } from './validate';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented answer of a route. */
export interface ResponseSpec {
  description: string;
  /** The body; for 4xx/5xx without a schema the `Problem` schema is documented. */
  schema?: z.ZodType;
  /** Default `application/json` (`application/problem+json` for errors). */
  contentType?: string;
  headers?: z.ZodObject;
}

export type RouteResponses = { [status: number]: ResponseSpec };

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206;
type Parsed<S, Fallback> = [S] extends [z.ZodType] ? z.output<S> : Fallback;

/** What a handler may return: a body of one of its declared 2xx schemas, or nothing. */
export type RouteResult<R> =
  | {
      [K in keyof R]: K extends SuccessStatus ? (R[K] extends { schema: infer S extends z.ZodType } ? z.input<S> : undefined) : never;
    }[keyof R]
  | void;

/** `ctx.user` is there for sure on routes that need a token, maybe on `optional` ones. */
export type UserFor<A> = A extends 'public' ? undefined : A extends 'optional' ? AuthUser | undefined : AuthUser;

/** What a route handler gets: parsed request parts, the caller, and Express's req/res. */
export interface RouteContext<P = Record<string, string>, Q = Record<string, unknown>, B = unknown, U = AuthUser | undefined> {
  params: P;
  query: Q;
  body: B;
  user: U;
  req: Request;
  res: Response;
}

/**
 * A route declared once for both validation and documentation.
 *
 * The handler's return value is sent as JSON with the lowest 2xx status declared (`undefined`
 * sends that status with no body). A handler may answer through `res` itself (redirects, files,
 * streams): then it should resolve once the answer is complete (`await pipeline(stream, res)`).
 */
export interface RouteDefinition<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends RouteResponses = RouteResponses,
  A extends RouteAuth = 'user',
> {
  method: HttpMethod;
  /** Express syntax (`/api/things/:id`); documented as `/api/things/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  deprecated?: boolean;
  /** Default `user`: a route is protected unless it says otherwise. */
  auth?: A;
  request?: {
    params?: P;
    query?: Q;
    body?: B;
    /**
     * Request headers the route reads (lower-case names, e.g. `idempotency-key`): validated like
     * the rest (400 `headers.<name>`) and documented as header parameters. Handlers read them
     * from `req`; other headers are neither checked nor stripped.
     */
    headers?: z.ZodObject;
    /** Accepted body media types; default `application/json`. Others get 415. */
    bodyContentTypes?: string[];
  };
  responses: R;
  handler: (
    ctx: RouteContext<Parsed<P, Record<string, string>>, Parsed<Q, Record<string, unknown>>, Parsed<B, unknown>, UserFor<A>>,
  ) => Promise<RouteResult<R>> | RouteResult<R>;
}

/** Where a service declares its routes (given to `configure` by `createHttpApp`). */
export interface ApiRouter {
  /** Declares a validated, authorised and documented route. */
  route<
    P extends z.ZodObject | undefined = undefined,
    Q extends z.ZodObject | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
    R extends RouteResponses = RouteResponses,
    A extends RouteAuth = 'user',
  >(
    definition: RouteDefinition<P, Q, B, R, A>,
  ): void;
  /** Auth middleware for routes added on `express` directly. */
  authenticate(mode?: RouteAuth): RequestHandler;
  /** The underlying router, for what `route` cannot express (multipart uploads, range requests). */
  readonly express: Router;
  /** The OpenAPI registry, to document routes added on `express`. */
  readonly openapi: OpenAPIRegistry;
}

export interface ApiRouterOptions {
  openapi: ServiceOpenApiRegistry;
  verifier?: TokenVerifier;
}

const PARSED_BODY_TYPE = /^application\/(json|[\w.-]+\+json|x-www-form-urlencoded)$/;

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function describeAuth(auth: RouteAuth): string | undefined {
  if (auth === 'admin') return 'Requires the admin role.';
  if (Array.isArray(auth)) return `Requires one of the roles: ${auth.join(', ')}.`;
  return undefined;
}

/** Creates the router `createHttpApp` hands to `configure`. */
export function createApiRouter({ openapi, verifier }: ApiRouterOptions): ApiRouter {
  const router = Router();
  const declared = new Set<string>();
  const problem = openapi.problemContent;

  function responseConfig(status: number, spec: ResponseSpec): ResponseConfig {
    const isError = status >= 400;
    const base: ResponseConfig = { description: spec.description, ...(spec.headers ? { headers: spec.headers } : {}) };
    if (spec.schema) {
      return { ...base, content: { [spec.contentType ?? (isError ? PROBLEM_CONTENT_TYPE : 'application/json')]: { schema: spec.schema } } };
    }
    return isError ? { ...base, content: problem } : base;
  }

  function route(definition: RouteDefinition<z.ZodObject | undefined, z.ZodObject | undefined, z.ZodType | undefined, RouteResponses, RouteAuth>): void {
    const { method, path, request = {}, responses } = definition;
    const auth: RouteAuth = definition.auth ?? 'user';
    const where = `${method.toUpperCase()} ${path}`;
    if (!path.startsWith('/')) throw new Error(`${where}: the path must start with /`);
    if (/[{}()[\]?+!]/.test(path)) throw new Error(`${where}: optional or pattern segments are not supported; declare two routes`);
    if (declared.has(where)) throw new Error(`${where} is declared twice`);
    if (auth !== 'public' && !verifier) throw new Error(`${where} needs auth '${String(auth)}' but createHttpApp got no token verifier`);
    const successStatus = Object.keys(responses)
      .map(Number)
      .filter((s) => s >= 200 && s < 300)
      .sort((a, b) => a - b)[0];
    if (successStatus === undefined) throw new Error(`${where} declares no 2xx response`);
    const contentTypes = request.bodyContentTypes ?? ['application/json'];
    for (const type of contentTypes) {
      if (!PARSED_BODY_TYPE.test(type)) throw new Error(`${where}: ${type} bodies are not parsed; use router.express for them`);
    }
    const names = pathParameterNames(path);
    const paramsShape = request.params?.shape ?? {};
    for (const key of Object.keys(paramsShape)) {
      if (!names.includes(key)) throw new Error(`${where}: the params schema names "${key}", which is not in the path`);
    }
    declared.add(where);

    const schemas: RequestSchemas = { params: request.params, query: request.query, headers: request.headers, body: request.body };
    const handler: RequestHandler = async (req, res, next) => {
      setRouteLabel(res, path);
      try {
        const user = await authorize(req, verifier, auth);
        if (request.body && hasBody(req) && !req.is(contentTypes)) {
          throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `Send the body as ${contentTypes.join(' or ')}`);
        }
        const parsed = await parseRequest(schemas, req);
        const result = await definition.handler({
          params: (request.params ? parsed.params : req.params) as Record<string, string>,
          query: (request.query ? parsed.query : req.query) as Record<string, unknown>,
          body: request.body ? parsed.body : req.body,
          user: user as AuthUser,
          req,
          res,
        });
        if (res.headersSent || res.writableEnded) return;
        if (result === undefined) res.status(successStatus).end();
        else res.status(successStatus).json(result);
      } catch (error) {
        next(error);
      }
    };
    router[method](path, handler);

    const missing = names.filter((n) => !(n in paramsShape));
    const docParams =
      missing.length === 0
        ? request.params
        : (request.params ?? z.object({})).extend(Object.fromEntries(missing.map((n) => [n, z.string()])));
    const problems: Record<number, ResponseSpec> = {};
    if (request.params || request.query || request.body) {
      problems[400] = { description: 'The request is not valid (`VALIDATION_FAILED` with field errors, or `MALFORMED_JSON`)' };
    }
    if (auth !== 'public') {
      problems[401] = { description: 'Missing or bad access token (`UNAUTHORIZED`, `TOKEN_EXPIRED`, `SESSION_REVOKED`)' };
    }
    if (auth === 'admin' || Array.isArray(auth)) problems[403] = { description: 'The caller lacks the role (`FORBIDDEN`)' };
    if (request.body) {
      problems[413] = { description: 'The body is larger than the limit (`PAYLOAD_TOO_LARGE`)' };
      problems[415] = { description: `The body is not ${contentTypes.join(' or ')} (\`UNSUPPORTED_MEDIA_TYPE\`)` };
    }
    problems[500] = { description: 'Unexpected error (`INTERNAL`)' };
    const allResponses: Record<string, ResponseConfig> = {};
    for (const [status, spec] of Object.entries({ ...problems, ...responses })) {
      allResponses[status] = responseConfig(Number(status), spec);
    }
    const roles = describeAuth(auth);
    const config: RouteConfig = {
      method,
      path: toOpenApiPath(path),
      summary: definition.summary,
      description: [definition.description, roles].filter(Boolean).join('\n\n') || undefined,
      tags: definition.tags,
      operationId: definition.operationId,
      deprecated: definition.deprecated,
      security: auth === 'public' ? [] : auth === 'optional' ? [{}, { [BEARER_SCHEME]: [] }] : [{ [BEARER_SCHEME]: [] }],
      request: {
        params: docParams,
        query: request.query,
        headers: request.headers,
        body: request.body
          ? { required: true, content: Object.fromEntries(contentTypes.map((type) => [type, { schema: request.body }])) }
          : undefined,
      },
      responses: allResponses,
    };
    openapi.registry.registerPath(config);
  }

  return {
    route: route as ApiRouter['route'],
    authenticate: (mode: RouteAuth = 'user') => authenticate(verifier, mode),
    express: router,
    openapi: openapi.registry,
  };
}
