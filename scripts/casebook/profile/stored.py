"""Check results kept between runs, as Sphinx keeps the documents it has read: a
profile whose bytes are unchanged is not read and checked again.

`casebook check` and then `casebook build` (a contributor, CI, the scale check)
checked every profile twice; so did two builds in a row. The results of one file
are its entry (the document and its model) and its problems, exactly as checking
it gave them. Rules across files (P009, P018, S001, P035) always run afresh.

A result is used only when everything it could depend on is the same
(`fingerprint`): the file's bytes and its path, this code (every module of the
package, as this process loaded it), the vocabularies (a link is not its target:
V001) and the division list, the libraries that parse and check (and whether
PyYAML has libyaml), the Python version and today's date (P032). Anything else, or a cache
that cannot be read, means checking again; nothing is ever wrong because of it.

Layout, under build/cache/check/: `index.pickle` ({"fingerprint", "files":
{shown path: (digest of the bytes, shard)}}) and shards `<token>.pickle`
({"models": whether the entries have them, "results": {shown path: (entry,
problems)}}), each written whole under a temporary name and renamed. A forked
worker writes its results as a shard, and the parent reads them from there rather
than through the pool's pipe: the same pickling as before, so a first check costs
no more. `CASEBOOK_CACHE=0` turns it off.

The files are pickles, which run code when read, and a pull request could commit
files under build/ (ignored files can still be added). So each file carries a
keyed hash (blake2b) made with a key that lives outside the checkout, in the
user's cache folder (`key_file`, created once, readable by the user only), and a
file is unpickled only if its hash is right: one planted in a checkout, or copied
from another machine, is never read. Without a key (no writable home) nothing is
stored.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
import time
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from ..paths import Project, older_than
from ..zh import gazetteer
from . import document

FOLDER = ("cache", "check")
INDEX = "index.pickle"
# Raised when the layout or meaning of what is stored changes.
FORMAT = 1
# The libraries whose behaviour a check result depends on.
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "python-frontmatter", "nh3", "Markdown", "pymdown-extensions",
             "Pygments", "opencc", "jieba", "pypinyin")
CODE = Path(__file__).resolve().parents[1]  # the casebook package
# Shards no index refers to (a killed run's, or another run's still at work) are
# removed once they are this old.
ORPHANS_AFTER = 600


MAC_SIZE = 32


def key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casebook" / "check-store.key"


def machine_key() -> bytes | None:
    """This user's key for the store's keyed hashes, made on first use; None if there
    is no place for it."""
    try:
        path = key_file()
    except (RuntimeError, KeyError, OSError):  # no home folder to be found (a bare service account)
        return None
    for _ in range(3):
        try:
            key = path.read_bytes()
            if len(key) == MAC_SIZE:
                return key
            if time.time() - path.stat().st_mtime < 5:  # being written by another run
                time.sleep(0.05)
                continue
            path.unlink(missing_ok=True)  # damaged: made again
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            part = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(MAC_SIZE))
            try:
                os.link(part, path)  # only if there is none yet: a run making one at the same time wins
            except FileExistsError:
                pass
            finally:
                part.unlink(missing_ok=True)
        except OSError:
            return None
    return None


def _mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, "blake2b").digest()[:MAC_SIZE]


def _write_sealed(key: bytes, path: Path, value: Any) -> None:
    """`value` pickled, after its keyed hash, written whole: under a temporary name, then renamed."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    part.write_bytes(_mac(key, data) + data)
    os.replace(part, path)


def _read_sealed(key: bytes, path: Path) -> Any:
    """What `path` holds, if this machine's key sealed it; else ValueError, and nothing unpickled."""
    sealed = path.read_bytes()
    mac, data = sealed[:MAC_SIZE], sealed[MAC_SIZE:]
    if len(mac) != MAC_SIZE or not hmac.compare_digest(mac, _mac(key, data)):
        raise ValueError("not sealed with this machine's key")
    return pickle.loads(data)


def enabled() -> bool:
    return os.environ.get("CASEBOOK_CACHE", "").strip().lower() not in ("0", "no", "off", "false")


