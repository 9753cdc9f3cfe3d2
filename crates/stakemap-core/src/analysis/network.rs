//! A weighted, signed, directed network of people on petgraph, and the searches the
//! analysis runs on it: best paths (Dijkstra on -ln w), Brandes betweenness and PageRank.
//!
//! Callers speak in person ids; petgraph's indices stay inside this module.

use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::{BinaryHeap, HashMap};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

/// One line of the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    /// Weight in (0, 1]: 0.3, 0.6 or 0.9 for the lines of a map.
    pub weight: f64,
    /// +1 or -1.
    pub sign: i8,
    /// -ln(weight), the cost Dijkstra adds up.
    cost: f64,
}

impl Link {
    pub fn new(weight: f64, sign: i8) -> Self {
        Link {
            weight,
            sign: if sign < 0 { -1 } else { 1 },
            cost: -weight.ln(),
        }
    }
}

/// Costs closer than this are a tie (then fewer hops win).
const EPS: f64 = 1e-12;
const NONE: u32 = u32::MAX;

/// A directed network with at most one line per ordered pair of people.
#[derive(Debug, Default)]
pub(crate) struct Network {
    graph: DiGraph<(), Link, u32>,
    ids: Vec<String>,
    index: HashMap<String, NodeIndex<u32>>,
    pairs: HashMap<(u32, u32), EdgeIndex<u32>>,
}

impl Network {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Adds a person if missing; returns their node.
    pub fn add_node(&mut self, id: &str) -> usize {
        if let Some(ix) = self.index.get(id) {
            return ix.index();
        }
        let ix = self.graph.add_node(());
        self.ids.push(id.to_string());
        self.index.insert(id.to_string(), ix);
        ix.index()
    }

    pub fn node(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|ix| ix.index())
    }

    pub fn id(&self, node: usize) -> &str {
        &self.ids[node]
    }

    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Adds a line between two nodes. When the ordered pair already has one, the stronger
    /// (higher weight) is kept; on equal weight the first one stays.
    pub fn add_link(&mut self, from: usize, to: usize, link: Link) {
        let (a, b) = (NodeIndex::new(from), NodeIndex::new(to));
        match self.pairs.entry((from as u32, to as u32)) {
            Entry::Occupied(e) => {
                let old = &mut self.graph[*e.get()];
                if link.weight > old.weight {
                    *old = link;
                }
            }
            Entry::Vacant(e) => {
                e.insert(self.graph.add_edge(a, b, link));
            }
        }
    }

    /// Every line as (from, to, link), in insertion order.
    pub fn links(&self) -> impl Iterator<Item = (usize, usize, Link)> + '_ {
        self.graph
            .edge_references()
            .map(|e| (e.source().index(), e.target().index(), *e.weight()))
    }

    /// Out-neighbours in compressed rows.
    fn out_rows(&self) -> Rows {
        let n = self.len();
        let mut offsets = vec![0usize; n + 1];
        for e in self.graph.edge_references() {
            offsets[e.source().index() + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; self.graph.edge_count()];
        let mut weights = vec![0f64; self.graph.edge_count()];
        // Insertion order within a row, like networkx's adjacency dicts.
        for e in self.graph.edge_references() {
            let s = e.source().index();
            targets[fill[s]] = e.target().index() as u32;
            weights[fill[s]] = e.weight().weight;
            fill[s] += 1;
        }
        Rows {
            offsets,
            targets,
            weights,
        }
    }

    /// Betweenness and PageRank of every node (see [`Rows::betweenness`] and
    /// [`Rows::pagerank`] with networkx's defaults: alpha 0.85, at most 100 iterations,
    /// tolerance 1e-6), computed on a thread of their own while the caller goes on with
    /// the rest of the analysis; [`Centralities::join`] waits for them.
    pub fn centralities(&self) -> Centralities {
        let rows = self.out_rows();
        let work = move || (rows.betweenness(), rows.pagerank(0.85, 100, 1e-6));
        // Not worth a thread below the size where betweenness itself takes more than one.
        if self.len() < PARALLEL_FROM {
            return Centralities::Done(work());
        }
        match std::thread::Builder::new()
            .name("centrality".into())
            .spawn(work)
        {
            Ok(handle) => Centralities::Running(handle),
            // No thread to be had: the caller's own does the work.
            Err(_) => Centralities::Done(self.out_rows().betweenness_and_pagerank()),
        }
    }

    #[cfg(test)]
    pub fn betweenness(&self) -> Vec<f64> {
        self.out_rows().betweenness()
    }

    #[cfg(test)]
    fn betweenness_on(&self, threads: usize) -> Vec<f64> {
        self.out_rows().betweenness_on(threads)
    }

    #[cfg(test)]
    pub fn pagerank(&self, alpha: f64, max_iter: usize, tol: f64) -> Vec<f64> {
        self.out_rows().pagerank(alpha, max_iter, tol)
    }
}

