/**
 * Looking types up in the catalog: names and aliases, the engine's own lookups, and the mapping of
 * dependency-tracking types. The catalog's own consistency is catalog-integrity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  dependencyType,
  flowObjectType,
  requireType,
  resolveTypeNames,
  typeByName,
} from '../../lambdas/engine/catalog/index.ts';
import { InvariantError, UsageError } from '../../lambdas/engine/errors.ts';

describe('Catalog lookups', () => {
  it('finds a type by name or alias, whatever the case and surrounding blanks', () => {
    expect(typeByName('routing:queue')?.name).toBe('routing:queue');
    expect(typeByName('  Genesyscloud_Routing_Queue ')?.name).toBe('routing:queue');
    expect(typeByName('routing:wrapupcode')?.name).toBe('organization:wrapupcode');
    expect(typeByName('architect:flow')?.name).toBe('routing:flow');
    expect(typeByName('routing:nope')).toBeUndefined();
  });

  it('resolves --resourceTypes to canonical names without duplicates, refusing unknown ones by name', () => {
    expect(resolveTypeNames(['queue', 'routing:queue', 'user'])).toEqual(['routing:queue', 'admin:user']);
    const err = (() => {
      try {
        resolveTypeNames(['queue', 'nope', 'routing:nope'], '--include');
      } catch (e) {
        return e;
      }
    })() as Error;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(
      /^--include: unknown resource types 'nope', 'routing:nope' \(known: authorization:division, /,
    );
  });

  it('treats an unknown type inside the engine as a bug, not as bad input', () => {
    expect(requireType('queue').name).toBe('routing:queue');
    expect(() => requireType('routing:nope')).toThrow(InvariantError);
    expect(() => requireType('routing:nope')).toThrow('unknown resource type routing:nope');
  });

  it('maps dependency-tracking types to catalog types, flows by their suffix, others by their own name', () => {
    const of = (type: unknown) => dependencyType({ type });
    expect(of('QUEUE')).toBe('routing:queue');
    expect(of('acdwrapupcode')).toBe('organization:wrapupcode');
    expect(of('INBOUNDCALLFLOW')).toBe('routing:flow');
    expect(of('WORKFLOW')).toBe('routing:flow');
    expect(of('SOMEFUTUREFLOW')).toBe('routing:flow');
    expect(of('LANGUAGE')).toBe('LANGUAGE');
    expect(of('skillgroup')).toBe('SKILLGROUP');
    expect(of('')).toBeUndefined();
    expect(of(7)).toBeUndefined();
  });

  it('names the dependency-tracking object type of a flow type, when there is one', () => {
    expect(flowObjectType('inboundcall')).toBe('INBOUNDCALLFLOW');
    expect(flowObjectType('WORKFLOW')).toBe('WORKFLOW');
    expect(flowObjectType('inqueueemail')).toBe('INQUEUEEMAILFLOW');
    expect(flowObjectType('speech')).toBeUndefined();
    expect(flowObjectType('')).toBeUndefined();
    expect(flowObjectType(undefined)).toBeUndefined();
  });
});
