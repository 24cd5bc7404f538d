"""The theme cut to what the site uses (generator/html/trim.py)."""

from __future__ import annotations

from pathlib import Path

from generator.html.trim import TrimMemo, cut_stylesheet, minify_own, trim_theme

CSS = (
    '@charset "UTF-8";html{box-sizing:border-box}.md-header{color:red}.md-search__input{color:blue}'
    ".md-nav,.md-tabs{margin:0}.md-typeset code:not(.focus-visible){outline:none}"
    "@media screen and (min-width:60em){.md-tabs{display:none}.md-nav{display:block}}"
    "@media print{.md-tabs{display:none}}"
    '@font-face{font-family:x;src:url("a{b}.woff2")}@keyframes spin{0%{opacity:0}to{opacity:1}}'
    '.md-typeset [href$=".md-tabs"]{color:green}.md-source:after{content:"}{"}#__search{top:0}#__drawer{top:1px}'
    ":is(.md-tabs,.md-nav) p{margin:1px}"
)
USED = {"md-header", "md-nav", "md-typeset", "__drawer"}


def test_rules_no_page_can_match_are_cut() -> None:
    cut = cut_stylesheet(CSS, USED)
    assert ".md-search__input" not in cut and "#__search" not in cut and ".md-source" not in cut
    assert "@media print" not in cut  # every rule inside was cut


def test_rules_that_may_match_are_kept_as_written() -> None:
    cut = cut_stylesheet(CSS, USED)
    assert cut.startswith('@charset "UTF-8";html{box-sizing:border-box}.md-header{color:red}')
    assert ".md-nav{margin:0}" in cut  # the selector list keeps the selector that may match
    assert ".md-typeset code:not(.focus-visible){outline:none}" in cut  # a class inside :not() need not exist
    assert "@media screen and (min-width:60em){.md-nav{display:block}}" in cut
    assert '@font-face{font-family:x;src:url("a{b}.woff2")}' in cut  # braces inside strings
    assert "@keyframes spin{0%{opacity:0}to{opacity:1}}" in cut
    assert '.md-typeset [href$=".md-tabs"]{color:green}' in cut  # a class-like text inside an attribute selector
    assert "#__drawer{top:1px}" in cut
    assert ":is(.md-tabs,.md-nav) p{margin:1px}" in cut


def _theme(site: Path) -> None:
    (site / "assets/javascripts/lunr/min").mkdir(parents=True)
    (site / "assets/javascripts/workers").mkdir(parents=True)
    (site / "assets/stylesheets").mkdir(parents=True)
    (site / "assets/javascripts/lunr/min/lunr.vi.min.js").write_text("lunr")
    (site / "assets/javascripts/workers/search.a7633da7.min.js").write_text("worker")
    bundle = "bundle\n//# sourceMappingURL=bundle.a5f9d56c.min.js.map"
    (site / "assets/javascripts/bundle.a5f9d56c.min.js").write_text(bundle)
    (site / "assets/javascripts/bundle.a5f9d56c.min.js.map").write_text("{}")
    (site / "assets/javascripts/theme.js").write_text('el.classList.add("md-top--shown");')
    (site / "assets/stylesheets/main.57a0d79d.min.css").write_text(
        ".md-header{color:red}.md-search{color:blue}.md-top--shown{opacity:1}"
        "\n/*# sourceMappingURL=main.57a0d79d.min.css.map*/"
    )
    (site / "assets/stylesheets/main.57a0d79d.min.css.map").write_text("{}")
    (site / "assets/stylesheets/catalogue.css").write_text("/* Ours */\n.tt-x{color:red}\n")
    (site / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="assets/stylesheets/main.57a0d79d.min.css">'
        '<link rel="stylesheet" href="assets/stylesheets/catalogue.css"></head>'
        '<body><header class="md-header"></header><script src="assets/javascripts/theme.js"></script></body></html>'
    )


