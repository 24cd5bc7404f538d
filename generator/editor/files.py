"""The browser editor (``/quan-tri/``): Sveltia CMS, configured from the record model.

The configuration is made here from the JSON Schema of the model
(:func:`generator.model.schema.json_schemas`), so the editor offers exactly the
keys ``catalogue check`` accepts, with the model's Vietnamese labels, help
from ``templates/strings/vi.yaml`` (``editor.help``, one text per key), a
select for every choice, a list for every list. Only records (``procedures/``,
``forms/``) and hand-written pages (``pages/``) are collections: ``mkdocs.yml``
and ``templates/`` are code and never editable there (docs/security.md).

Sveltia CMS itself is an npm package that ``./run`` installs at the version in
``package-lock.json``; its one script is copied into the site, so the editor
requests nothing from another host but the repository's own API.

``/quan-tri/`` opens on an entrance written here (``templates/editor/``): what the
page is, who may sign in and how, where the editors' guide is, in plain Vietnamese.
Sveltia CMS is loaded only when an editor chooses to sign in, and its own sign-in
screen shows the office's title without the product's logo or credit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Form, Procedure
from generator.model.scalars import CODE_PATTERN, FIELD_ID_PATTERN, FORM_FILE_TYPES, FORM_ID_PATTERN, SLUG_PATTERN
from generator.model.schema import json_schemas
from generator.model.settings import Editor
from generator.model.texts import Section, Texts
from generator.problems import CatalogueError, Problem
from generator.project import EDITOR_TEMPLATES, FORMS_DIR, PAGES_DIR, PROCEDURES_DIR, TEMPLATES_DIR
from generator.render.templating import template_env

SVELTIA_PACKAGE = Path("node_modules") / "@sveltia" / "cms"
SVELTIA_SCRIPT = SVELTIA_PACKAGE / "dist" / "sveltia-cms.js"
"""The editor's one script, as ``npm ci`` installs it (``package.json`` pins the version)."""
SCRIPT_NAME = "sveltia-cms.js"
CONFIG_NAME = "config.yml"
"""The editor's page, in the project's ``templates/``."""

API_ROOTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com", "gitea": "https://gitea.com"}
"""Where each backend's API is when ``api_root`` is not given: the one other host the editor talks to."""
SERVICES = {"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea"}
"""What editors call the place their account is (the name Sveltia CMS's sign-in button gives it too)."""
ENTRANCE_SCRIPT = "loi-vao.js"
ENTRANCE_STYLES = "loi-vao.css"
"""The entrance's script (it loads Sveltia CMS when an editor signs in) and styles, in ``templates/editor/``."""
GUIDE_PAGE = "huong-dan-soan-thao.md"
"""The editors' guide, when the office writes it as a hand-written page (``pages/``): the entrance links to it."""