def _code_digest() -> str:
    """The package's source as this process loaded it: taken once, when the checks are
    imported. A long `serve` keeps running the code it started with after the files
    change, and must not store its results under the new code's fingerprint."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(CODE.rglob("*.py")):
        h.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


try:
    CODE_DIGEST = _code_digest()
except OSError:  # unreadable: nothing can be kept safely
    CODE_DIGEST = ""


def fingerprint(project: Project) -> str:
    """What every stored result depends on besides its own file. Taken before the
    vocabularies are read (validate._check_project): a data file saved in between
    gives results from newer data under an older fingerprint, which the next run
    does not match, and never the other way round."""
    h = hashlib.blake2b(digest_size=16)

    def add(*parts: Any) -> None:
        for part in parts:
            h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape"))
            h.update(b"\0")

    add(FORMAT, sys.version, project.root.resolve(), date.today().isoformat(), CODE_DIGEST)
    # Which parser reads the YAML (libyaml or PyYAML's own) changes P002's lines and words.
    add("libyaml", getattr(yaml, "__with_libyaml__", False))
    for name in LIBRARIES:
        try:
            add(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            add(name, "-")
    data = project.data_dir
    for path in sorted(data.iterdir()) if data.is_dir() else []:
        # A link is refused where a vocabulary is read (V001): a link and the file it
        # points to are not the same data, whatever their bytes.
        if path.is_symlink():
            add(path.name, "link", os.readlink(path))
        elif path.is_file():
            add(path.name, path.read_bytes())
    try:
        add(gazetteer.data_file().read_bytes())
    except (OSError, FileNotFoundError):
        add("no division list")
    return h.hexdigest()


class Store:
    """The stored results of one project, for one run."""

    def __init__(self, project: Project, key: bytes) -> None:
        self.key = key
        self.folder = project.build_dir.joinpath(*FOLDER)
        self.fingerprint = fingerprint(project)
        self.index: dict[str, tuple[str, str]] = {}  # from the last run, if it matches
        self.now: dict[str, tuple[str, str]] = {}    # this run's: what the next run may use
        self.pending: dict[str, tuple[Any, list]] = {}  # checked in this process, not yet written
        try:
            stored = _read_sealed(self.key, self.folder / INDEX)
            if isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint:
                self.index = dict(stored["files"])
        except Exception:  # noqa: BLE001 - missing, unreadable or from another version: start afresh
            self.index = {}

    def take(self, files: list[tuple[Path, str]]) -> tuple[dict[Path, tuple[Any, list]], set[Path]]:
        """The stored results of the unchanged `files` ((path, shown) pairs), by path;
        and which of them were stored without their model (`casebook check` has no use
        for models: validate.with_model makes one again from the document's data)."""
        wanted: dict[str, dict[str, tuple[Path, str]]] = {}  # shard → {shown: (path, digest)}
        for path, shown in files:
            known = self.index.get(shown)
            if known is None:
                continue
            try:
                if path.is_symlink():
                    continue
                now = document.digest(path.read_bytes())
            except OSError:
                continue
            if now == known[0]:
                wanted.setdefault(known[1], {})[shown] = (path, now)
        found, modelless = {}, set()
        for shard, names in wanted.items():
            read = self.read(shard)
            if read is None:
                continue  # removed by a run meanwhile, or damaged: checked again
            results, models = read
            for shown, (path, now) in names.items():
                result = results.get(shown)
                if result is not None and result[0].doc.digest == now:
                    found[path] = result
                    if not models:
                        modelless.add(path)
                    self.now[shown] = (now, shard)
        return found, modelless

    def read(self, shard: str) -> tuple[dict[str, tuple[Any, list]], bool] | None:
        """A shard's results ({shown: (entry, problems)}) and whether they have their models."""
        try:
            stored = _read_sealed(self.key, self.folder / f"{shard}.pickle")
            return dict(stored["results"]), bool(stored["models"])
        except Exception:  # noqa: BLE001 - missing or damaged: nothing to use
            return None

    def write(self, results: dict[str, tuple[Any, list]], *, models: bool) -> tuple[str, list[str]] | None:
        """Write those of `results` ({shown: (entry, problems)}) whose document has its
        digest as one shard: its name and what it holds, in order (None if nothing could
        be written). `models`: whether the entries have them. Called in workers too."""
        kept = {shown: r for shown, r in results.items() if r[0].doc.digest}
        if not kept:
            return None
        shard = secrets.token_hex(8)
        try:
            _write_sealed(self.key, self.folder / f"{shard}.pickle", {"models": models, "results": kept})
        except OSError:  # a read-only checkout or a full disk: nothing kept, nothing lost
            return None
        return shard, list(kept)

    def keep(self, shown: str, result: tuple[Any, list]) -> None:
        """A result checked in this process: written by `save`."""
        self.pending[shown] = result

    def note(self, shard: str, results: dict[str, tuple[Any, list]]) -> None:
        """Results a worker wrote into `shard`: the next run may use them."""
        for shown, (entry, _) in results.items():
            self.now[shown] = (entry.doc.digest, shard)

    def save(self) -> None:
        """Write the pending results and the index, and tidy the folder."""
        written = self.write(self.pending, models=True) if self.pending else None
        if written is not None:
            self.note(written[0], {shown: self.pending[shown] for shown in written[1]})
        self.pending = {}
        if self.now != self.index:
            try:
                _write_sealed(self.key, self.folder / INDEX, {"fingerprint": self.fingerprint, "files": self.now})
            except OSError:
                pass  # the next run uses the index before, or none
        self._tidy()

    def _tidy(self) -> None:
        """Remove the shards this run's index no longer needs: at once those the index
        before named; others (a killed run's, another run's still at work, one that
        came from elsewhere) once ORPHANS_AFTER old. So is a leftover partial file."""
        used = {shard for _, shard in self.now.values()}
        superseded = {shard for _, shard in self.index.values()} - used
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for path in entries:
            name = path.name
            if name.endswith(".pickle") and name != INDEX:
                shard = name.removesuffix(".pickle")
                if shard not in used and (shard in superseded or older_than(path, ORPHANS_AFTER)):
                    path.unlink(missing_ok=True)
            elif name.endswith(".part") and older_than(path, ORPHANS_AFTER):
                path.unlink(missing_ok=True)


def open_store(project: Project) -> Store | None:
    """The project's stored results, or None when turned off (CASEBOOK_CACHE=0) or
    without a key to seal them with."""
    if not enabled() or not CODE_DIGEST:
        return None
    key = machine_key()
    if key is None:
        return None
    try:
        return Store(project, key)
    except OSError:
        return None
