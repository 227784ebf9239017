import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
  type ZodContentObject,
} from '@asteasolutions/zod-to-openapi';
import { PROBLEM_CONTENT_TYPE, problemSchema } from '@marquee/contracts';

// Schemas are named with zod's own `.meta({ id })`, not zod-to-openapi's `.openapi()`: that
// extension only reaches schemas created after it is installed, and contracts' schemas are made
// first. Services name theirs the same way: `thingSchema.meta({ id: 'Thing' })`.
const problemComponent = problemSchema.meta({ id: 'Problem', description: 'An RFC 9457 problem' });

/** The OpenAPI 3.1 document of a service. */
export type OpenAPIObject = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export const BEARER_SCHEME = 'bearerAuth';

/** A registry that already knows the `Problem` schema and the bearer JWT security scheme. */
export interface ServiceOpenApiRegistry {
  registry: OpenAPIRegistry;
  /** `application/problem+json` content referring to `#/components/schemas/Problem`. */
  problemContent: ZodContentObject;
}

export function createOpenApiRegistry(): ServiceOpenApiRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from the users service (`Authorization: Bearer <access_token>`).',
  });
  return { registry, problemContent: { [PROBLEM_CONTENT_TYPE]: { schema: problemComponent } } };
}

/** `/api/things/:id` → `/api/things/{id}` (and `*rest` → `{rest}`). */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/[:*]([A-Za-z_$][\w$]*)/g, '{$1}');
}

/** Names of the parameters in an Express path. */
export function pathParameterNames(expressPath: string): string[] {
  return [...expressPath.matchAll(/[:*]([A-Za-z_$][\w$]*)/g)].map((m) => m[1] as string);
}

/** Builds the service's OpenAPI 3.1 document from everything registered. */
export function generateOpenApiDocument(
  registry: OpenAPIRegistry,
  info: { service: string; version: string; description?: string },
): OpenAPIObject {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: info.service, version: info.version, description: info.description },
  });
}

export type { OpenAPIRegistry, ResponseConfig, RouteConfig };
