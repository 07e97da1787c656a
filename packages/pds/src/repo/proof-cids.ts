// CIDs of the MST nodes that prove a key's presence or absence, including the nodes beside it that a
// consumer needs to invert the operation (sync v1.1). Mirrors MST.getCoveringProof, but collects
// cached pointers instead of re-encoding every node on the path.
import type { Cid } from "@atproto/lex-data";
import type { Leaf, MST, NodeEntry } from "@atproto/repo";

export async function coveringProofCids(root: MST, key: string, out: Map<string, Cid>): Promise<void> {
  await Promise.all([forKey(root, key, out), forLeftSib(root, key, out), forRightSib(root, key, out)]);
}

async function add(node: MST, out: Map<string, Cid>) {
  const cid = await node.getPointer();
  out.set(cid.toString(), cid);
}

async function gtOrEqualIndex(entries: NodeEntry[], key: string): Promise<number> {
  const i = entries.findIndex((e) => e.isLeaf() && e.key >= key);
  return i >= 0 ? i : entries.length;
}

async function forKey(node: MST, key: string, out: Map<string, Cid>): Promise<void> {
  const entries = await node.getEntries();
  const index = await gtOrEqualIndex(entries, key);
  const found = entries[index];
  if (!(found?.isLeaf() && found.key === key)) {
    const prev = entries[index - 1];
    if (!prev || prev.isLeaf()) return;
    await forKey(prev as MST, key, out);
  }
  await add(node, out);
}

async function forLeftSib(node: MST, key: string, out: Map<string, Cid>): Promise<void> {
  const entries = await node.getEntries();
  const index = await gtOrEqualIndex(entries, key);
  const prev = entries[index - 1];
  if (prev?.isTree()) await forLeftSib(prev as MST, key, out);
  await add(node, out);
}

async function forRightSib(node: MST, key: string, out: Map<string, Cid>): Promise<void> {
  const entries = await node.getEntries();
  const index = await gtOrEqualIndex(entries, key);
  const found = entries[index] ?? entries[index - 1];
  if (found?.isTree()) {
    await forRightSib(found as MST, key, out);
  } else if (found) {
    const next = (found as Leaf).key === key ? entries[index + 1] : entries[index - 1];
    if (next?.isTree()) await forRightSib(next as MST, key, out);
  }
  await add(node, out);
}
