//! Exact unweighted betweenness on compressed rows (Brandes' algorithm, one breadth-first
//! search per source), with the work a search cannot change left out:
//!
//! - a source without a path of two lines adds to nobody's betweenness: it is not searched;
//! - a *leaf*, a node with no line in and exactly one line out (to `u`), is never on anybody's
//!   path, and its search is `u`'s shifted by one: every node but `u` gets from the leaf what
//!   it gets from `u`, and `u` gets one per node `u` reaches. So `u` is searched once with a
//!   weight of 1 + its leaves, and `u` gets (leaves) x (nodes `u` reaches) on top.
//!
//! A search goes level by level, and its loops are written for the processor rather than
//! the textbook (together about three times faster than a queue, a stack and a list of
//! predecessors per node on graphs of 10,000 people):
//!
//! - the loop over a level's lines keeps every line that leads to a node not yet reached
//!   (all such lines are on shortest paths, to the next level) without a branch: it writes
//!   the line and moves the end of the list by 0 or 1. Whether a line leads somewhere new
//!   is a coin toss the processor would guess wrong half the time;
//! - rows are padded to groups of four lines (see [`Padded`]), so most rows take one turn
//!   of that loop and where a row ends is rarely guessed wrong either;
//! - "reached" is one byte per node, small enough to stay in the fastest cache;
//! - path counts and dependencies are kept by place in the search order, so the count of
//!   the next level and the accumulation walk lists in order instead of jumping around
//!   the graph; the counts array holds (1 + dependency) / count once a node is done;
//! - every buffer is reused from one source to the next;
//! - path counts that could overflow (they double per level on a ladder) are scaled down
//!   by a power of two, exactly, where a plain `f64` count would end in infinity and NaN.
//!
//! The sources are shared among threads in small batches so they finish together.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Sources handed to a thread at a time.
const BATCH: usize = 32;

/// Who is searched, and what is added without a search.
struct Plan {
    /// (source, weight): the source stands for itself and its leaves.
    sources: Vec<(u32, f64)>,
    /// Betweenness known without a search (leaves of a node whose search is left out).
    direct: Vec<f64>,
}

fn plan(offsets: &[u32], targets: &[u32]) -> Plan {
    let n = offsets.len() - 1;
    let out_degree = |v: usize| (offsets[v + 1] - offsets[v]) as usize;
    let mut in_degree = vec![0u32; n];
    for &w in targets {
        in_degree[w as usize] += 1;
    }
    let is_leaf = |v: usize| in_degree[v] == 0 && out_degree(v) == 1;
    let mut leaves = vec![0u32; n];
    for v in (0..n).filter(|&v| is_leaf(v)) {
        leaves[targets[offsets[v] as usize] as usize] += 1;
    }
    let mut sources = Vec::new();
    let mut direct = vec![0.0; n];
    for v in (0..n).filter(|&v| !is_leaf(v)) {
        let row = &targets[offsets[v] as usize..offsets[v + 1] as usize];
        if row.iter().any(|&w| out_degree(w as usize) > 0) {
            sources.push((v as u32, 1.0 + f64::from(leaves[v])));
        } else {
            // v reaches only its out-neighbours (one line each, no two alike): each leaf
            // of v has a path through v to each of them.
            direct[v] = f64::from(leaves[v]) * out_degree(v) as f64;
        }
    }
    Plan { sources, direct }
}

/// Unnormalised betweenness (endpoints excluded) of the graph whose out-neighbours of `v`
/// are `targets[offsets[v]..offsets[v + 1]]`, with at most one line per ordered pair and no
/// line from a node to itself; on `threads` threads.
pub(crate) fn betweenness(offsets: &[u32], targets: &[u32], threads: usize) -> Vec<f64> {
    let plan = plan(offsets, targets);
    let rows = Padded::new(offsets, targets);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut search = Brandes::new(&rows);
        loop {
            let start = next.fetch_add(BATCH, Ordering::Relaxed);
            if start >= plan.sources.len() {
                break;
            }
            let end = (start + BATCH).min(plan.sources.len());
            for &(s, weight) in &plan.sources[start..end] {
                search.source(s as usize, weight);
            }
        }
        search.bc
    };
    let parts: Vec<Vec<f64>> = if threads <= 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("betweenness worker"))
                .collect()
        })
    };
    let mut total = plan.direct;
    for part in parts {
        for (t, v) in total.iter_mut().zip(part) {
            *t += v;
        }
    }
    total
}

