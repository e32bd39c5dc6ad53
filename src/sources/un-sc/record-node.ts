/**
 * One list record (an INDIVIDUAL or ENTITY) as a small element tree. Only one record is held at a
 * time while the document streams past, so the whole list never becomes a DOM.
 */
import { clean } from './name-text.js';

export interface RecordNode {
  name: string;
  /** Text directly inside the element, as written. */
  text: string;
  children: RecordNode[];
  /** Line on which the element opens, for error messages. */
  line: number;
}

export function childNodes(node: RecordNode, name: string): RecordNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The cleaned text of the first child named `name`, or '' when absent or empty. */
export function childText(node: RecordNode, name: string): string {
  return clean(node.children.find((c) => c.name === name)?.text ?? '');
}

/** Cleaned, non-empty texts of `<NAME><VALUE>…</VALUE>…</NAME>` groups such as NATIONALITY. */
export function valueTexts(node: RecordNode, name: string): string[] {
  return childNodes(node, name)
    .flatMap((group) => childNodes(group, 'VALUE'))
    .map((v) => clean(v.text))
    .filter((v) => v !== '');
}
