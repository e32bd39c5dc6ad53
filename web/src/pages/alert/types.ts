import type { Answer } from '../../api.js';

/** What GET /alerts/{id}/evidence answers (screening/evidence.ts). */
export type Evidence = Answer<'GET /alerts/{id}/evidence'>;
export type ActorName = Evidence['decisions'][number]['decidedBy'];
export type Agreement = Evidence['rows'][number]['agreement'];

/** Who a person is for four-eyes (store/persons.ts personOf): a named person, or a key of its own. */
export function identityOf(a: ActorName): string {
  return a.kind === 'person' ? `person:${a.name}` : a.actor;
}

/** The signed-in key's identity, as identityOf reads a decision's actor. */
export function myIdentity(me: { id: string; person: string | null }): string {
  return me.person ? `person:${me.person}` : `key:${me.id}`;
}
