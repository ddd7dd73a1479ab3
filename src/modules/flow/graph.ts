/**
 * The graph reading of a flowchart, shared by the problem checks: indexes, reachability and the
 * longest START→END path. Pure functions over plain data.
 *
 * Charts reaching here may be structurally broken (a draft, an import): a repeated key keeps its
 * first node, and an edge naming an unknown node is ignored. `flowIntegrityErrors` reports both.
 */
import type { FlowchartData, FlowNodeData } from '../catalog/power-content';

export interface FlowGraph {
  nodes: FlowNodeData[];
  /** node key → index of the first node with that key */
  index: Map<string, number>;
  /** successors of each node, in edge order, without repeats */
  out: number[][];
  /** predecessors of each node, in edge order, without repeats */
  in: number[][];
  /** index of the first START node, or -1 */
  start: number;
}

export function buildGraph(chart: FlowchartData): FlowGraph {
  const nodes = chart.nodes ?? [];
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!index.has(n.key)) index.set(n.key, i);
  });
  const out: number[][] = nodes.map(() => []);
  const inn: number[][] = nodes.map(() => []);
  for (const e of chart.edges ?? []) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) continue;
    if (!out[from].includes(to)) out[from].push(to);
    if (!inn[to].includes(from)) inn[to].push(from);
  }
  const start = nodes.findIndex((n) => n.kind === 'START');
  return { nodes, index, out, in: inn, start };
}

/** Which nodes a walk along `adjacency` from any of `from` reaches (the `from` nodes included). */
export function reachable(adjacency: number[][], from: number[]): boolean[] {
  const seen = adjacency.map(() => false);
  const stack = from.filter((i) => i >= 0 && i < adjacency.length);
  for (const i of stack) seen[i] = true;
  while (stack.length) {
    const v = stack.pop()!;
    for (const u of adjacency[v]) {
      if (!seen[u]) {
        seen[u] = true;
        stack.push(u);
      }
    }
  }
  return seen;
}

/** The indexes of the END nodes of a graph. */
export function endNodes(g: FlowGraph): number[] {
  return g.nodes.flatMap((n, i) => (n.kind === 'END' ? [i] : []));
}

export interface LongestPath {
  /** the sum of the weights of the nodes on the path */
  total: number;
  /** node indexes from START to an END */
  path: number[];
}

/**
 * The heaviest path from `g.start` to an END node, a node's weight being `weight(node)`.
 *
 * Charts may loop (补正 back to 受理, say). A loop repeats steps already counted, and the time a
 * counterparty takes to correct its application does not run against the statutory limit, so the
 * loop is not counted again: a depth-first walk from START, taking edges in their order, drops the
 * back edges (an edge to a node still on the walk's stack), and the longest path is computed over
 * the acyclic rest. Linear in nodes + edges, and the same answer for the same chart every time.
 *
 * Null when there is no START or no END is reachable from it.
 */
export function longestPath(
  g: FlowGraph,
  weight: (node: FlowNodeData) => number,
): LongestPath | null {
  if (g.start < 0) return null;
  const n = g.nodes.length;
  const state = new Array<0 | 1 | 2>(n).fill(0); // 0 unseen, 1 on the stack, 2 finished
  const dagOut: number[][] = g.nodes.map(() => []);
  const order: number[] = []; // post-order: every DAG successor finishes before its predecessor
  const stack: { v: number; next: number }[] = [{ v: g.start, next: 0 }];
  state[g.start] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next < g.out[top.v].length) {
      const u = g.out[top.v][top.next++];
      if (state[u] === 1) continue; // a back edge: the loop is not counted again
      dagOut[top.v].push(u);
      if (state[u] === 0) {
        state[u] = 1;
        stack.push({ v: u, next: 0 });
      }
    } else {
      state[top.v] = 2;
      order.push(top.v);
      stack.pop();
    }
  }
  const best = new Array<number>(n).fill(-Infinity);
  const via = new Array<number>(n).fill(-1);
  for (const v of order) {
    const w = weight(g.nodes[v]);
    if (g.nodes[v].kind === 'END') best[v] = w;
    for (const u of dagOut[v]) {
      if (best[u] !== -Infinity && w + best[u] > best[v]) {
        best[v] = w + best[u];
        via[v] = u;
      }
    }
  }
  if (best[g.start] === -Infinity) return null;
  const path: number[] = [];
  for (let v = g.start; v !== -1; v = via[v]) path.push(v);
  return { total: best[g.start], path };
}

/** How a node is named to a clerk: its label and key, e.g. 「受理」（A2）. */
export function nodeName(node: FlowNodeData): string {
  const label = node.label?.trim();
  return label ? `「${label}」（${node.key}）` : `节点 ${node.key}`;
}
