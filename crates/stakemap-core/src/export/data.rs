//! Data exports: CSV, JSON and GraphML.
//!
//! - CSV: two files in the generic import format (see [`crate::import`]), so the people
//!   file imports again as it is, plus columns for reading (e-mail, phone, level, the
//!   manager's name; the lines' people by name). UTF-8 with a BOM and CRLF line ends, so
//!   that Excel (also in Japanese) opens them right. Cells Excel would take as a formula
//!   are neutralised (see [`neutralise`]).
//! - JSON: the lossless [`AccountDoc`].
//! - GraphML: the network, for networkx, Gephi and yEd (with yFiles graphics, so yEd shows
//!   the cards with their names).
//!
//! Left-out (redacted) parts are not written at all: no column, no key, no attribute.

use crate::error::Reason;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::ExportData;
use crate::doc::AccountDoc;
use crate::error::{Error, Result};
use crate::layout::{CARD_H, CARD_W};
use crate::model::{Person, Relation, RelationKind, Role, Side};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Guards a CSV cell against formula injection (OWASP "CSV Injection"): a cell starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms, which
/// Japanese input produces) gets a leading `'`, so a spreadsheet shows it as text.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠') => {
            format!("'{cell}")
        }
        _ => cell.to_string(),
    }
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

fn rating_text(v: Option<u8>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to memory cannot fail; a failure here would be a bug in csv.
        w.write_record(header).expect("CSV to memory");
        for row in rows {
            w.write_record(row.iter().map(|c| neutralise(c)))
                .expect("CSV to memory");
        }
        w.flush().expect("CSV to memory");
    }
    out
}

/// People and relations as two CSV files (UTF-8 with BOM, CRLF).
///
/// People: `id,name,reading,title,department,side,roles,key,influence,intimacy,solution,
/// price,notes,email,phone,level,manager` (without the rating columns when ratings are
/// left out, and without notes, email and phone when portraits are). Relations:
/// `from,to,kind,strength,sign,note,from_name,to_name` (without note when notes are left
/// out); the sign is written `positive` or `negative`, since `-1` would be neutralised.
pub fn csv(data: &ExportData) -> (Vec<u8>, Vec<u8>) {
    let r = data.redaction;
    let names: HashMap<&str, &str> = data
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let manager: HashMap<&str, &str> = data
        .relations
        .iter()
        .filter(|l| l.kind == RelationKind::ReportsTo)
        .map(|l| (l.from.as_str(), l.to.as_str()))
        .collect();

    let mut header = vec![
        "id",
        "name",
        "reading",
        "title",
        "department",
        "side",
        "roles",
        "key",
        "influence",
    ];
    if !r.ratings {
        header.extend(["intimacy", "solution", "price"]);
    }
    if !r.portraits {
        header.extend(["notes", "email", "phone"]);
    }
    header.extend(["level", "manager"]);
    let people: Vec<Vec<String>> = data
        .people
        .iter()
        .map(|p| {
            let mut row = vec![
                p.id.clone(),
                p.name.clone(),
                p.reading.clone(),
                p.title.clone(),
                p.department.clone(),
                p.side.as_str().to_string(),
                roles_text(&p.roles),
                if p.key_person { "yes" } else { "no" }.to_string(),
                p.influence
                    .map(|i| i.as_str().to_string())
                    .unwrap_or_default(),
            ];
            if !r.ratings {
                row.extend([
                    rating_text(p.ratings.intimacy),
                    rating_text(p.ratings.solution),
                    rating_text(p.ratings.price),
                ]);
            }
            if !r.portraits {
                row.extend([p.notes.clone(), p.email.clone(), p.phone.clone()]);
            }
            row.push(p.level.map(|l| l.to_string()).unwrap_or_default());
            row.push(
                manager
                    .get(p.id.as_str())
                    .and_then(|m| names.get(m))
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            );
            row
        })
        .collect();

    let mut rel_header = vec!["from", "to", "kind", "strength", "sign"];
    if !r.notes {
        rel_header.push("note");
    }
    rel_header.extend(["from_name", "to_name"]);
    let name_of = |id: &str| names.get(id).map(|n| n.to_string()).unwrap_or_default();
    let lines: Vec<Vec<String>> = data
        .relations
        .iter()
        .map(|l| {
            let mut row = vec![
                l.from.clone(),
                l.to.clone(),
                l.kind.as_str().to_string(),
                l.strength.to_string(),
                if l.sign < 0 { "negative" } else { "positive" }.to_string(),
            ];
            if !r.notes {
                row.push(l.note.clone());
            }
            row.push(name_of(&l.from));
            row.push(name_of(&l.to));
            row
        })
        .collect();

    (write_csv(&header, &people), write_csv(&rel_header, &lines))
}

