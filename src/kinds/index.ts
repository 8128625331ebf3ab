// The registry of entry kinds: one line per kind. Loaders, resolvers, the Markdown renderer, the
// seed schema and writer, codegen and the tests derive from it; the compiler names a missing kind.
import type { z } from 'zod';
import type { EntryKind } from '../generated/prisma/enums';
import { algorithm } from './algorithm';
import { caseStudy } from './case-study';
import { challenge } from './challenge';
import { component } from './component';
import { concept } from './concept';
import { constraintType } from './constraint-type';
import { decisionRecord } from './decision-record';
import type { KindDefinition } from './define';
import { model } from './model';
import { pattern } from './pattern';
import { quality } from './quality';
import { reference } from './reference';
import { scenario } from './scenario';
import { style } from './style';
import { tradeoff } from './tradeoff';

export const KINDS = {
  QUALITY: quality,
  ALGORITHM: algorithm,
  PATTERN: pattern,
  STYLE: style,
  SCENARIO: scenario,
  CASE_STUDY: caseStudy,
  TRADEOFF: tradeoff,
  COMPONENT: component,
  CONSTRAINT_TYPE: constraintType,
  CONCEPT: concept,
  CHALLENGE: challenge,
  MODEL: model,
  REFERENCE: reference,
  DECISION_RECORD: decisionRecord,
} satisfies Record<EntryKind, KindDefinition>;

export type Kinds = typeof KINDS;

/** Every kind's definition, in registry order. */
export const KIND_LIST: readonly KindDefinition[] = Object.values(KINDS);

/** The detail row of a kind (null for a kind without a detail table). */
export type DetailOf<K extends EntryKind> =
  Kinds[K] extends KindDefinition<infer _Seed, infer D, infer _Name> ? D : never;

/** An entry as the content files give it, of any kind. */
export type SeedEntry = { [K in EntryKind]: z.infer<Kinds[K]['schema']> }[EntryKind];
export type SeedKind = SeedEntry['kind'];

/** `CASE_STUDY` → `caseStudy`: the name of a kind's detail loader. */
export type CamelKind<S extends string> = S extends `${infer H}_${infer T}`
  ? `${Lowercase<H>}${Capitalize<CamelKind<T>>}`
  : Lowercase<S>;

export function camelKind<K extends EntryKind>(kind: K): CamelKind<K> {
  return kind.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) as CamelKind<K>;
}

/** The definition of the kind with this content-file name (`case-study`); undefined for none. */
export function kindBySeedKind(seedKind: string): KindDefinition | undefined {
  return KIND_LIST.find((k) => k.seedKind === seedKind);
}

/** What a reader calls each kind: "Case study". */
export const KIND_LABEL = Object.fromEntries(KIND_LIST.map((k) => [k.kind, k.label])) as Record<
  EntryKind,
  string
>;

/** The GraphQL type of each kind of entry. */
export const TYPE_OF_KIND = Object.fromEntries(KIND_LIST.map((k) => [k.kind, k.typeName])) as {
  [K in EntryKind]: Kinds[K]['typeName'];
};
