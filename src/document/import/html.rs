//! HTML into paragraphs, with a real HTML parser.
//!
//! Paragraphs are the text of `p`, `li`, `h1`–`h6` and `blockquote` elements; `script`,
//! `style`, `nav`, `header` and `footer` are never read. A block element that holds other
//! block elements gives its children's paragraphs rather than one paragraph of everything.

use scraper::{ElementRef, Html, node::Node};

const BLOCKS: &[&str] = &["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"];
const SKIPPED: &[&str] = &["script", "style", "nav", "header", "footer", "noscript", "template", "head"];

/// The paragraphs of an HTML document, whitespace collapsed, and whether the first is a
/// heading.
pub fn paragraphs(html: &str) -> (Vec<String>, bool) {
    let document = Html::parse_document(html);
    let mut out = Vec::new();
    let mut first_heading = None;
    walk(document.root_element(), &mut out, &mut first_heading);
    (out, first_heading.unwrap_or(false))
}

fn walk(element: ElementRef<'_>, out: &mut Vec<String>, first_heading: &mut Option<bool>) {
    let name = element.value().name();
    if SKIPPED.contains(&name) {
        return;
    }
    if BLOCKS.contains(&name) && !has_block_inside(element) {
        let mut text = String::new();
        collect_text(element, &mut text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            first_heading.get_or_insert(name.starts_with('h'));
            out.push(text);
        }
        return;
    }
    for child in element.children().filter_map(ElementRef::wrap) {
        walk(child, out, first_heading);
    }
}

fn has_block_inside(element: ElementRef<'_>) -> bool {
    element.descendants().skip(1).filter_map(ElementRef::wrap).any(|e| BLOCKS.contains(&e.value().name()))
}

fn collect_text(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if e.name() == "br" => out.push(' '),
            Node::Element(e) if SKIPPED.contains(&e.name()) => {}
            Node::Element(_) => collect_text(ElementRef::wrap(child).expect("an element"), out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn reads_blocks_and_skips_page_furniture() {
        let html = r#"<!DOCTYPE html><html><head><title>Site | Page</title><style>p{}</style></head>
            <body><header><p>Menu</p></header><nav><li>Home</li></nav>
            <main><h1>Joint   Communiqué</h1>
            <p>The <b>Ministers</b> met<br>in Rome.<script>track()</script></p>
            <ul><li><p>First item.</p></li><li>Second &amp; last.</li></ul>
            <blockquote>Quoted text.</blockquote><div>Loose div text.</div></main>
            <footer><p>Contact us</p></footer></body></html>"#;
        let (texts, heading) = paragraphs(html);
        assert_eq!(
            texts,
            [
                "Joint Communiqué",
                "The Ministers met in Rome.",
                "First item.",
                "Second & last.",
                "Quoted text."
            ]
        );
        assert!(heading);
    }
}
