//! The words of the PowerPoint export beyond the map's (slide numbers, teams, the list of
//! lines that cross slides), in each language.

use crate::model::Lang;

pub(super) struct PptxWords {
    lang: Lang,
    /// The title of the slides that list the lines between people on different slides.
    pub(super) across_title: &'static str,
    /// The heading of a slide of the top of the organisation, when the map is cut.
    pub(super) top: &'static str,
}

pub(super) fn pptx_words(lang: Lang) -> PptxWords {
    match lang {
        Lang::En => PptxWords {
            lang,
            across_title: "Lines between people on different slides",
            top: "Top of the organisation",
        },
        Lang::Ja => PptxWords {
            lang,
            across_title: "別のスライドの人物を結ぶ線",
            top: "組織の上位",
        },
    }
}

impl PptxWords {
    pub(super) fn slide_of(&self, n: usize, total: usize) -> String {
        match self.lang {
            Lang::En => format!("Slide {n} of {total}"),
            Lang::Ja => format!("スライド {n} / {total}"),
        }
    }

    pub(super) fn team_of(&self, name: &str) -> String {
        match self.lang {
            Lang::En => format!("Team of {name}"),
            Lang::Ja => format!("{name}のチーム"),
        }
    }

    pub(super) fn slide(&self, n: usize) -> String {
        match self.lang {
            Lang::En => format!("slide {n}"),
            Lang::Ja => format!("スライド {n}"),
        }
    }

    /// "3 lines to other slides: listed on slide 7".
    pub(super) fn across_note(&self, lines: usize, listed_on: usize) -> String {
        match (self.lang, lines) {
            (Lang::En, 1) => format!("1 line to another slide: listed on slide {listed_on}"),
            (Lang::En, n) => format!("{n} lines to other slides: listed on slide {listed_on}"),
            (Lang::Ja, n) => format!("他のスライドへの線 {n} 本（スライド {listed_on} に一覧）"),
        }
    }
}