/// Graphs of this many nodes and more have their betweenness shared among threads: from
/// there on the work of one search per node outweighs starting a thread.
const PARALLEL_FROM: usize = 256;

/// The betweenness and PageRank of every node, by node, once computed.
pub(crate) enum Centralities {
    Running(std::thread::JoinHandle<(Vec<f64>, Vec<f64>)>),
    Done((Vec<f64>, Vec<f64>)),
}

impl Centralities {
    /// `(betweenness, pagerank)`, waiting for the thread computing them if need be.
    pub fn join(self) -> (Vec<f64>, Vec<f64>) {
        match self {
            Centralities::Running(handle) => handle.join().expect("centrality thread"),
            Centralities::Done(both) => both,
        }
    }
}

/// A network's lines in compressed rows: the out-neighbours of `v` are
/// `targets[offsets[v]..offsets[v + 1]]`, with their weights alike.
pub(crate) struct Rows {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Rows {
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn betweenness_and_pagerank(&self) -> (Vec<f64>, Vec<f64>) {
        (self.betweenness(), self.pagerank(0.85, 100, 1e-6))
    }

    /// Unweighted betweenness of every node, normalised like networkx
    /// `betweenness_centrality(G, normalized=True)` on a directed graph: Brandes' algorithm
    /// (exact; see `brandes.rs` for the searches it leaves out), scaled by 1/((n-1)(n-2))
    /// when n > 2.
    /// Graphs of [`PARALLEL_FROM`] nodes and more are shared among up to 4 threads.
    pub fn betweenness(&self) -> Vec<f64> {
        let threads = if self.len() >= PARALLEL_FROM {
            std::thread::available_parallelism()
                .map(|p| p.get())
                .unwrap_or(1)
                .clamp(1, 4)
        } else {
            1
        };
        self.betweenness_on(threads)
    }

    fn betweenness_on(&self, threads: usize) -> Vec<f64> {
        let n = self.len();
        let offsets: Vec<u32> = self.offsets.iter().map(|&o| o as u32).collect();
        let mut bc = super::brandes::betweenness(&offsets, &self.targets, threads);
        if n > 2 {
            let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
            for v in &mut bc {
                *v *= scale;
            }
        }
        bc
    }