/// The whole account as pretty-printed JSON (an [`AccountDoc`]).
pub fn json(data: &ExportData) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(&AccountDoc::from_data(data)).map_err(|e| {
        Error::invalid(
            "json",
            Reason::Internal {
                detail: e.to_string(),
            },
        )
    })?;
    out.push(b'\n');
    Ok(out)
}

/// `s` with the characters XML 1.0 does not allow left out, and `& < > " '` escaped.
/// Tab, line feed and carriage return are written as character references, so that they
/// survive in attribute values and a CR is not turned into a line feed by the parser.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// XML 1.0's `Char` production (tab, LF and CR are handled by the caller).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// A GraphML attribute key: id, what it is for, name and type.
struct Key {
    id: &'static str,
    on: &'static str,
    name: &'static str,
    ty: &'static str,
}

const fn key(id: &'static str, on: &'static str, name: &'static str, ty: &'static str) -> Key {
    Key { id, on, name, ty }
}

const NODE_KEYS: &[Key] = &[
    key("name", "node", "name", "string"),
    key("label", "node", "label", "string"),
    key("reading", "node", "reading", "string"),
    key("title", "node", "title", "string"),
    key("department", "node", "department", "string"),
    key("side", "node", "side", "string"),
    key("roles", "node", "roles", "string"),
    key("key_person", "node", "key_person", "boolean"),
    key("influence", "node", "influence", "string"),
    key("intimacy", "node", "intimacy", "int"),
    key("solution", "node", "solution", "int"),
    key("price", "node", "price", "int"),
    key("x", "node", "x", "double"),
    key("y", "node", "y", "double"),
];

const EDGE_KEYS: &[Key] = &[
    key("kind", "edge", "kind", "string"),
    key("strength", "edge", "strength", "int"),
    key("sign", "edge", "sign", "int"),
    key("weight", "edge", "weight", "double"),
    key("note", "edge", "note", "string"),
];

const RATING_KEYS: [&str; 3] = ["intimacy", "solution", "price"];

fn side_colour(side: Side) -> &'static str {
    match side {
        Side::Customer => "#FFFFFF",
        Side::Ours => "#DCE8FA",
        Side::Partner => "#DFF2E1",
        Side::Consultant => "#EEE4F7",
        Side::Competitor => "#FBE0DE",
    }
}

fn line_colour(l: &Relation) -> &'static str {
    match l.kind {
        RelationKind::ReportsTo => "#4A4A4A",
        RelationKind::DottedLine => "#8A8A8A",
        RelationKind::Covers => "#2F6FD0",
        RelationKind::Influence if l.sign < 0 => "#D0342C",
        RelationKind::Influence => "#2E9A47",
    }
}

fn data_elem(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(
        out,
        "      <data key=\"{key}\">{}</data>",
        xml_escape(value)
    );
}

