//! DrawingML building blocks of a slide: text runs in the fonts PowerPoint has, shapes,
//! connectors and groups, each with a slide-unique id.

use std::fmt::Write as _;

use super::connector::{Rect, Route};
use crate::markup::esc;
use crate::model::Lang;

/// EMU per point and per map unit (one CSS pixel at 96 dpi).
pub(super) const EMU_PT: f64 = 12_700.0;
pub(super) const EMU_PX: f64 = 9_525.0;

/// A colour of the palette (`#rrggbb`) as DrawingML wants it.
pub(super) fn rgb(hex: &str) -> String {
    hex.trim_start_matches('#').to_ascii_uppercase()
}

/// The fonts of every text. Meiryo is on every Windows since Vista; where it is missing
/// (a Mac without it), the Shift-JIS character set and the PANOSE class tell PowerPoint to
/// take another Japanese Gothic font (such as Hiragino or Yu Gothic) rather than a Latin
/// one. The Latin text of an English slide is in Arial, on every Windows and macOS.
#[derive(Clone, Copy)]
pub(super) struct Fonts {
    pub(super) lang: Lang,
}

impl Fonts {
    fn write(&self, s: &mut String) {
        const MEIRYO: &str = "typeface=\"Meiryo\" panose=\"020B0604030504040204\" \
                              pitchFamily=\"34\" charset=\"-128\"";
        match self.lang {
            Lang::Ja => {
                let _ = write!(s, "<a:latin {MEIRYO}/><a:ea {MEIRYO}/><a:cs {MEIRYO}/>");
            }
            Lang::En => {
                let _ = write!(
                    s,
                    "<a:latin typeface=\"Arial\" panose=\"020B0604020202020204\" \
                     pitchFamily=\"34\" charset=\"0\"/><a:ea {MEIRYO}/><a:cs typeface=\"Arial\"/>"
                );
            }
        }
    }
    fn lang_attrs(&self) -> &'static str {
        match self.lang {
            Lang::Ja => "lang=\"ja-JP\" altLang=\"en-US\"",
            Lang::En => "lang=\"en-US\" altLang=\"ja-JP\"",
        }
    }
}

/// One run of text: its words, size in points, bold, colour.
pub(super) struct Run<'a> {
    pub(super) text: &'a str,
    pub(super) size: f64,
    pub(super) bold: bool,
    pub(super) colour: &'a str,
}

/// A paragraph: its runs and alignment.
pub(super) struct Para<'a> {
    pub(super) runs: Vec<Run<'a>>,
    pub(super) centred: bool,
}

/// How a text body sits in its shape.
pub(super) struct Body {
    /// Insets left, top, right, bottom in EMU.
    pub(super) insets: [i64; 4],
    /// Vertical anchor: "t" or "ctr".
    pub(super) anchor: &'static str,
    /// Shrink the text when the user makes it longer than the shape.
    pub(super) shrink: bool,
}

/// A shape's fill and outline.
pub(super) struct Look<'a> {
    pub(super) fill: Option<&'a str>,
    pub(super) line: Option<&'a str>,
    /// Outline width in EMU.
    pub(super) line_w: i64,
    /// A preset dash ("dash", "sysDash") or none.
    pub(super) dash: Option<&'static str>,
}

pub(super) struct Slide {
    pub(super) xml: String,
    next_id: u32,
    fonts: Fonts,
}

impl Slide {
    pub(super) fn new(fonts: Fonts) -> Slide {
        Slide {
            xml: String::with_capacity(64 * 1024),
            // 1 is the slide's shape tree.
            next_id: 2,
            fonts,
        }
    }

    pub(super) fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn paragraphs(&mut self, paras: &[Para], body: &Body) {
        let [l, t, r, b] = body.insets;
        let _ = write!(
            self.xml,
            "<p:txBody><a:bodyPr wrap=\"none\" lIns=\"{l}\" tIns=\"{t}\" rIns=\"{r}\" bIns=\"{b}\" \
             rtlCol=\"0\" anchor=\"{}\">{}</a:bodyPr><a:lstStyle/>",
            body.anchor,
            if body.shrink {
                "<a:normAutofit/>"
            } else {
                "<a:noAutofit/>"
            }
        );
        for p in paras {
            let _ = write!(
                self.xml,
                "<a:p><a:pPr algn=\"{}\"/>",
                if p.centred { "ctr" } else { "l" }
            );
            for r in &p.runs {
                let _ = write!(
                    self.xml,
                    "<a:r><a:rPr {} sz=\"{}\" b=\"{}\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                    self.fonts.lang_attrs(),
                    size_attr(r.size),
                    u8::from(r.bold),
                    rgb(r.colour)
                );
                self.fonts.write(&mut self.xml);
                let _ = write!(self.xml, "</a:rPr><a:t>{}</a:t></a:r>", esc(r.text));
            }
            // The size of an empty paragraph's end, so it does not take a default height.
            let size = p.runs.first().map_or(900, |r| size_attr(r.size));
            let _ = write!(
                self.xml,
                "<a:endParaRPr {} sz=\"{size}\" dirty=\"0\"/></a:p>",
                self.fonts.lang_attrs()
            );
        }
        self.xml.push_str("</p:txBody>");
    }

