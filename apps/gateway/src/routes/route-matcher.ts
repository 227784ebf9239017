import type { Method, RouteRule } from './route-table';

export type RouteMatch =
  | { kind: 'matched'; rule: RouteRule }
  /** The path exists, but not with this method: 405 with `Allow`. */
  | { kind: 'method-not-allowed'; allow: Method[] }
  | { kind: 'none' };

interface Compiled {
  rule: RouteRule;
  pattern: RegExp;
}

function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Finds the rule for a method and path: the first rule (in table order) whose path matches and
 * that allows the method. `HEAD` is served by `GET` rules.
 */
export function createRouteMatcher(rules: readonly RouteRule[]): (method: string, path: string) => RouteMatch {
  const compiled: Compiled[] = rules.map((rule) => ({ rule, pattern: compile(rule.path) }));
  return (method, path) => {
    const wanted = (method === 'HEAD' ? 'GET' : method) as Method;
    const allow = new Set<Method>();
    for (const { rule, pattern } of compiled) {
      if (!pattern.test(path)) continue;
      if (rule.methods.includes(wanted)) return { kind: 'matched', rule };
      for (const m of rule.methods) allow.add(m);
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'none' };
  };
}