/// The network as GraphML: a directed graph whose nodes are the people (id = person id)
/// and whose edges are the lines (id = line id), with every attribute declared as a typed
/// `<key>` (read by networkx and Gephi) and yFiles graphics (cards with names, dashed
/// dotted lines, coloured lines with arrows) for yEd. Unknown ratings and influence are
/// left out of their node; left-out (redacted) keys are not declared at all.
pub fn graphml(data: &ExportData) -> String {
    let r = data.redaction;
    let node_keys: Vec<&Key> = NODE_KEYS
        .iter()
        .filter(|k| !(r.ratings && RATING_KEYS.contains(&k.id)))
        .collect();
    let edge_keys: Vec<&Key> = EDGE_KEYS
        .iter()
        .filter(|k| !(r.notes && k.id == "note"))
        .collect();
    let placement: HashMap<&str, (f64, f64)> = data
        .placements
        .iter()
        .map(|p| (p.person_id.as_str(), (p.x, p.y)))
        .collect();

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:y=\"http://www.yworks.com/xml/graphml\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n",
    );
    for k in node_keys.iter().chain(edge_keys.iter()) {
        let _ = writeln!(
            out,
            "  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            k.id, k.on, k.name, k.ty
        );
    }
    out.push_str("  <key id=\"ng\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n");
    out.push_str("  <key id=\"eg\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n");
    let _ = writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"directed\">",
        xml_escape(&data.account.id)
    );
    for p in &data.people {
        write_node(&mut out, p, placement.get(p.id.as_str()).copied(), &r);
    }
    for l in &data.relations {
        write_edge(&mut out, l, &r);
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn write_node(out: &mut String, p: &Person, at: Option<(f64, f64)>, r: &super::Redaction) {
    let (x, y) = at.unwrap_or((0.0, 0.0));
    let _ = writeln!(out, "    <node id=\"{}\">", xml_escape(&p.id));
    // The yFiles graphics come first: networkx reads x and y from its geometry as text,
    // and the typed x and y below then replace them.
    let border = if p.is_key() {
        "<y:BorderStyle color=\"#B8860B\" type=\"line\" width=\"3.0\"/>"
    } else {
        "<y:BorderStyle color=\"#6B6B6B\" type=\"line\" width=\"1.0\"/>"
    };
    let _ = writeln!(
        out,
        "      <data key=\"ng\"><y:ShapeNode>\
         <y:Geometry x=\"{x}\" y=\"{y}\" width=\"{CARD_W}\" height=\"{CARD_H}\"/>\
         <y:Fill color=\"{}\" transparent=\"false\"/>{border}\
         <y:NodeLabel alignment=\"center\" autoSizePolicy=\"content\" fontSize=\"13\" \
         modelName=\"internal\" modelPosition=\"c\" textColor=\"#000000\" visible=\"true\">{}</y:NodeLabel>\
         <y:Shape type=\"roundrectangle\"/></y:ShapeNode></data>",
        side_colour(p.side),
        xml_escape(&p.name)
    );
    data_elem(out, "name", &p.name);
    data_elem(out, "label", &p.name);
    data_elem(out, "reading", &p.reading);
    data_elem(out, "title", &p.title);
    data_elem(out, "department", &p.department);
    data_elem(out, "side", p.side.as_str());
    data_elem(out, "roles", &roles_text(&p.roles));
    data_elem(
        out,
        "key_person",
        if p.key_person { "true" } else { "false" },
    );
    if let Some(i) = p.influence {
        data_elem(out, "influence", i.as_str());
    }
    if !r.ratings {
        for (k, v) in
            RATING_KEYS
                .iter()
                .zip([p.ratings.intimacy, p.ratings.solution, p.ratings.price])
        {
            if let Some(v) = v {
                data_elem(out, k, &v.to_string());
            }
        }
    }
    data_elem(out, "x", &x.to_string());
    data_elem(out, "y", &y.to_string());
    out.push_str("    </node>\n");
}

fn write_edge(out: &mut String, l: &Relation, r: &super::Redaction) {
    let _ = writeln!(
        out,
        "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
        xml_escape(&l.id),
        xml_escape(&l.from),
        xml_escape(&l.to)
    );
    let style = if l.kind == RelationKind::DottedLine {
        "dashed"
    } else {
        "line"
    };
    let width = match l.strength {
        1 => "1.0",
        3 => "3.0",
        _ => "2.0",
    };
    let _ = writeln!(
        out,
        "      <data key=\"eg\"><y:PolyLineEdge>\
         <y:LineStyle color=\"{}\" type=\"{style}\" width=\"{width}\"/>\
         <y:Arrows source=\"none\" target=\"standard\"/>\
         <y:BendStyle smoothed=\"false\"/></y:PolyLineEdge></data>",
        line_colour(l)
    );
    data_elem(out, "kind", l.kind.as_str());
    data_elem(out, "strength", &l.strength.to_string());
    data_elem(out, "sign", &l.sign.to_string());
    data_elem(
        out,
        "weight",
        &crate::model::strength_weight(l.strength).to_string(),
    );
    if !r.notes {
        data_elem(out, "note", &l.note);
    }
    out.push_str("    </edge>\n");
}