class _Widgets:
    """Turns the JSON Schema of a record into Sveltia CMS fields."""

    def __init__(self, schema: dict[str, Any], texts: Texts) -> None:
        self.defs: dict[str, Any] = {schema["title"]: schema, **schema.get("$defs", {})}
        self.texts = texts
        t = texts.editor.patterns
        self.patterns = {
            CODE_PATTERN: t.code,
            SLUG_PATTERN: t.slug,
            FORM_ID_PATTERN: t.form_id,
            FIELD_ID_PATTERN: t.field_id,
            "^https://": t.https,
        }
        self.choices: dict[tuple[str, str], Section] = {
            ("Procedure", "levels"): texts.levels,
            ("Procedure", "online"): texts.online,
            ("Channel", "method"): texts.methods,
            ("TimeLimit", "unit"): texts.units,
            ("FormField", "type"): texts.editor.field_types,
            ("TableColumn", "type"): texts.editor.column_types,
            ("Procedure", "status"): texts.editor.statuses,
            ("InPerson", "what"): texts.in_person,
        }

    def fields(self, part: str) -> list[dict[str, Any]]:
        schema = self.defs[part]
        required = set(schema.get("required", []))
        return [self.field(part, key, spec, key in required) for key, spec in schema["properties"].items()]

    def field(self, part: str, key: str, spec: dict[str, Any], required: bool) -> dict[str, Any]:
        inner = _without_null(spec)
        widget: dict[str, Any] = {
            "name": key,
            "label": spec.get("title", key),
            "hint": self.texts.editor.help[f"{part}.{key}"],
            "required": required,
            **self._kind(part, key, inner),
        }
        if "default" in spec and spec["default"] not in (None, [], (), 0, False):
            widget["default"] = spec["default"]  # an empty optional key is left out of the file
        if inner.get("type") == "array" and inner.get("minItems"):
            widget["min"] = inner["minItems"]
        if inner.get("type") == "array" and inner.get("maxItems"):
            widget["max"] = inner["maxItems"]
        if "field" in widget:  # a list of single values: each item is labelled like the list
            widget["field"]["label"] = widget["label"]
        return widget

    def _kind(self, part: str, key: str, spec: dict[str, Any]) -> dict[str, Any]:
        if (part, key) == ("Form", "file"):
            return {"widget": "file", "accept": ",".join(FORM_FILE_TYPES), "choose_url": False}
        if "$ref" in spec:
            name = _ref(spec)
            return {"widget": "object", "fields": self.fields(name), "collapsed": False}
        if "enum" in spec:
            return {"widget": "select", "options": self._options(part, key, spec["enum"])}
        if spec.get("type") == "array":
            return self._list(part, key, spec.get("items", {}))
        return self._scalar(spec)

    def _list(self, part: str, key: str, items: dict[str, Any]) -> dict[str, Any]:
        items = _without_null(items)
        # an item written as text or as keys (a table's column): the editor writes the keys
        items = next((kind for kind in items.get("anyOf", []) if "$ref" in kind), items)
        if "enum" in items:
            return {"widget": "select", "multiple": True, "options": self._options(part, key, items["enum"])}
        if "$ref" in items:
            name = _ref(items)
            fields = self.fields(name)
            return {
                "widget": "list",
                "fields": fields,
                "summary": "{{fields." + fields[0]["name"] + "}}",
                "collapsed": False,
            }
        return {"widget": "list", "field": {"name": "item", **self._scalar(items)}}

    def _scalar(self, spec: dict[str, Any]) -> dict[str, Any]:
        kind = spec.get("type")
        if kind == "integer":
            return {"widget": "number", "value_type": "int", "min": spec.get("minimum", 0)}
        if kind == "number":
            return {"widget": "number", "value_type": "float", "min": 0}
        if kind == "boolean":
            return {"widget": "boolean"}
        if spec.get("format") == "date":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "time_format": False}
        if spec.get("contentMediaType") == "text/markdown":
            return {"widget": "text"}
        widget: dict[str, Any] = {"widget": "string"}
        if "pattern" in spec:
            widget["pattern"] = [spec["pattern"], self.patterns[spec["pattern"]]]
        if "maxLength" in spec:
            widget["maxlength"] = spec["maxLength"]
        return widget

    def _options(self, part: str, key: str, values: list[str]) -> list[dict[str, str]]:
        labels = self.choices[(part, key)]
        return [{"label": _capital(labels[value]), "value": value} for value in values]


def _without_null(spec: dict[str, Any]) -> dict[str, Any]:
    """The type of an optional key (``anyOf: [type, null]``) without its null."""
    kinds = [s for s in spec.get("anyOf", []) if s.get("type") != "null"]
    return kinds[0] if len(kinds) == 1 else spec