/// Out-neighbours in rows padded to a multiple of [`LANES`] (at least one group, even for a
/// node without lines) with a *blank*, node `n`, which counts as reached in every search:
/// a line to the blank is never kept, so the search treats it as any line and it changes
/// nothing. Most rows then take one turn of the search's loop, and the processor rarely
/// guesses wrong where a row ends.
struct Padded {
    n: usize,
    /// Lines without the blanks.
    lines: usize,
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

/// Path counts above this are scaled down by it (2^512: exact, and far from overflowing).
const SCALE_AT: f64 = 1.3407807929942597e154;

/// The lines of a row the search's loop takes per turn.
const LANES: usize = 4;

impl Padded {
    fn new(offsets: &[u32], targets: &[u32]) -> Self {
        let n = offsets.len() - 1;
        let mut padded = Padded {
            n,
            lines: targets.len(),
            offsets: Vec::with_capacity(n + 1),
            targets: Vec::with_capacity(targets.len() + LANES * n),
        };
        padded.offsets.push(0);
        for v in 0..n {
            let row = &targets[offsets[v] as usize..offsets[v + 1] as usize];
            padded.targets.extend_from_slice(row);
            let groups = row.len().div_ceil(LANES).max(1);
            padded
                .targets
                .resize(padded.targets.len() + groups * LANES - row.len(), n as u32);
            padded.offsets.push(padded.targets.len() as u32);
        }
        padded
    }

    fn row(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }
}

/// One thread's search state, reused from source to source.
struct Brandes<'a> {
    rows: &'a Padded,
    bc: Vec<f64>,
    /// By node, 1 once the search reached it; then the blank, always 1.
    seen: Vec<u8>,
    /// The place of a node in `order` (valid for the nodes the current search reached).
    place: Vec<u32>,
    /// The search order (one spare slot: a node is written at the end before it is known
    /// whether it is new).
    order: Vec<u32>,
    /// By place: the number of shortest paths from the source; once the node's
    /// dependency is final, (1 + dependency) / that number.
    sigma: Vec<f64>,
    /// By place: the dependency being summed.
    acc: Vec<f64>,
    /// Per level of the search: where its nodes start in `order` and its lines in
    /// `from`/`to`, and the factor its dependencies take from the scaling of the next
    /// level's path counts (1, or 2^-512 when they were scaled down by 2^512).
    levels: Vec<(u32, u32, f64)>,
    /// The lines on shortest paths, level by level: from place `from[k]` to `to[k]` (a
    /// node while its level is searched, then its place). One spare slot: a line is
    /// written at the end before it is known whether it is kept.
    from: Vec<u32>,
    to: Vec<u32>,
}

impl<'a> Brandes<'a> {
    fn new(rows: &'a Padded) -> Self {
        let n = rows.n;
        let mut seen = vec![0u8; n + 1];
        seen[n] = 1;
        let lines = rows.lines + 1;
        Brandes {
            rows,
            bc: vec![0.0; n],
            seen,
            place: vec![0; n],
            order: vec![0; n + 1],
            sigma: vec![0.0; n],
            acc: vec![0.0; n],
            levels: Vec::new(),
            from: vec![0; lines],
            to: vec![0; lines],
        }
    }

