/**
 * Reading a `<Designation>` of the FCDO XML by element name wherever it sits below a node, as
 * the published schema nests most facts two or three deep (`IndividualDetails/Individual/DOBs/
 * DOB`) and the depth is not what matters: a DOB is a DOB.
 */
import type { XmlNode } from '../xml/xml-elements.js';

/** Every element named `name` below `node`, in document order. */
export function descendants(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

/** The trimmed, space-collapsed text of a node; '' when undefined. */
export function textOf(node: XmlNode | undefined): string {
  return (node?.text ?? '').replace(/\s+/g, ' ').trim();
}

/** The non-blank texts of every element named `name` below `node`, once each. */
export function descendantTexts(node: XmlNode, name: string): string[] {
  const out: string[] = [];
  for (const d of descendants(node, name)) {
    const text = textOf(d);
    if (text !== '' && !out.includes(text)) out.push(text);
  }
  return out;
}

/** The text of the first element named `name` below `node`, '' when there is none. */
export function firstText(node: XmlNode, name: string): string {
  return descendantTexts(node, name)[0] ?? '';
}
