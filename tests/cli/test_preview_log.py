"""The preview's log line says what a rebuild did: its stages' times and the docs files it rendered again."""

from __future__ import annotations

from generator.cli.preview import PAGES_LOGGED, Pass


def test_a_rebuild_names_the_pages_it_rendered_and_its_stages() -> None:
    done = Pass(
        1.24,
        records_read=1,
        pages_rendered=2,
        files_written=3,
        stages={"load": 0.2, "pages": 0.4, "html": 0.3, "publish": 0.3},
        rendered=["thu-tuc/dang-ky-tam-tru/index.md", "cap/tinh/index.md"],
    )
    assert done.log_text() == (
        "Preview rebuilt in 1.2 s (load 0.2 s · pages 0.4 s · html 0.3 s · publish 0.3 s): 1 records read, "
        "2 pages rendered: thu-tuc/dang-ky-tam-tru/index.md, cap/tinh/index.md"
    )


def test_a_long_list_is_cut_and_counted_and_a_full_pass_says_so() -> None:
    pages = [f"thu-tuc/p{i}/index.md" for i in range(PAGES_LOGGED + 5)]
    text = Pass(3.0, 0, len(pages), 0, rendered=pages).log_text()
    assert f"thu-tuc/p{PAGES_LOGGED - 1}/index.md and 5 more" in text
    assert f"thu-tuc/p{PAGES_LOGGED}/" not in text

    full = Pass(9.0, 26, 300, 300, full=True, stages={"load": 1.0}, rendered=pages).log_text()
    assert full.endswith("26 records read, 300 pages rendered (everything)")