    /// Adds `weight` times the dependencies of every node on `s`, and to `s` itself
    /// (weight - 1) times the number of nodes it reaches (what its leaves get through it).
    fn source(&mut self, s: usize, weight: f64) {
        let rows = self.rows;
        let (seen, place, order, sigma, acc, levels, from, to) = (
            &mut self.seen[..],
            &mut self.place[..],
            &mut self.order[..],
            &mut self.sigma[..],
            &mut self.acc[..],
            &mut self.levels,
            &mut self.from[..],
            &mut self.to[..],
        );
        levels.clear();
        seen[s] = 1;
        place[s] = 0;
        order[0] = s as u32;
        sigma[0] = 1.0;
        let (mut head, mut tail, mut lines) = (0usize, 1usize, 0usize);
        while head < tail {
            levels.push((head as u32, lines as u32, 1.0));
            let (end, first_line) = (tail, lines);
            // The lines to nodes not reached yet: each is on a shortest path, to a node of
            // the next level (a node may be at the end of several).
            for (i, &v) in (head..end).zip(&order[head..end]) {
                for group in rows.row(v as usize).chunks_exact(LANES) {
                    for &w in group {
                        from[lines] = i as u32;
                        to[lines] = w;
                        lines += usize::from(seen[w as usize] == 0);
                    }
                }
            }
            // The next level, in the order its nodes were first met; `to` becomes a place.
            for k in first_line..lines {
                let w = to[k] as usize;
                let new = seen[w] == 0;
                seen[w] = 1;
                order[tail] = w as u32;
                let p = if new { tail as u32 } else { place[w] };
                place[w] = p;
                tail += usize::from(new);
                to[k] = p;
                let before = if new { 0.0 } else { sigma[p as usize] };
                sigma[p as usize] = before + sigma[from[k] as usize];
            }
            // Path counts grow as fast as 2^level (a ladder of pairs of people): before they
            // could overflow, the level's are scaled down by a power of two, which loses no
            // precision, and the accumulation scales back.
            let next = &mut sigma[end..tail];
            if next.iter().any(|&count| count > SCALE_AT) {
                for count in next.iter_mut() {
                    *count *= SCALE_AT.recip();
                }
                if let Some(level) = levels.last_mut() {
                    level.2 = SCALE_AT.recip();
                }
            }
            head = end;
        }
        levels.push((tail as u32, lines as u32, 1.0));
        // Deepest level first; the source (level 0) gets no betweenness from its own search.
        for l in (1..levels.len() - 1).rev() {
            let (first, first_line, scale) = levels[l];
            let (last, last_line, _) = levels[l + 1];
            for k in first_line as usize..last_line as usize {
                acc[from[k] as usize] += sigma[to[k] as usize];
            }
            for i in first as usize..last as usize {
                let count = sigma[i];
                let delta = count * acc[i] * scale;
                acc[i] = 0.0;
                self.bc[order[i] as usize] += weight * delta;
                sigma[i] = (1.0 + delta) / count;
            }
        }
        self.bc[s] += (weight - 1.0) * (tail - 1) as f64;
        for &v in &order[..tail] {
            seen[v as usize] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// Textbook Brandes on adjacency lists: every node a source, no shortcut.
    fn plain(n: usize, edges: &[(usize, usize)]) -> Vec<f64> {
        let mut out = vec![Vec::new(); n];
        for &(a, b) in edges {
            out[a].push(b);
        }
        let mut bc = vec![0.0; n];
        for s in 0..n {
            let mut dist = vec![usize::MAX; n];
            let mut sigma = vec![0.0; n];
            let mut preds = vec![Vec::new(); n];
            let mut stack = Vec::new();
            let mut queue = VecDeque::from([s]);
            dist[s] = 0;
            sigma[s] = 1.0;
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                for &w in &out[v] {
                    if dist[w] == usize::MAX {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w);
                    }
                    if dist[w] == dist[v] + 1 {
                        sigma[w] += sigma[v];
                        preds[w].push(v);
                    }
                }
            }
            let mut delta = vec![0.0; n];
            while let Some(w) = stack.pop() {
                for &v in &preds[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
                if w != s {
                    bc[w] += delta[w];
                }
            }
        }
        bc
    }

    fn rows(n: usize, edges: &[(usize, usize)]) -> (Vec<u32>, Vec<u32>) {
        let mut offsets = vec![0u32; n + 1];
        for &(a, _) in edges {
            offsets[a + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; edges.len()];
        for &(a, b) in edges {
            targets[fill[a] as usize] = b as u32;
            fill[a] += 1;
        }
        (offsets, targets)
    }

    fn check(n: usize, edges: &[(usize, usize)]) {
        let want = plain(n, edges);
        let (offsets, targets) = rows(n, edges);
        for threads in [1, 2, 3] {
            let got = betweenness(&offsets, &targets, threads);
            for (v, (a, b)) in want.iter().zip(&got).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-12 * a.abs().max(1.0),
                    "node {v} of {n} on {threads} threads: plain {a}, fast {b}; edges {edges:?}"
                );
            }
        }
    }

    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// A random graph with the shapes the shortcuts look for: leaves (several on one node),
    /// chains, cycles through a leaf's target, a leaf on a node that leads nowhere or only to
    /// dead ends, and isolated nodes. No line twice, none from a node to itself.
    fn shaped(rng: &mut Rng, n: usize) -> Vec<(usize, usize)> {
        let mut edges = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut add = |edges: &mut Vec<(usize, usize)>, a: usize, b: usize| {
            if a != b && seen.insert((a, b)) {
                edges.push((a, b));
            }
        };
        let core = (n / 2).max(2).min(n);
        for _ in 0..rng.below(core * 2 + 1) {
            let (a, b) = (rng.below(core), rng.below(core));
            add(&mut edges, a, b);
        }
        // The other half: leaves, chains hanging off the core, or isolated nodes.
        for v in core..n {
            match rng.below(4) {
                0 => {
                    let u = rng.below(v);
                    add(&mut edges, v, u);
                }
                1 => add(&mut edges, v, rng.below(core)),
                2 => {
                    let u = rng.below(v);
                    add(&mut edges, u, v);
                }
                _ => {}
            }
        }
        // Cycles through some leaf targets.
        for _ in 0..rng.below(3) {
            let (a, b) = (rng.below(n), rng.below(n));
            add(&mut edges, a, b);
            add(&mut edges, b, a);
        }
        edges
    }

