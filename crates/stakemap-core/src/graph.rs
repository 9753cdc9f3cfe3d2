//! The reporting structure and influence network of one account, on petgraph, behind a
//! domain type: callers speak in person ids, never in petgraph indices.

use std::collections::HashMap;
use std::fmt::Write as _;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::model::{Person, Relation, RelationKind};

/// One account's people and lines as a directed multigraph.
#[derive(Debug, Default)]
pub struct AccountGraph {
    graph: DiGraph<String, EdgeData>,
    index: HashMap<String, NodeIndex>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeData {
    pub kind: RelationKind,
    pub strength: u8,
    pub sign: i8,
}

impl AccountGraph {
    /// Builds the graph; lines whose ends are not among `people` are ignored.
    pub fn new(people: &[Person], relations: &[Relation]) -> Self {
        let mut g = AccountGraph::default();
        for p in people {
            let ix = g.graph.add_node(p.id.clone());
            g.index.insert(p.id.clone(), ix);
        }
        for r in relations {
            if let (Some(&a), Some(&b)) = (g.index.get(&r.from), g.index.get(&r.to)) {
                g.graph.add_edge(
                    a,
                    b,
                    EdgeData {
                        kind: r.kind,
                        strength: r.strength,
                        sign: r.sign,
                    },
                );
            }
        }
        g
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The primary manager of each person who has one.
    pub fn managers(&self) -> HashMap<String, String> {
        self.graph
            .edge_references()
            .filter(|e| e.weight().kind == RelationKind::ReportsTo)
            .map(|e| {
                (
                    self.graph[e.source()].clone(),
                    self.graph[e.target()].clone(),
                )
            })
            .collect()
    }

    /// Direct reports of a person (primary reporting lines only).
    pub fn reports_of(&self, id: &str) -> Vec<&str> {
        let Some(&ix) = self.index.get(id) else {
            return Vec::new();
        };
        let mut v: Vec<&str> = self
            .graph
            .edges_directed(ix, Direction::Incoming)
            .filter(|e| e.weight().kind == RelationKind::ReportsTo)
            .map(|e| self.graph[e.source()].as_str())
            .collect();
        v.sort_unstable();
        v
    }

    /// Count of lines of one kind.
    pub fn count(&self, kind: RelationKind) -> usize {
        self.graph
            .edge_references()
            .filter(|e| e.weight().kind == kind)
            .count()
    }

    /// Graphviz DOT, for debugging and fixture tests.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph account {\n");
        let mut nodes: Vec<&String> = self.graph.node_weights().collect();
        nodes.sort();
        for n in nodes {
            let _ = writeln!(out, "  {n:?};");
        }
        let mut edges: Vec<String> = self
            .graph
            .edge_references()
            .map(|e| {
                let w = e.weight();
                format!(
                    "  {:?} -> {:?} [label=\"{}{}{}\"];",
                    self.graph[e.source()],
                    self.graph[e.target()],
                    w.kind,
                    if w.sign < 0 { " -" } else { " " },
                    w.strength
                )
            })
            .collect();
        edges.sort();
        for e in edges {
            out.push_str(&e);
            out.push('\n');
        }
        out.push_str("}\n");
        out
    }
}
