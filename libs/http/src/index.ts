export { createHttpApp, type HttpApp, type HttpAppOptions } from './create-http-app';
export {
  createApiRouter,
  type ApiRouter,
  type ApiRouterOptions,
  type HttpMethod,
  type ResponseSpec,
  type RouteContext,
  type RouteDefinition,
  type RouteResponses,
  type RouteResult,
  type UserFor,
} from './api-router';
export { validate, parseRequest, toFieldErrors, type RequestSchemas, type ParsedRequest } from './validate';
export {
  createTokenVerifier,
  revokedSessionKey,
  missingTokenError,
  invalidTokenError,
  ROLES,
  SUPPORTED_ALGORITHMS,
  type Role,
  type JwtAlgorithm,
  type AccessTokenClaims,
  type AuthUser,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier';
export { authenticate, authorize, authUser, assertSelfOrAdmin, type RouteAuth } from './authenticate';
export { errorHandler, notFoundHandler, fromFrameworkError } from './error-handler';
export { problemFromError, problemTitle, sendProblem, type ProblemBody } from './problem';
export { requestContext, isSaneId, REQUEST_ID_HEADER, CORRELATION_ID_HEADER } from './request-context.middleware';
export { httpMetrics } from './http-metrics.middleware';
export { accessLog } from './access-log.middleware';
export { routeLabel, setRouteLabel } from './route-label';
export { healthHandler, readinessHandler, metricsHandler, runReadinessChecks, type ReadinessCheck, type CheckOutcome } from './probes';
export { toOpenApiPath, generateOpenApiDocument, createOpenApiRegistry, type OpenAPIObject, type ServiceOpenApiRegistry } from './openapi';
export { listen, closeServer, type ListenOptions, type Listening } from './listen';
export { trustProxyFunction, clientAddress, allowSources, internalAccess } from './client-address';
export { rejectUnsafeText, findUnsafeText, unsafeTextReason } from './safe-text';
