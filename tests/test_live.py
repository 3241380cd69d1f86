"""The local preview renders again only what an edit affects (render.RenderCache)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from casebook.profile.validate import check_project
from casebook.site import render
from casebook.site.fragments import fill
from casebook.site.prepare import prepare
from casebook.site.live import Live


def _prepared(project, state: Live | None = None):
    """What the preview prepares: with `state`, as a rebuild of `serve` does, from
    the profiles checked before, the last render and what was kept per profile."""
    if state is None:
        return prepare(project, report=check_project(project), drafts=True)
    return prepare(project, report=check_project(project, cache=state.checked), drafts=True,
                   render_cache=state.rendered, memo=state.memo)


def _filled(prepared) -> dict[str, str]:
    """The pages with their trusted fragments in place (slot names differ from one
    render to the next)."""
    return {path: fill(text, prepared.fragments) for path, text in prepared.pages.items()}


def _pages(project, state: Live | None = None) -> dict[str, str]:
    return _filled(_prepared(project, state))


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # Not committed: the page says it was updated at the file's time on disk.
    later = path.stat().st_mtime + 120
    os.utime(path, (later, later))


def test_an_edit_renders_what_a_full_render_would(tmp_project, monkeypatch):
    project = tmp_project(all_profiles=True)
    cache = Live()
    first = _pages(project, cache)
    assert first == _pages(project)

    rendered = []
    original = render.Renderer.profile_page
    monkeypatch.setattr(render.Renderer, "profile_page", lambda self, item: rendered.append(item.id) or original(self, item))

    # A sentence in one body (and so the file's date): that profile's page only.
    profile = project.profiles_dir / "fuqing-beida-hongse-wuye.md"
    _edit(profile, "## 背景\n\n", "## 背景\n\n新加的一句话。")
    cached = _pages(project, cache)
    assert rendered == ["fuqing-beida-hongse-wuye"]
    assert cached == _pages(project)
    assert [page for page in cached if cached[page] != first[page]] == ["profiles/fuqing-beida-hongse-wuye.md"]

    # A title shows on other pages (listings, related lists): everything again.
    rendered.clear()
    _edit(profile, "title: ", "title: 改过的")
    cached = _pages(project, cache)
    assert len(rendered) > 1
    assert cached == _pages(project)
    assert sum(cached[page] != first[page] for page in cached) > 2


def test_serve_watches_with_the_systems_notifications_not_by_polling(tmp_path, monkeypatch):
    """MkDocs' polling observer stats every profile twice a second, in the process
    that rebuilds; the hook hands the same watches to watchdog's native observer."""
    import importlib.util
    import types

    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    spec = importlib.util.spec_from_file_location(
        "hooks_under_test", Path(__file__).parents[1] / "scripts" / "casebook" / "site" / "mkdocs_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    docs, config_file = tmp_path / "docs", tmp_path / "mkdocs.yml"
    docs.mkdir()
    config_file.write_text("site_name: x\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(docs))
    server.watch(str(config_file))
    assert isinstance(server.observer, PollingObserver)
    config = types.SimpleNamespace(docs_dir=str(docs), config_file_path=str(config_file))
    monkeypatch.delenv("CASEBOOK_WATCH", raising=False)
    assert hooks.on_serve(server, config, None) is server
    if Observer is not PollingObserver:  # Linux, macOS, Windows
        assert not isinstance(server.observer, PollingObserver)
    assert set(server._watched_paths) == {str(docs), str(config_file)}
    assert len(server.observer.emitters) == 2
    # A rebuild reads every watched file: reading must not ask for another rebuild.
    page = docs / "index.md"
    page.write_text("# 首页\n", encoding="utf-8")
    server.observer.start()
    try:
        time.sleep(0.3)
        server._want_rebuild = False
        for _ in range(3):
            page.read_text(encoding="utf-8")
        time.sleep(0.5)
        assert not server._want_rebuild
        page.write_text("# 首页，改过\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server._want_rebuild
    finally:
        server.observer.stop()
        server.observer.join()
    monkeypatch.setenv("CASEBOOK_WATCH", "poll")
    kept = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    kept.watch(str(docs))
    hooks.on_serve(kept, config, None)
    assert isinstance(kept.observer, PollingObserver)


def test_what_serve_keeps_between_rebuilds_gives_what_a_fresh_build_gives(tmp_project):
    """Downloads, citations, head tags and search words are kept per profile
    (library.ItemMemo), the render by its signature: after edits to a body and to
    fields shown elsewhere, a rebuild equals a preparation from nothing."""
    project = tmp_project(all_profiles=True)
    state = Live()
    _prepared(project, state)
    profile = project.profiles_dir / "fuqing-beida-hongse-wuye.md"
    for old, new in [("## 背景\n\n", "## 背景\n\n新加的一句话。"), ("title: ", "title: 改过的"),
                     ("street: 玉屏街道", "street: 玉屏新街道")]:
        _edit(profile, old, new)
        kept, fresh = _prepared(project, state), _prepared(project)
        assert kept.problems == fresh.problems == []
        assert _filled(kept) == _filled(fresh)
        assert kept.extra_files == fresh.extra_files
        assert kept.words == fresh.words and kept.folding == fresh.folding
        assert kept.publication.head == fresh.publication.head