def _ref(spec: dict[str, Any]) -> str:
    return str(spec["$ref"]).rsplit("/", 1)[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _backend(editor: Editor) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": editor.backend, "repo": editor.repo, "branch": editor.branch}
    if editor.base_url:
        backend["base_url"] = editor.base_url.rstrip("/")
    if editor.api_root:
        backend["api_root"] = editor.api_root.rstrip("/")
    return backend


def api_origin(editor: Editor) -> str:
    """The origin of the repository's API: the only host besides the site the editor may connect to."""
    root = editor.api_root or API_ROOTS[editor.backend]
    scheme, _, rest = root.partition("://")
    return f"{scheme}://{rest.split('/')[0]}"


def editor_config(editor: Editor, texts: Texts, site_name: str) -> dict[str, Any]:
    """Sveltia CMS's configuration: the collections editors may change, and nothing else.

    Every key has its help text: :func:`generator.load.texts.load_texts` refuses texts without.
    """
    schemas = json_schemas()
    c = texts.editor.collections
    procedure = _Widgets(schemas["procedure"], texts)
    form = _Widgets(schemas["form"], texts)
    records = {"extension": "yaml", "format": "yaml", "create": True, "delete": False}
    return {
        "app_title": f"{texts.editor.title} – {site_name}",
        "backend": _backend(editor),
        "media_folder": FORMS_DIR,
        "public_folder": "",
        "show_preview_links": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "output": {"omit_empty_optional_fields": True, "yaml": {"quote": "none", "indent_size": 2}},
        "collections": [
            {
                "name": "procedures",
                "label": c.procedures,
                "label_singular": c.procedure,
                "description": c.procedures_about,
                "folder": PROCEDURES_DIR,
                "nested": {"depth": 3, "subfolders": False},
                "identifier_field": "title",
                "summary": "{{code}} · {{title}}",
                "sortable_fields": ["title", "code", "updated"],
                **records,
                "fields": procedure.fields(Procedure.__name__),
            },
            {
                "name": "forms",
                "label": c.forms,
                "label_singular": c.form,
                "description": c.forms_about,
                "folder": FORMS_DIR,
                "identifier_field": "id",
                "slug": "{{id}}",
                "summary": "{{id}} · {{title}}",
                "media_folder": "",
                "public_folder": "",
                **records,
                "fields": form.fields(Form.__name__),
            },
            {
                "name": "pages",
                "label": c.pages,
                "label_singular": c.page,
                "description": c.pages_about,
                "folder": PAGES_DIR,
                "nested": {"depth": 3, "subfolders": False},
                "extension": "md",
                "format": "yaml-frontmatter",
                "create": True,
                "delete": False,
                "fields": [
                    {"name": "title", "label": c.page_title, "hint": c.page_title_help, "widget": "string"},
                    {
                        "name": "description",
                        "label": c.page_description,
                        "hint": c.page_description_help,
                        "widget": "text",
                        "required": False,
                    },
                    {
                        "name": "body",
                        "label": c.page_body,
                        "hint": c.page_body_help,
                        "widget": "markdown",
                        "modes": ["raw", "rich_text"],
                    },
                ],
            },
        ],
    }


def config_text(config: dict[str, Any]) -> str:
    """The configuration as YAML (JSON is YAML; it keeps every value's type exact)."""
    header = "# Made by `catalogue build` from the record model (generator/editor/files.py); do not edit.\n"
    return header + yaml.safe_dump(json.loads(json.dumps(config)), allow_unicode=True, sort_keys=False, width=1000)


def sveltia_package(project: Path) -> Path | None:
    """Sveltia CMS as ``npm ci`` installed it: in the project, else beside the tool; None when neither."""
    tool = Path(__file__).resolve().parents[2]
    for folder in (project, tool):
        if (folder / SVELTIA_SCRIPT).is_file():
            return folder / SVELTIA_PACKAGE
    return None


_UNPKG = "https://unpkg.com/@sveltia/cms"
_FONT = re.compile(r"https://cdn\.jsdelivr\.net/fontsource/fonts/([a-z0-9-]+)(?::vf)?@[0-9.]+/([a-z0-9-]+)\.woff2")
VENDOR = "sveltia"
"""Where the editor's own files (translations, fonts) are served, under ``/quan-tri/``."""


def vendor_files(package: Path) -> dict[str, str | Path]:
    """Sveltia CMS's script and the files it would fetch from CDNs, served from the site itself.

    The published script loads its translations from unpkg.com and its three
    fonts from cdn.jsdelivr.net. Both are in the npm package (``locales/``,
    ``npm/assets/``), so the copy in the site points those two addresses at
    ``/quan-tri/sveltia/`` (where its ``package.json`` is too, for its update check);
    a version of Sveltia CMS where they are not found
    as expected fails the build rather than publish an editor that calls other hosts.
    """
    where = (package / "dist" / SCRIPT_NAME).as_posix()
    script = (package / "dist" / SCRIPT_NAME).read_text(encoding="utf-8")
    files: dict[str, str | Path] = {}
    problems = []
    if script.count(f"`{_UNPKG}`") != 1:
        problems.append(Problem(where, 0, 0, "", f"expected its translations at {_UNPKG} once; update vendor_files"))
    script = script.replace(f"`{_UNPKG}`", f"`./{VENDOR}`")
    # It asks there for its package.json now and then, to say when a newer version is out: this one's.
    files[f"{urls.EDITOR}{VENDOR}/package.json"] = package / "package.json"
    for locale in sorted((package / "locales").glob("*.json")):
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
        files[f"{urls.EDITOR}{VENDOR}@{version}/locales/{locale.name}"] = locale

    def font(match: re.Match[str]) -> str:
        name = f"{match.group(1)}-{match.group(2)}"
        found = sorted((package / "npm" / "assets").glob(f"{name}-*.woff2"))
        if not found:
            problems.append(
                Problem(where, 0, 0, "", f"font {name} is not in the package's npm/assets; update vendor_files")
            )
            return match.group(0)
        files[f"{urls.EDITOR}{VENDOR}/fonts/{name}.woff2"] = found[0]
        return f"./{VENDOR}/fonts/{name}.woff2"

    script = _FONT.sub(font, script)
    if "cdn.jsdelivr.net" in script or not any("/locales/" in name for name in files):
        problems.append(
            Problem(where, 0, 0, "", "still names cdn.jsdelivr.net or has no translations; update vendor_files")
        )
    if problems:
        raise CatalogueError(problems)
    return {f"{urls.EDITOR}{SCRIPT_NAME}": script, **files}


def editor_files(catalogue: Catalogue, texts: Texts, policy: str, package: Path) -> dict[str, str | Path]:
    """The files of ``/quan-tri/``, by path in the site: the page, its configuration and Sveltia CMS.

    Empty when the settings name no repository for the editor.
    """
    editor = catalogue.settings.editor
    if editor is None:
        return {}
    folder = catalogue.project / TEMPLATES_DIR / EDITOR_TEMPLATES
    env = template_env(folder, catalogue, texts)
    name = catalogue.site.site_name
    up = "../" * urls.EDITOR.count("/")  # from the editor's page to the site's root
    guide = catalogue.project / PAGES_DIR / GUIDE_PAGE
    page = env.get_template("index.html").render(
        e=texts.editor.entrance,
        policy=policy,
        title=f"{texts.editor.title} – {name}",
        config=CONFIG_NAME,
        script=SCRIPT_NAME,
        entrance=ENTRANCE_SCRIPT,
        stylesheet=ENTRANCE_STYLES,
        agency=catalogue.settings.agency.name,
        site=name,
        service=SERVICES[editor.backend],
        account=editor.base_url is not None,
        home=up or "./",
        guide=up + urls.published_file(GUIDE_PAGE).removesuffix("index.html") if guide.is_file() else None,
    )
    config = config_text(editor_config(editor, texts, name))
    return {
        f"{urls.EDITOR}index.html": page,
        f"{urls.EDITOR}{CONFIG_NAME}": config,
        **{f"{urls.EDITOR}{file}": folder / file for file in (ENTRANCE_SCRIPT, ENTRANCE_STYLES)},
        **vendor_files(package),
    }