    /// PageRank as networkx `pagerank(G, alpha, weight="weight")` computes it: start at 1/N,
    /// the mass of dangling nodes (no out-lines) spread uniformly, at most `max_iter`
    /// iterations, stop when the L1 change is below N * tol. (networkx raises an error when
    /// it does not converge; this returns the last iterate.)
    pub fn pagerank(&self, alpha: f64, max_iter: usize, tol: f64) -> Vec<f64> {
        let n = self.len();
        if n == 0 {
            return Vec::new();
        }
        let (offsets, targets, weights) = (&self.offsets, &self.targets, &self.weights);
        let out_sum: Vec<f64> = (0..n)
            .map(|v| weights[offsets[v]..offsets[v + 1]].iter().sum())
            .collect();
        let dangling: Vec<usize> = (0..n).filter(|&v| out_sum[v] == 0.0).collect();
        let nf = n as f64;
        let mut x = vec![1.0 / nf; n];
        let mut next = vec![0.0; n];
        for _ in 0..max_iter {
            next.iter_mut().for_each(|v| *v = 0.0);
            for v in 0..n {
                if out_sum[v] != 0.0 {
                    let share = 1.0 / out_sum[v];
                    for i in offsets[v]..offsets[v + 1] {
                        next[targets[i] as usize] += x[v] * (weights[i] * share);
                    }
                }
            }
            let dangling_mass: f64 = dangling.iter().map(|&v| x[v]).sum();
            let mut err = 0.0;
            for (v, nv) in next.iter_mut().enumerate() {
                *nv = alpha * (*nv + dangling_mass * (1.0 / nf)) + (1.0 - alpha) * (1.0 / nf);
                err += (*nv - x[v]).abs();
            }
            std::mem::swap(&mut x, &mut next);
            if err < nf * tol {
                break;
            }
        }
        x
    }
}

/// Which way a search follows the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Way {
    /// From the sources along the lines: best paths *from* a source.
    Forward,
    /// Against the lines: best paths *to* the sources (Dijkstra on the reversed graph).
    Backward,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Queued {
    cost: f64,
    hops: u32,
    node: u32,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap, the search wants the smallest first.
        other
            .cost
            .total_cmp(&self.cost)
            .then(other.hops.cmp(&self.hops))
            .then(other.node.cmp(&self.node))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The best path found to one node by a [`Search`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// Product of the weights along the path.
    pub reach: f64,
    /// Product of the signs along the path.
    pub polarity: i8,
    /// Number of lines on the path.
    pub hops: u32,
}

/// Best-path search (largest product of weights = smallest sum of -ln w; ties to fewer
/// hops), with buffers reused from one run to the next so repeated runs cost only what
/// they touch.
#[derive(Debug, Default)]
pub(crate) struct Search {
    cost: Vec<f64>,
    hops: Vec<u32>,
    /// The node the search came from (towards the sources).
    via: Vec<u32>,
    reach: Vec<f64>,
    polarity: Vec<i8>,
    done: Vec<bool>,
    touched: Vec<u32>,
    heap: BinaryHeap<Queued>,
    way: Option<Way>,
}

impl Search {
    pub fn new(net: &Network) -> Self {
        let n = net.len();
        Search {
            cost: vec![f64::INFINITY; n],
            hops: vec![u32::MAX; n],
            via: vec![NONE; n],
            reach: vec![0.0; n],
            polarity: vec![1; n],
            done: vec![false; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            way: None,
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            let v = v as usize;
            self.cost[v] = f64::INFINITY;
            self.hops[v] = u32::MAX;
            self.via[v] = NONE;
            self.reach[v] = 0.0;
            self.polarity[v] = 1;
            self.done[v] = false;
        }
        self.touched.clear();
        self.heap.clear();
    }

    /// Runs from every node of `sources` at once (a virtual source joined to each of them
    /// at no cost), settling only nodes whose best reach is at least `min_reach`.
    pub fn run(&mut self, net: &Network, sources: &[usize], way: Way, min_reach: f64) {
        self.run_visiting(net, sources, way, min_reach, |_, _| true);
    }

    /// [`Search::run`], calling `visit(node, reach)` as each node is settled, best reach
    /// first; the search stops when `visit` returns false.
    pub fn run_visiting(
        &mut self,
        net: &Network,
        sources: &[usize],
        way: Way,
        min_reach: f64,
        mut visit: impl FnMut(usize, f64) -> bool,
    ) {
        self.reset();
        self.way = Some(way);
        let limit = if min_reach > 0.0 {
            -min_reach.ln() + 1e-9
        } else {
            f64::INFINITY
        };
        for &s in sources {
            if self.cost[s] == 0.0 {
                continue;
            }
            self.cost[s] = 0.0;
            self.hops[s] = 0;
            self.reach[s] = 1.0;
            self.touched.push(s as u32);
            self.heap.push(Queued {
                cost: 0.0,
                hops: 0,
                node: s as u32,
            });
        }
        let dir = match way {
            Way::Forward => Direction::Outgoing,
            Way::Backward => Direction::Incoming,
        };
        while let Some(Queued { cost, hops, node }) = self.heap.pop() {
            let v = node as usize;
            if self.done[v] || cost != self.cost[v] || hops != self.hops[v] {
                continue;
            }
            if cost > limit {
                break;
            }
            self.done[v] = true;
            if !visit(v, self.reach[v]) {
                break;
            }
            for e in net.graph.edges_directed(NodeIndex::new(v), dir) {
                let u = match way {
                    Way::Forward => e.target().index(),
                    Way::Backward => e.source().index(),
                };
                if self.done[u] {
                    continue;
                }
                let link = e.weight();
                let nc = cost + link.cost;
                let nh = hops + 1;
                let old = self.cost[u];
                let better = nc < old - EPS || (nc <= old + EPS && nh < self.hops[u]);
                if better {
                    if old == f64::INFINITY {
                        self.touched.push(u as u32);
                    }
                    self.cost[u] = nc;
                    self.hops[u] = nh;
                    self.via[u] = v as u32;
                    self.reach[u] = self.reach[v] * link.weight;
                    self.polarity[u] = self.polarity[v] * link.sign;
                    self.heap.push(Queued {
                        cost: nc,
                        hops: nh,
                        node: u as u32,
                    });
                }
            }
        }
    }

    /// The best path to (forward) or from (backward) `node`, when the last run settled it.
    pub fn found(&self, node: usize) -> Option<Found> {
        self.done[node].then(|| Found {
            reach: self.reach[node],
            polarity: self.polarity[node],
            hops: self.hops[node],
        })
    }

    /// The nodes the last run settled, ascending.
    pub fn settled(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .touched
            .iter()
            .map(|&v| v as usize)
            .filter(|&v| self.done[v])
            .collect();
        v.sort_unstable();
        v
    }

    /// The path as person ids in the direction of the lines: for a backward run from `node`
    /// to the source it reached, for a forward run from the source to `node`.
    pub fn path(&self, net: &Network, node: usize) -> Vec<String> {
        let mut nodes = vec![node];
        let mut v = node;
        while self.via[v] != NONE {
            v = self.via[v] as usize;
            nodes.push(v);
        }
        if self.way == Some(Way::Forward) {
            nodes.reverse();
        }
        nodes.into_iter().map(|v| net.id(v).to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(edges: &[(&str, &str, f64, i8)]) -> Network {
        let mut n = Network::default();
        for (a, b, w, s) in edges {
            let (a, b) = (n.add_node(a), n.add_node(b));
            n.add_link(a, b, Link::new(*w, *s));
        }
        n
    }

    #[test]
    fn fewer_hops_win_a_tie() {
        // s -> k directly at 0.5, or s -> a (1.0) -> k (0.5): the same product 0.5.
        // (Lines of a map weigh 0.3, 0.6 or 0.9, whose products never tie across different
        // hop counts; this checks the rule itself with a weight of 1.)
        for order in [
            vec![("s", "a", 1.0, 1), ("a", "k", 0.5, 1), ("s", "k", 0.5, 1)],
            vec![("s", "k", 0.5, 1), ("s", "a", 1.0, 1), ("a", "k", 0.5, 1)],
        ] {
            let g = net(&order);
            let (s, k) = (g.node("s").unwrap(), g.node("k").unwrap());
            let mut search = Search::new(&g);
            search.run(&g, &[k], Way::Backward, 0.0);
            assert_eq!(search.path(&g, s), ["s", "k"]);
            assert_eq!(search.found(s).unwrap().hops, 1);
            search.run(&g, &[s], Way::Forward, 0.0);
            assert_eq!(search.path(&g, k), ["s", "k"]);
            assert_eq!(search.found(k).unwrap().reach, 0.5);
        }
    }

    #[test]
    fn a_bounded_search_stops_at_the_threshold() {
        // a -0.6-> b -0.6-> c -0.6-> d: reaches 0.6, 0.36, 0.216 back from d.
        let g = net(&[("a", "b", 0.6, 1), ("b", "c", 0.6, 1), ("c", "d", 0.6, 1)]);
        let mut search = Search::new(&g);
        search.run(&g, &[g.node("d").unwrap()], Way::Backward, 0.25);
        assert!(search.found(g.node("b").unwrap()).is_some());
        assert!(search.found(g.node("a").unwrap()).is_none());
    }

    #[test]
    fn betweenness_is_the_same_on_one_thread_or_several() {
        let mut state = 7u64;
        let mut rnd = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        let mut g = Network::default();
        for i in 0..600 {
            g.add_node(&format!("n{i}"));
        }
        for _ in 0..1_500 {
            let (a, b) = (rnd(600), rnd(600));
            if a != b {
                g.add_link(a, b, Link::new(0.6, 1));
            }
        }
        let one = g.betweenness_on(1);
        assert!(one.iter().any(|&b| b > 0.0));
        for threads in [2, 3] {
            let many = g.betweenness_on(threads);
            for (a, b) in one.iter().zip(&many) {
                assert!((a - b).abs() < 1e-12, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn brandes_on_a_chain_and_pagerank_on_a_cycle() {
        // a -> b -> c: only a->c passes through b; normalised by (n-1)(n-2) = 2.
        let g = net(&[("a", "b", 0.6, 1), ("b", "c", 0.6, 1)]);
        assert_eq!(g.betweenness(), vec![0.0, 0.5, 0.0]);
        let g = net(&[("a", "b", 0.3, 1), ("b", "c", 0.9, 1), ("c", "a", 0.6, -1)]);
        for v in g.pagerank(0.85, 100, 1e-6) {
            assert!((v - 1.0 / 3.0).abs() < 1e-12);
        }
    }
}