    fn look(&mut self, look: &Look) {
        match look.fill {
            Some(f) => {
                let _ = write!(
                    self.xml,
                    "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                    rgb(f)
                );
            }
            None => self.xml.push_str("<a:noFill/>"),
        }
        match look.line {
            Some(c) => {
                let _ = write!(
                    self.xml,
                    "<a:ln w=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                    look.line_w.max(0),
                    rgb(c)
                );
                if let Some(d) = look.dash {
                    let _ = write!(self.xml, "<a:prstDash val=\"{d}\"/>");
                }
                self.xml.push_str("</a:ln>");
            }
            None => self.xml.push_str("<a:ln><a:noFill/></a:ln>"),
        }
    }

    /// A shape (`p:sp`) of preset `geom` (with its `adj` when given) at `r`, with text.
    /// Returns its id.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn shape(
        &mut self,
        name: &str,
        descr: &str,
        geom: &str,
        adj: Option<i64>,
        r: Rect,
        look: &Look,
        paras: &[Para],
        body: &Body,
    ) -> u32 {
        let id = self.id();
        let _ = write!(
            self.xml,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"{}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
             <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>\
             <a:prstGeom prst=\"{geom}\"><a:avLst>{}</a:avLst></a:prstGeom>",
            esc(name),
            if descr.is_empty() {
                String::new()
            } else {
                format!(" descr=\"{}\"", esc(descr))
            },
            r.x,
            r.y,
            r.w.max(0),
            r.h.max(0),
            adj.map_or(String::new(), |a| format!(
                "<a:gd name=\"adj\" fmla=\"val {a}\"/>"
            ))
        );
        self.look(look);
        self.xml.push_str("</p:spPr>");
        self.paragraphs(paras, body);
        self.xml.push_str("</p:sp>");
        id
    }

    /// A line shape (not a connector: the legend's samples) from (x, y) of width `w`.
    pub(super) fn line_sample(&mut self, x: i64, y: i64, w: i64, look: &Look, arrow: Option<&str>) {
        let id = self.id();
        let _ = write!(
            self.xml,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Line sample {id}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
             <p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{w}\" cy=\"0\"/></a:xfrm>\
             <a:prstGeom prst=\"line\"><a:avLst/></a:prstGeom><a:noFill/>"
        );
        self.line_props(look, arrow);
        self.xml.push_str("</p:spPr></p:sp>");
    }

    fn line_props(&mut self, look: &Look, arrow: Option<&str>) {
        let _ = write!(
            self.xml,
            "<a:ln w=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
            look.line_w.max(0),
            rgb(look.line.unwrap_or("#000000"))
        );
        if let Some(d) = look.dash {
            let _ = write!(self.xml, "<a:prstDash val=\"{d}\"/>");
        }
        if let Some(a) = arrow {
            let _ = write!(self.xml, "<a:tailEnd type=\"{a}\" w=\"med\" len=\"med\"/>");
        }
        self.xml.push_str("</a:ln>");
    }

    /// A connector glued at both ends: from site `route.start_site` of shape `from` to site
    /// `route.end_site` of shape `to`.
    pub(super) fn connector(
        &mut self,
        name: &str,
        from: u32,
        to: u32,
        route: &Route,
        look: &Look,
        arrow: Option<&str>,
    ) {
        let id = self.id();
        let x = &route.xfrm;
        let mut attrs = String::new();
        if x.rot != 0 {
            let _ = write!(attrs, " rot=\"{}\"", x.rot);
        }
        if x.flip_h {
            attrs.push_str(" flipH=\"1\"");
        }
        if x.flip_v {
            attrs.push_str(" flipV=\"1\"");
        }
        let _ = write!(
            self.xml,
            "<p:cxnSp><p:nvCxnSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvCxnSpPr>\
             <a:stCxn id=\"{from}\" idx=\"{}\"/><a:endCxn id=\"{to}\" idx=\"{}\"/></p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr>\
             <p:spPr><a:xfrm{attrs}><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>\
             <a:prstGeom prst=\"{}\"><a:avLst/></a:prstGeom><a:noFill/>",
            esc(name),
            route.start_site,
            route.end_site,
            x.x,
            x.y,
            x.w,
            x.h,
            route.preset.name()
        );
        self.line_props(look, arrow);
        self.xml.push_str("</p:spPr></p:cxnSp>");
    }

    /// Opens a group of shapes whose children keep slide coordinates; close it with
    /// [`Slide::end_group`].
    pub(super) fn group(&mut self, name: &str, r: Rect) -> u32 {
        let id = self.id();
        let _ = write!(
            self.xml,
            "<p:grpSp><p:nvGrpSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
             <p:grpSpPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{w}\" cy=\"{h}\"/>\
             <a:chOff x=\"{x}\" y=\"{y}\"/><a:chExt cx=\"{w}\" cy=\"{h}\"/></a:xfrm></p:grpSpPr>",
            esc(name),
            x = r.x,
            y = r.y,
            w = r.w.max(0),
            h = r.h.max(0)
        );
        id
    }

    pub(super) fn end_group(&mut self) {
        self.xml.push_str("</p:grpSp>");
    }

    /// The whole slide part.
    pub(super) fn finish(self) -> String {
        let mut out = String::with_capacity(self.xml.len() + 1024);
        out.push_str(super::parts::XML_DECL);
        out.push_str(
            "<p:sld xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
             xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\">\
             <p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
             <p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/>\
             <a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>",
        );
        out.push_str(&self.xml);
        out.push_str(
            "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
        );
        out
    }
}

/// A font size for `sz`: hundredths of a point, within what DrawingML allows.
pub(super) fn size_attr(pt: f64) -> i64 {
    let v = if pt.is_finite() { pt } else { 10.0 };
    ((v * 100.0).round() as i64).clamp(100, 400_000)
}