def test_unloaded_theme_files_and_source_maps_go(tmp_path: Path) -> None:
    _theme(tmp_path)
    report = trim_theme(tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert [name for name in left if not name.startswith("assets/stylesheets/main.")] == [
        "assets/javascripts/theme.js",
        "assets/stylesheets/catalogue.css",
        "index.html",
    ]
    assert report.removed == 5  # two maps, the bundle, the worker, lunr
    assert not (tmp_path / "assets/javascripts/lunr").exists()


def test_a_cut_stylesheet_gets_a_new_name_and_every_page_follows(tmp_path: Path) -> None:
    _theme(tmp_path)
    trim_theme(tmp_path)
    [stylesheet] = (tmp_path / "assets/stylesheets").glob("main.*.min.css")
    assert stylesheet.name != "main.57a0d79d.min.css"
    css = stylesheet.read_text()
    assert css == ".md-header{color:red}.md-top--shown{opacity:1}"  # a class a script sets is kept
    assert f"assets/stylesheets/{stylesheet.name}" in (tmp_path / "index.html").read_text()
    assert (tmp_path / "assets/stylesheets/catalogue.css").read_text() == ".tt-x{color:red}"  # ours: uncut, minified


def test_trimming_twice_changes_nothing(tmp_path: Path) -> None:
    _theme(tmp_path)
    trim_theme(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    trim_theme(tmp_path)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_preview_trims_again_when_a_page_uses_another_rule(tmp_path: Path) -> None:
    """The preview's engine copies the theme's original back beside the last cut; when an edited page uses a
    rule the last cut left out, the new cut replaces the old one (which sorts after the original here)."""
    css = ".md-header{color:red}.md-search{color:blue}"
    stylesheet = tmp_path / "assets/stylesheets/main.00000000.min.css"
    stylesheet.parent.mkdir(parents=True)
    page = '<html><head><link rel="stylesheet" href="assets/stylesheets/main.00000000.min.css"></head><body>{}</body>'
    stylesheet.write_text(css)
    (tmp_path / "index.html").write_text(page.format('<header class="md-header"></header>'))
    memo = TrimMemo()
    trim_theme(tmp_path, memo=memo)
    [first] = (tmp_path / "assets/stylesheets").glob("main.*.min.css")
    stylesheet.write_text(css)  # the engine's copy, back
    (tmp_path / "index.html").write_text(page.format('<header class="md-header md-search"></header>'))
    trim_theme(tmp_path, pages=["index.html"], memo=memo)
    [second] = (tmp_path / "assets/stylesheets").glob("main.*.min.css")
    assert second != first and second.read_text() == css
    assert f"assets/stylesheets/{second.name}" in (tmp_path / "index.html").read_text()


def test_our_stylesheets_and_scripts_are_minified_and_the_theme_s_left_alone(tmp_path: Path) -> None:
    css = (
        "/* Fonts: why they are here */\n"
        '@font-face { font-family: x; src: url("a.woff2"); }\n'
        "\n"
        "/* Links */\n"
        '.md-typeset a::after { content: " /* not a comment */ "; } /* after a rule */\n'
        "/*! kept: a licence */\n"
        ".tt-q { content: '\\'/*'; }\n"
    )
    script = (
        "/*! kept: a licence */\n"
        "// Why this script is here\n"
        "(function () {\n"
        '  var text = "  // not a comment  ";  /* nor is the rest */\n'
        "  var pattern = /[/]+/g;\n"
        "  return text.replace(pattern, '-');\n"
        "})();\n"
    )
    (tmp_path / "assets/stylesheets").mkdir(parents=True)
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    (tmp_path / "assets/stylesheets/catalogue.css").write_text(css, encoding="utf-8")
    (tmp_path / "assets/javascripts/search.js").write_text(script, encoding="utf-8")
    theme = "/* the theme's */\na { b: c }\n"
    (tmp_path / "assets/stylesheets/main.8549f65f.min.css").write_text(theme, encoding="utf-8")
    minify_own(tmp_path)
    assert (tmp_path / "assets/stylesheets/catalogue.css").read_text(encoding="utf-8") == (
        '@font-face{font-family:x;src:url("a.woff2")}'
        '.md-typeset a::after{content:" /* not a comment */ "}'
        "/*! kept: a licence */"
        ".tt-q{content:'\\'/*'}"
    )
    minified = (tmp_path / "assets/javascripts/search.js").read_text(encoding="utf-8")
    assert minified.startswith("/*! kept: a licence */")
    assert '"  // not a comment  "' in minified and "/[/]+/g" in minified
    assert "Why this script" not in minified and "nor is the rest" not in minified
    assert (tmp_path / "assets/stylesheets/main.8549f65f.min.css").read_text(encoding="utf-8") == theme
    minify_own(tmp_path)  # again, as the live preview trims the same site: nothing changes
    assert (tmp_path / "assets/javascripts/search.js").read_text(encoding="utf-8") == minified