    #[test]
    fn the_shortcuts_give_what_plain_brandes_gives() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            let n = 1 + round % 40;
            let edges = shaped(&mut rng, n);
            check(n, &edges);
        }
        // Larger ones, spread over the threads' batches.
        for n in [150, 400] {
            let edges = shaped(&mut rng, n);
            check(n, &edges);
        }
    }

    #[test]
    fn rows_longer_than_a_group_and_dense_graphs() {
        // A hub with 50 lines out and 9 in, rows of every length around the group of four,
        // and dense random graphs where most pairs are joined.
        let mut edges: Vec<(usize, usize)> = (1..=50).map(|w| (0, w)).collect();
        edges.extend((51..60).map(|v| (v, 0)));
        for v in 1..=50 {
            for k in 1..=(v % 10) {
                edges.push((v, 50 + (v + k) % 10));
            }
        }
        check(60, &edges);
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for n in [5, 12, 30] {
            let mut edges = Vec::new();
            for a in 0..n {
                for b in 0..n {
                    if a != b && rng.below(4) != 0 {
                        edges.push((a, b));
                    }
                }
            }
            check(n, &edges);
        }
    }

    /// A ladder of `levels` pairs, each person with a line to both of the next pair:
    /// 2^(levels - 1) shortest paths from the first pair to the last.
    fn ladder(levels: usize) -> Vec<(usize, usize)> {
        let mut edges = Vec::new();
        for l in 0..levels - 1 {
            for a in 0..2 {
                for b in 0..2 {
                    edges.push((2 * l + a, 2 * (l + 1) + b));
                }
            }
        }
        edges
    }

    #[test]
    fn path_counts_beyond_the_range_of_f64_stay_exact() {
        // On a ladder of k pairs, a person on pair j lies on half the shortest paths of
        // every pair (s, t) with s before pair j and t after it: 2j x 2(k-1-j) / 2. With
        // 1,100 pairs there are 2^1099 paths end to end, more than an f64 holds.
        for k in [5, 600, 1_100] {
            let edges = ladder(k);
            let (offsets, targets) = rows(2 * k, &edges);
            for threads in [1, 2] {
                let got = betweenness(&offsets, &targets, threads);
                for (v, b) in got.iter().enumerate() {
                    let j = (v / 2) as f64;
                    let want = 2.0 * j * (k as f64 - 1.0 - j);
                    assert!(
                        (b - want).abs() <= 1e-9 * want.max(1.0),
                        "ladder of {k}: person {v} has {b}, not {want}"
                    );
                }
            }
        }
        // Where no count is scaled, the same as plain Brandes.
        check(2 * 40, &ladder(40));
    }

    #[test]
    fn hand_made_leaf_shapes() {
        // Two leaves 0 and 1 on 2, then 2 -> 3 -> 4. Pairs through 2: (0,3), (0,4), (1,3),
        // (1,4); through 3: (0,4), (1,4), (2,4).
        let edges = [(0, 2), (1, 2), (2, 3), (3, 4)];
        let (offsets, targets) = rows(5, &edges);
        assert_eq!(
            betweenness(&offsets, &targets, 1),
            vec![0.0, 0.0, 4.0, 3.0, 0.0]
        );
        // A leaf on a node whose only out-neighbour is a dead end: 0 -> 1 -> 2.
        let (offsets, targets) = rows(3, &[(0, 1), (1, 2)]);
        assert_eq!(betweenness(&offsets, &targets, 1), vec![0.0, 1.0, 0.0]);
        // A leaf on a cycle: 0 -> 1, 1 -> 2 -> 1: only (0,2) passes through 1.
        let (offsets, targets) = rows(3, &[(0, 1), (1, 2), (2, 1)]);
        assert_eq!(betweenness(&offsets, &targets, 1), vec![0.0, 1.0, 0.0]);
        check(3, &[(0, 1), (1, 2), (2, 1)]);
        // Nothing at all, and a single node.
        assert!(betweenness(&[0], &[], 2).is_empty());
        assert_eq!(betweenness(&[0, 0], &[], 2), vec![0.0]);
    }
}
