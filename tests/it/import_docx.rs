//! Word import on files made by an independent real tool (python-docx): a shipped UN Security
//! Council resolution with its operative paragraphs as a Word numbered list, a table, a tracked
//! insertion and deletion, and a comment; it must import to exactly the text file's paragraphs
//! (the numbering kept as text, the changes accepted), the table row as one paragraph, and the
//! comment left apart with a note.

use crate::common;

use std::process::Command;

use common::optional::{self, Need};
use common::{TestEnv, repo};
use serde_json::Value;

/// The python-docx script: the paragraphs in `paras.txt` (operative ones, "N. …", as a
/// numbered list), then a tracked change in the first paragraph and a table.
const SCRIPT: &str = r#"
import re, sys
import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

paras = open(sys.argv[1], encoding="utf-8").read().split("\n\n")
d = docx.Document()
d.core_properties.title = "Resolution 2233 (2015)"
for p in paras:
    m = re.match(r"^(\d+)\. (.*)$", p, re.S)
    if m:
        d.add_paragraph(m.group(2), style="List Number")
    else:
        d.add_paragraph(p)

def run(text, tag="w:t"):
    r = OxmlElement("w:r")
    t = OxmlElement(tag)
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r

# A tracked deletion and insertion at the end of the first paragraph ("The Security Council,").
first = d.paragraphs[0]._p
deleted = OxmlElement("w:del")
deleted.set(qn("w:id"), "1"); deleted.set(qn("w:author"), "A"); deleted.set(qn("w:date"), "2015-07-29T00:00:00Z")
deleted.append(run(" (draft)", "w:delText"))
first.append(deleted)
# A comment reference (the comment itself lives in another part).
reference = OxmlElement("w:r")
mark = OxmlElement("w:commentReference"); mark.set(qn("w:id"), "0")
reference.append(mark)
first.append(reference)
# An insertion inside the second paragraph: its text is already there; insert an empty-run pair
# around a word so the text itself is unchanged when accepted.
second = d.paragraphs[1]._p
inserted = OxmlElement("w:ins")
inserted.set(qn("w:id"), "2"); inserted.set(qn("w:author"), "A"); inserted.set(qn("w:date"), "2015-07-29T00:00:00Z")
inserted.append(run(" Acting under its responsibility."))
second.append(inserted)

table = d.add_table(rows=2, cols=2)
for r, row in enumerate([("Mandate", "Until 31 July 2016"), ("Report", "Every three months")]):
    for c, text in enumerate(row):
        table.cell(r, c).text = text
d.save(sys.argv[2])
"#;

#[test]
fn word_files_made_by_python_docx_import_as_the_text() {
    let Some(python) = optional::available(Need::PythonDocx, optional::python_docx()) else {
        return;
    };
    let env = TestEnv::with_corpus();
    let source =
        std::fs::read_to_string(repo().join("corpus/unami-iraq/2015-07-29-s-res-2233-2015.md")).unwrap();
    let body = source.splitn(3, "+++").nth(2).unwrap();
    let paragraphs: Vec<String> =
        body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    let list = env.file("paras.txt", paragraphs.join("\n\n"));
    let script = env.file("make.py", SCRIPT);
    let file = env.path().join("resolution.docx");
    let made = Command::new(&python).arg(&script).arg(&list).arg(&file).output().unwrap();
    assert!(made.status.success(), "python-docx failed: {}", String::from_utf8_lossy(&made.stderr));

    let out = env.run(&["add", file.to_str().unwrap(), "--series", "s", "--date", "2015-07-29"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shown: Value = serde_json::from_str(&env.ok(&["show", "s:latest", "--format", "json"])).unwrap();
    let got: Vec<&str> =
        shown["paragraphs"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    let mut want: Vec<String> = paragraphs.clone();
    want[1] = format!("{} Acting under its responsibility.", want[1]);
    want.push("Mandate | Until 31 July 2016".into());
    want.push("Report | Every three months".into());
    assert_eq!(got, want);
    assert_eq!(shown["meeting"]["title"], "Resolution 2233 (2015)");
    assert!(out.stderr.contains("1 comment apart from the text"), "{}", out.stderr);
}

#[test]
fn broken_word_files_are_one_clear_error() {
    for (name, bytes) in [("empty.docx", b"PK\x03\x04".to_vec()), ("text.docx", b"The Council met.".to_vec())]
    {
        let env = TestEnv::with_corpus();
        let before = env.ok(&["list", "--format", "json"]);
        let file = env.file(name, bytes);
        let out = env.run(&["add", file.to_str().unwrap(), "--series", "s", "--date", "2021-06-28"]);
        assert_eq!(out.code, 1, "{name}: {}", out.stderr);
        let first = out.stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with("error: ") && first.contains("cannot read this Word file"),
            "{name}: {}",
            out.stderr
        );
        assert_eq!(env.ok(&["list", "--format", "json"]), before, "{name}: something was stored");
    }
}
